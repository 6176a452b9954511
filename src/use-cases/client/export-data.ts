import { PrivateText, revealPrivateText } from '../../confidentiality/private-text.js';
import { entryRow, releaseRow } from '../../confidentiality/sealed-rows.js';
import type {
  Engagement,
  PrivateEntryKind,
  PromptCategory,
  PromptStatus,
  Release,
  ReleaseStatus,
} from '../../engagement/records.js';
import { mayRead } from '../../policy/readers.js';
import type { Cipher } from '../../ports/cipher.js';
import type { Repositories } from '../../ports/repositories.js';
import { questionText } from '../../prompts/prompt-bank.js';
import { openInsight, openReport } from '../assessments/assessment-content.js';
import { openGoal } from '../goals/goal-content.js';
import { openPrivate } from './client-access.js';

/** Everything the client wrote in one engagement, decrypted for them alone. */
export interface ClientData {
  engagement: Pick<Engagement, 'id' | 'stage' | 'weeks' | 'startedAt' | 'closedAt' | 'purgeAfter'>;
  reflections: {
    question: string;
    category: PromptCategory;
    cycle: string;
    askedAt: Date;
    status: PromptStatus;
    answer: PrivateText | null;
    answeredAt: Date | null;
    editedAt: Date | null;
    sharedWithCoachAt: Date | null;
  }[];
  goals: { goal: PrivateText; successMeasure: PrivateText; createdAt: Date; updatedAt: Date }[];
  /** Private notes the client wrote to prepare an alignment, mid-point or closing meeting. */
  preparations: { meeting: string; meetingAt: Date | null; notes: PrivateText; updatedAt: Date }[];
  /** Assessment reports delivered to the client, and the insights they wrote from each. */
  assessments: {
    name: PrivateText;
    provider: PrivateText;
    administeredOn: PrivateText;
    link: PrivateText | null;
    report: PrivateText | null;
    deliveredAt: Date;
    sharedWithCoachAt: Date | null;
    insights: { text: PrivateText; writtenAt: Date }[];
  }[];
  releases: {
    status: ReleaseStatus;
    text: PrivateText | null;
    previewedAt: Date;
    releasedAt: Date | null;
    withdrawnAt: Date | null;
  }[];
}

const openOrNull = (cipher: Cipher, release: Release) =>
  release.ciphertext.length === 0 ? null : openPrivate(cipher, release, releaseRow(release));

export async function collectClientData(
  repos: Repositories,
  cipher: Cipher,
  engagement: Engagement,
): Promise<ClientData> {
  const prompts = (await repos.prompts.listByEngagement(engagement.id)).sort(
    (a, b) =>
      a.sentAt.getTime() - b.sentAt.getTime() || a.cycle.localeCompare(b.cycle, 'en', { numeric: true }),
  );
  // The client's export holds what the client may read (all they wrote), by the one read policy.
  const readable = async (kind: PrivateEntryKind) =>
    (await repos.entries.listByEngagement(engagement.id, kind)).filter((entry) =>
      mayRead(engagement.clientId, entry),
    );
  const answers = await readable('reflection_answer');
  const goals = await readable('goal');
  const releases = await repos.releases.listByEngagement(engagement.id);
  const preparations = await readable('meeting_preparation');
  const meetings = await repos.meetings.listByEngagement(engagement.id);
  const insights = (await readable('assessment_insight')).map((entry) => ({
    ...openInsight(cipher, entry),
    writtenAt: entry.createdAt,
  }));
  const assessments = (await readable('assessment_report')).map((entry) => {
    const report = openReport(cipher, entry);
    return {
      name: report.name,
      provider: report.provider,
      administeredOn: report.administeredOn,
      link: report.link,
      report: report.text,
      deliveredAt: entry.createdAt,
      sharedWithCoachAt: entry.sharedWithCoachAt,
      insights: insights
        .filter((insight) => insight.reportId === entry.id)
        .map(({ text, writtenAt }) => ({ text, writtenAt })),
    };
  });
  return {
    engagement: {
      id: engagement.id,
      stage: engagement.stage,
      weeks: engagement.weeks,
      startedAt: engagement.startedAt,
      closedAt: engagement.closedAt,
      purgeAfter: engagement.purgeAfter,
    },
    reflections: prompts.map((prompt) => {
      const answer = answers.find((a) => a.subjectId === prompt.id);
      return {
        question: questionText(prompt.questionId),
        category: prompt.category,
        cycle: prompt.cycle,
        askedAt: prompt.sentAt,
        status: prompt.status,
        answer: answer ? openPrivate(cipher, answer, entryRow(answer)) : null,
        answeredAt: answer?.createdAt ?? null,
        editedAt: answer && answer.version > 1 ? answer.updatedAt : null,
        sharedWithCoachAt: answer?.sharedWithCoachAt ?? null,
      };
    }),
    goals: goals.map((entry) => ({
      ...openGoal(cipher, entry),
      createdAt: entry.createdAt,
      updatedAt: entry.updatedAt,
    })),
    preparations: preparations.map((entry) => {
      const meeting = meetings.find((m) => m.id === entry.subjectId);
      return {
        meeting: meeting?.kind ?? 'meeting',
        meetingAt: meeting?.startsAt ?? null,
        notes: openPrivate(cipher, entry, entryRow(entry)),
        updatedAt: entry.updatedAt,
      };
    }),
    assessments,
    releases: releases
      .filter((r) => r.status !== 'previewed')
      .map((r) => ({
        status: r.status,
        text: openOrNull(cipher, r),
        previewedAt: r.previewedAt,
        releasedAt: r.releasedAt,
        withdrawnAt: r.withdrawnAt,
      })),
  };
}

/** The export file's content: JSON with the private text revealed, itself kept as PrivateText until uploaded. */
export function exportJson(data: ClientData, exportedAt: Date): PrivateText {
  const json = JSON.stringify(
    { format: 'triad-client-export/1', exportedAt, ...data },
    // toJSON() has already redacted the value by the time a replacer sees it: look at the holder's raw field.
    function reveal(this: unknown, key: string, value: unknown) {
      const raw = (this as Record<string, unknown>)[key];
      return raw instanceof PrivateText ? revealPrivateText(raw) : value;
    },
    2,
  );
  return PrivateText.of(json);
}

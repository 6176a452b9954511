import { PrivateText, revealPrivateText } from '../../confidentiality/private-text.js';
import { entryRow } from '../../confidentiality/sealed-rows.js';
import type { Meeting, PrivateEntry, Release } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import type { Action } from '../../policy/permissions.js';
import { mayRead } from '../../policy/readers.js';
import type { Cipher } from '../../ports/cipher.js';
import type { Repositories } from '../../ports/repositories.js';
import { questionText } from '../../prompts/prompt-bank.js';
import type { ResolvedActor } from '../actor.js';
import { insightReleaseText, openInsight, openReport } from '../assessments/assessment-content.js';
import { idSchema, requireClient } from '../client/client-access.js';
import { goalReleaseText, openGoal } from '../goals/goal-content.js';
import { lockEngagement } from '../shared/engagement-access.js';

export const releaseIdSchema = idSchema;

/**
 * The exact text the sponsor will read if the client releases this entry: a goal as "Goal: … / Success
 * measure: …", a reflection answer under its question, an assessment insight under the assessment's name. Other private entries cannot be released from here.
 */
export async function releaseTextOf(
  repos: Repositories,
  cipher: Cipher,
  entry: PrivateEntry,
): Promise<PrivateText> {
  if (entry.kind === 'goal') return goalReleaseText(openGoal(cipher, entry));
  if (entry.kind === 'reflection_answer') {
    const prompt = entry.subjectId ? await repos.prompts.get(entry.subjectId) : undefined;
    const answer = revealPrivateText(PrivateText.of(cipher.open(entry, entryRow(entry))));
    const question = prompt ? questionText(prompt.questionId) : 'A reflection';
    return PrivateText.of(`Reflection: ${question}\n${answer}`);
  }
  if (entry.kind === 'assessment_insight') {
    const insight = openInsight(cipher, entry);
    const report = await repos.entries.get(insight.reportId);
    const readable = report?.kind === 'assessment_report' && mayRead(entry.authorId, report);
    return insightReleaseText(insight, readable ? openReport(cipher, report) : undefined);
  }
  throw new TriadError(
    'validation_failed',
    'Only goals, reflection answers and assessment insights can be shared with your sponsor from here.',
  );
}

/** A release and its locked engagement, for the engagement's client only. */
export async function releaseForClient(
  repos: Repositories,
  resolved: ResolvedActor,
  releaseId: string,
  action: Action,
) {
  const release = await repos.releases.get(releaseId);
  if (!release) {
    throw new TriadError('not_found', 'I can’t find that shared item.', 'Preview it again from your goals.');
  }
  const engagement = await lockEngagement(repos, release.engagementId);
  requireClient(engagement, resolved, action);
  return { release, engagement };
}

const alignmentKinds: readonly Meeting['kind'][] = ['alignment', 'midpoint', 'closing'];

/**
 * The alignment meeting a release belongs with: the next scheduled (or currently running) alignment,
 * mid-point or closing meeting. Released items are posted in its thread in the sponsor space.
 */
export async function currentAlignmentMeeting(
  repos: Repositories,
  engagementId: string,
  now: Date,
): Promise<Meeting | undefined> {
  const meetings = await repos.meetings.listByEngagement(engagementId);
  return meetings
    .filter(
      (m) =>
        alignmentKinds.includes(m.kind) &&
        m.status === 'scheduled' &&
        m.startsAt !== null &&
        m.startsAt.getTime() + m.durationMinutes * 60_000 > now.getTime(),
    )
    .sort((a, b) => (a.startsAt?.getTime() ?? 0) - (b.startsAt?.getTime() ?? 0))[0];
}

/** Live releases of the same entry (other than `except`), which a new release supersedes. */
export const liveReleasesOf = (releases: readonly Release[], entryId: string, except: string) =>
  releases.filter((r) => r.entryId === entryId && r.id !== except && r.status === 'released');

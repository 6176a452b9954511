import { z } from 'zod';
import { PrivateText } from '../../confidentiality/private-text.js';
import { entryRow } from '../../confidentiality/sealed-rows.js';
import type { PrivateEntry } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { reportDeliveredMessage } from '../../messages/compose/assessment-messages.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import { firstTime, idSchema, limitedText, parseInput, requestKeySchema } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import {
  loadTriad,
  lockEngagement,
  replyAudience,
  replyPersonId,
  requireOpen,
  requireRole,
} from '../shared/engagement-access.js';
import { logisticsReply } from '../shared/reply.js';
import {
  type AssessmentReport,
  maxAssessmentNameLength,
  maxReportLinkLength,
  maxReportTextLength,
  reportTitle,
  sealReport,
} from './assessment-content.js';

const isHttpsUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.length > 0 && !/\s/.test(value);
  } catch {
    return false;
  }
};

/** `YYYY-MM-DD` naming a real day. */
const isoDay = z
  .string()
  .trim()
  .refine((value) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    const day = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
  }, 'Write the date administered as YYYY-MM-DD, e.g. 2026-11-20.');

export const recordAssessmentInput = z.object({
  actor: actorSchema,
  engagementId: idSchema,
  /** The person the report is for, as the form carried it: it must be the engagement's client. */
  clientId: idSchema,
  name: limitedText('The assessment’s name', maxAssessmentNameLength),
  provider: limitedText('The provider', maxAssessmentNameLength),
  administeredOn: isoDay,
  link: z
    .string()
    .trim()
    .max(maxReportLinkLength, `The link is longer than ${maxReportLinkLength} characters.`)
    .refine((value) => value === '' || isHttpsUrl(value), 'The link must be an https:// address.')
    .default(''),
  report: z
    .string()
    .max(maxReportTextLength, `The report’s text is longer than ${maxReportTextLength} characters.`)
    .default(''),
  requestKey: requestKeySchema.optional(),
});
export type RecordAssessmentInput = z.input<typeof recordAssessmentInput>;

/**
 * HR or the engagement's coach records that the client took an assessment and delivers the client's report.
 * Name, provider, date and report are sealed together as one private entry whose only reader is the client (the
 * entry is the client's: their export holds it and the purge deletes it; who recorded it is in the audit), and
 * the report is posted in the client's DM alone. The recorder is told where it went, never shown it again; the
 * sponsor learns nothing. Refused, changing nothing: anyone but HR or the current coach, a report for someone who
 * is not the engagement's client, a date in the future, a link that is not https, no report at all.
 */
export async function recordAssessment(raw: RecordAssessmentInput, deps: CoreDeps) {
  const input = parseInput(recordAssessmentInput, raw);
  if (input.link === '' && input.report.trim() === '') {
    throw new TriadError(
      'validation_failed',
      'Give the report: an https link to it, or its text.',
      'Nothing was recorded.',
    );
  }
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const engagement = await lockEngagement(repos, input.engagementId);
    const role = requireRole(engagement, resolved, 'record_assessment');
    if (input.clientId !== engagement.clientId) {
      throw new TriadError(
        'validation_failed',
        'That report is for someone who is not the client of this engagement, so I did not record it.',
        'Open the form again from the engagement’s button.',
      );
    }
    requireOpen(engagement, { allowPaused: true });
    const now = deps.clock.now();
    const tomorrow = new Date(now.getTime() + 24 * 3600_000).toISOString().slice(0, 10);
    if (input.administeredOn > tomorrow) {
      throw new TriadError(
        'validation_failed',
        'The date administered is in the future.',
        'Record an assessment once it has been taken.',
      );
    }
    const { client } = await loadTriad(repos, engagement);
    const audience = replyAudience(role);
    const reply = async () =>
      unit.reply(
        logisticsReply({
          audience,
          personId: replyPersonId(resolved, input.actor.platformUserId),
          engagementId: engagement.id,
          summary: `Assessment recorded for ${client.displayName}`,
          lines: [
            `Recorded. The report went to ${client.displayName}'s private DM, encrypted: only ${client.displayName} can read it, and their coach only if ${client.displayName} shares it. You will not see it again here.`,
          ],
        }),
      );
    const id = deps.ids.newId();
    if (input.requestKey && !(await firstTime(repos, `assessment:${input.requestKey}`, now, { id }))) {
      return { entryId: undefined, duplicate: true, reply: await reply() };
    }
    const report: AssessmentReport = {
      name: PrivateText.of(input.name.trim()),
      provider: PrivateText.of(input.provider.trim()),
      administeredOn: PrivateText.of(input.administeredOn),
      link: input.link ? PrivateText.of(input.link) : null,
      text: input.report.trim() ? PrivateText.of(input.report) : null,
    };
    const readers = [engagement.clientId];
    const entry: PrivateEntry = {
      id,
      engagementId: engagement.id,
      authorId: engagement.clientId,
      kind: 'assessment_report',
      subjectId: null,
      ...sealReport(deps.cipher, report, entryRow({ id, engagementId: engagement.id })),
      readers,
      sharedWithCoachAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await repos.entries.insert(entry);
    const recordedBy = role === 'hr' ? 'HR' : 'Your coach';
    await unit.send(
      reportDeliveredMessage(
        engagement.id,
        id,
        recordedBy,
        { ...report, title: reportTitle(report) },
        readers,
      ),
      `assessment:${id}:report`,
    );
    await unit.audit({
      engagementId: engagement.id,
      actorId: resolved.person?.id ?? null,
      action: 'assessment_recorded',
      details: { entryId: id, role },
    });
    return { entryId: id, duplicate: false, reply: await reply() };
  });
}

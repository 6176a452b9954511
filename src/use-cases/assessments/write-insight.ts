import { z } from 'zod';
import { PrivateText } from '../../confidentiality/private-text.js';
import { entryRow } from '../../confidentiality/sealed-rows.js';
import type { PrivateEntry } from '../../engagement/records.js';
import { insightSavedReply } from '../../messages/compose/assessment-messages.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import { firstTime, idSchema, limitedText, parseInput, requestKeySchema } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { maxInsightLength, sealInsight } from './assessment-content.js';
import { reportForInsight } from './insight-form.js';

export const writeInsightInput = z.object({
  actor: actorSchema,
  reportId: idSchema,
  text: limitedText('Your insight', maxInsightLength),
  requestKey: requestKeySchema.optional(),
});
export type WriteInsightInput = z.input<typeof writeInsightInput>;

/**
 * The client writes a private insight from one of their assessment reports: a new entry (kind
 * 'assessment_insight', readable by the client alone) that they may later release to the sponsor with the
 * preview → consent → withdraw flow of goals. A re-sent submission changes nothing.
 */
export async function writeInsight(raw: WriteInsightInput, deps: CoreDeps) {
  const input = parseInput(writeInsightInput, raw);
  const text = PrivateText.of(input.text);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const { report, engagement } = await reportForInsight(repos, resolved, input.reportId);
    const now = deps.clock.now();
    const id = deps.ids.newId();
    const saved = async (entryId: string) =>
      unit.reply(insightSavedReply(engagement.id, engagement.clientId, entryId, report.id));
    const key = input.requestKey ? `insight:${input.requestKey}` : undefined;
    if (key && !(await firstTime(repos, key, now, { entryId: id }))) {
      const earlier = await repos.processed.get(key);
      const earlierId = String((earlier?.outcome as { entryId?: string } | undefined)?.entryId ?? '');
      return { entryId: earlierId, duplicate: true, reply: await saved(earlierId) };
    }
    const entry: PrivateEntry = {
      id,
      engagementId: engagement.id,
      authorId: engagement.clientId,
      kind: 'assessment_insight',
      subjectId: null,
      ...sealInsight(
        deps.cipher,
        { reportId: report.id, text },
        entryRow({ id, engagementId: engagement.id }),
      ),
      readers: [engagement.clientId],
      sharedWithCoachAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await repos.entries.insert(entry);
    await unit.audit({
      engagementId: engagement.id,
      actorId: engagement.clientId,
      action: 'insight_written',
      details: { entryId: id, reportId: report.id },
    });
    return { entryId: id, duplicate: false, reply: await saved(id) };
  });
}

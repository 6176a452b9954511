import { z } from 'zod';
import { PrivateText } from '../../confidentiality/private-text.js';
import { entryRow } from '../../confidentiality/sealed-rows.js';
import { goalSavedReply } from '../../messages/compose/goal-replies.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import {
  firstTime,
  idSchema,
  limitedText,
  parseInput,
  requestKeySchema,
  requireClient,
  requireWritable,
} from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { lockEngagement } from '../shared/engagement-access.js';
import { findGoal, maxGoalLength, sealGoal } from './goal-content.js';

export const editGoalInput = z.object({
  actor: actorSchema,
  entryId: idSchema,
  goal: limitedText('The goal', maxGoalLength),
  successMeasure: limitedText('The success measure', maxGoalLength),
  requestKey: requestKeySchema.optional(),
});
export type EditGoalInput = z.input<typeof editGoalInput>;

/**
 * The client rewrites a goal. The entry's version goes up, so an earlier preview of it can no longer be
 * confirmed; what the sponsor already has stays as it was released until the client shares again.
 */
export async function editGoal(raw: EditGoalInput, deps: CoreDeps) {
  const input = parseInput(editGoalInput, raw);
  const content = { goal: PrivateText.of(input.goal), successMeasure: PrivateText.of(input.successMeasure) };
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const found = await findGoal(repos, input.entryId);
    const engagement = await lockEngagement(repos, found.engagementId);
    requireClient(engagement, resolved, 'edit_goal');
    requireWritable(engagement);
    const now = deps.clock.now();
    const reply = async () => unit.reply(goalSavedReply(engagement.id, engagement.clientId, found.id, true));
    if (input.requestKey && !(await firstTime(repos, `goal-edit:${input.requestKey}`, now, {}))) {
      return { entryId: found.id, version: found.version, duplicate: true, reply: await reply() };
    }
    const entry = await findGoal(repos, input.entryId);
    const version = entry.version + 1;
    await repos.entries.update({
      ...entry,
      ...sealGoal(deps.cipher, content, entryRow(entry)),
      version,
      updatedAt: now,
    });
    await unit.audit({
      engagementId: engagement.id,
      actorId: engagement.clientId,
      action: 'goal_edited',
      details: { entryId: entry.id, version },
    });
    return { entryId: entry.id, version, duplicate: false, reply: await reply() };
  });
}

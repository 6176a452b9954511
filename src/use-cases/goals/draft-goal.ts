import { z } from 'zod';
import { PrivateText } from '../../confidentiality/private-text.js';
import type { PrivateEntry } from '../../engagement/records.js';
import { goalSavedReply } from '../../messages/compose/goal-replies.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import {
  firstTime,
  idSchema,
  limitedText,
  lockClientEngagement,
  parseInput,
  requestKeySchema,
  requireWritable,
} from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { maxGoalLength, sealGoal } from './goal-content.js';

export const draftGoalInput = z.object({
  actor: actorSchema,
  /** The client's engagement; their live one when omitted. */
  engagementId: idSchema.optional(),
  goal: limitedText('The goal', maxGoalLength),
  successMeasure: limitedText('The success measure', maxGoalLength),
  requestKey: requestKeySchema.optional(),
});
export type DraftGoalInput = z.input<typeof draftGoalInput>;

/** The client drafts a goal with its success measure, privately (encrypted, one entry of kind 'goal'). */
export async function draftGoal(raw: DraftGoalInput, deps: CoreDeps) {
  const input = parseInput(draftGoalInput, raw);
  const content = { goal: PrivateText.of(input.goal), successMeasure: PrivateText.of(input.successMeasure) };
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const engagement = await lockClientEngagement(repos, resolved, input.engagementId, 'draft_goal');
    requireWritable(engagement);
    const now = deps.clock.now();
    const entryId = deps.ids.newId();
    if (input.requestKey && !(await firstTime(repos, `goal-draft:${input.requestKey}`, now, { entryId }))) {
      const earlier = await repos.processed.get(`goal-draft:${input.requestKey}`);
      const earlierId = String((earlier?.outcome as { entryId?: string } | undefined)?.entryId ?? '');
      return {
        entryId: earlierId,
        duplicate: true,
        reply: await unit.reply(goalSavedReply(engagement.id, engagement.clientId, earlierId, false)),
      };
    }
    const entry: PrivateEntry = {
      id: entryId,
      engagementId: engagement.id,
      authorId: engagement.clientId,
      kind: 'goal',
      subjectId: null,
      ...sealGoal(deps.cipher, content),
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
      action: 'goal_drafted',
      details: { entryId },
    });
    return {
      entryId,
      duplicate: false,
      reply: await unit.reply(goalSavedReply(engagement.id, engagement.clientId, entryId, false)),
    };
  });
}

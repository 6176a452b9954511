import { z } from 'zod';
import { releaseNoteReply } from '../../messages/compose/release-messages.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import { idSchema, lockClientEngagement, parseInput, requireWritable } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';

export const setActivitySharingInput = z.object({
  actor: actorSchema,
  engagementId: idSchema.optional(),
  on: z.boolean(),
});
export type SetActivitySharingInput = z.input<typeof setActivitySharingInput>;

/**
 * The client's opt-in (consent kind 'activity_sharing') to let status views show activity figures: how many
 * reflection questions were sent and answered (see hr/engagement-status.ts). Without it, status views show lifecycle facts only. Off withdraws the
 * consent; setting the same value twice changes nothing.
 */
export async function setActivitySharing(raw: SetActivitySharingInput, deps: CoreDeps) {
  const input = parseInput(setActivitySharingInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const engagement = await lockClientEngagement(
      repos,
      resolved,
      input.engagementId,
      'set_activity_sharing',
    );
    requireWritable(engagement);
    const now = deps.clock.now();
    const consents = await repos.consents.listByEngagement(engagement.id);
    const active = consents.filter((c) => c.kind === 'activity_sharing' && c.withdrawnAt === null);
    let changed = false;
    if (input.on && active.length === 0) {
      await repos.consents.insert({
        id: deps.ids.newId(),
        engagementId: engagement.id,
        clientId: engagement.clientId,
        kind: 'activity_sharing',
        textHash: null,
        grantedAt: now,
        withdrawnAt: null,
      });
      changed = true;
    }
    if (!input.on) {
      for (const consent of active) await repos.consents.update({ ...consent, withdrawnAt: now });
      changed = active.length > 0;
    }
    if (changed) {
      await unit.audit({
        engagementId: engagement.id,
        actorId: engagement.clientId,
        action: input.on ? 'activity_sharing_on' : 'activity_sharing_off',
        details: {},
      });
    }
    const text = input.on
      ? 'Activity sharing is on: HR’s status view shows how many reflection questions you were sent and answered — never what you wrote.'
      : 'Activity sharing is off: status views show only the stage and meetings of your engagement, not your reflection activity.';
    return {
      sharing: input.on,
      changed,
      reply: await unit.reply(releaseNoteReply(engagement.id, engagement.clientId, text)),
    };
  });
}

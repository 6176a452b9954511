import { z } from 'zod';
import { logistics } from '../../confidentiality/parts.js';
import { words } from '../../confidentiality/words.js';
import type { AdminMessage } from '../../messages/message.js';
import { boundToRetiredSpace, visibleToHr } from '../../outbox/retry-failed-delivery.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, requireHr, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { engagementRefSchema, findEngagementForHr, replyPersonId } from '../shared/engagement-access.js';
import { parseInput } from '../shared/parse-input.js';

export const retryDeliveriesInput = z.object({
  actor: actorSchema,
  /** The engagement's id or its first 8 characters, or the client's platform user id. */
  engagement: engagementRefSchema,
});
export type RetryDeliveriesInput = z.infer<typeof retryDeliveriesInput>;

/**
 * HR puts an engagement's failed deliveries back in the queue (after fixing what the platform refused, e.g.
 * re-adding Triad to a channel). Each retry first looks for the message on the platform, so nothing is sent twice.
 * An entry written for a retired space (a previous coach's) is never re-queued. The reply counts only what HR
 * may see failed (sponsor space, HR messages); private-space entries are re-queued without being counted.
 */
export async function retryDeliveries(raw: RetryDeliveriesInput, deps: CoreDeps) {
  const input = parseInput(retryDeliveriesInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    requireHr(resolved, 'retry_deliveries');
    const engagement = await findEngagementForHr(repos, resolved, input.engagement);
    const now = deps.clock.now();
    const failedNow = (await repos.outbox.listByEngagement(engagement.id)).filter(
      (e) => e.status === 'failed',
    );
    const retryable = [];
    for (const entry of failedNow) if (!(await boundToRetiredSpace(repos, entry))) retryable.push(entry);
    const failed = retryable.filter(visibleToHr);
    for (const entry of retryable) {
      await repos.outbox.update({
        ...entry,
        status: 'pending',
        attempts: Math.min(entry.attempts, 1),
        availableAt: now,
        updatedAt: now,
      });
      unit.deliverAfterCommit(entry.id);
    }
    await unit.audit({
      engagementId: engagement.id,
      actorId: resolved.person?.id ?? null,
      action: 'deliveries_retried',
      details: { count: failed.length },
    });
    const message: AdminMessage = {
      audience: 'admin',
      destination: {
        kind: 'reply',
        audience: 'admin',
        personId: replyPersonId(resolved, input.actor.platformUserId),
        engagementId: engagement.id,
      },
      summary: words(failed.length ? 'Delivery retried' : 'Nothing to retry'),
      blocks: [
        {
          type: 'section',
          text: [
            logistics(
              failed.length
                ? `${failed.length} message${failed.length === 1 ? '' : 's'} queued again. Check the status in a minute.`
                : 'No message of this engagement has failed delivery.',
            ),
          ],
        },
      ],
    };
    return { engagementId: engagement.id, retried: failed.length, reply: await unit.reply(message) };
  });
}

import { z } from 'zod';
import { TriadError } from '../../errors.js';
import { releaseNoteReply } from '../../messages/compose/release-messages.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import { parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { releaseForClient, releaseIdSchema } from './release-source.js';

export const cancelReleaseInput = z.object({ actor: actorSchema, releaseId: releaseIdSchema });
export type CancelReleaseInput = z.input<typeof cancelReleaseInput>;

/** The client cancels a preview: nothing is shared and the preview can no longer be confirmed. */
export async function cancelRelease(raw: CancelReleaseInput, deps: CoreDeps) {
  const input = parseInput(cancelReleaseInput, raw);
  return inTransaction(deps, async (unit) => {
    const resolved = await resolveActor(unit.repos, deps, input.actor);
    const { release, engagement } = await releaseForClient(
      unit.repos,
      resolved,
      input.releaseId,
      'cancel_release',
    );
    if (release.status === 'released') {
      throw new TriadError('conflict', 'This is already shared.', 'Use Withdraw to take it back.');
    }
    if (release.status === 'previewed') {
      await unit.repos.releases.update({ ...release, status: 'withdrawn', withdrawnAt: deps.clock.now() });
      await unit.audit({
        engagementId: engagement.id,
        actorId: engagement.clientId,
        action: 'release_cancelled',
        details: { releaseId: release.id },
      });
    }
    return {
      reply: await unit.reply(
        releaseNoteReply(engagement.id, engagement.clientId, 'Cancelled — nothing was shared.'),
      ),
    };
  });
}

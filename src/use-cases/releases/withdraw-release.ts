import { z } from 'zod';
import { TriadError } from '../../errors.js';
import { releaseNoteReply, withdrawalNote } from '../../messages/compose/release-messages.js';
import type { Destination } from '../../messages/message.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import { parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { loadTriad } from '../shared/engagement-access.js';
import { releaseForClient, releaseIdSchema } from './release-source.js';

/** The meeting thread a release was posted in (its post's stored destination), where its withdrawal is told too. */
function threadOf(stored: unknown): string | undefined {
  const destination = stored as Partial<Extract<Destination, { kind: 'space' }>> | null;
  return destination?.kind === 'space' && typeof destination.threadMeetingId === 'string'
    ? destination.threadMeetingId
    : undefined;
}

export const withdrawReleaseInput = z.object({ actor: actorSchema, releaseId: releaseIdSchema });
export type WithdrawReleaseInput = z.input<typeof withdrawReleaseInput>;

/**
 * The client withdraws something they shared: the release and its consent are marked withdrawn, the message that
 * posted it in the sponsor space is taken back (deleted there; cancelled if not yet posted) together with the
 * posts of the earlier versions it replaced, the sponsor space gets a logistics note "<client> withdrew a shared
 * item" in the same meeting thread as the post (a release's whole story stays in one place), and from now on the
 * outbound gate refuses any message that carries this release. Allowed at any time
 * until the engagement's data is purged, paused or closed included. Withdrawing twice changes nothing.
 */
export async function withdrawRelease(raw: WithdrawReleaseInput, deps: CoreDeps) {
  const input = parseInput(withdrawReleaseInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const { release, engagement } = await releaseForClient(
      repos,
      resolved,
      input.releaseId,
      'withdraw_release',
    );
    const { client } = await loadTriad(repos, engagement);
    const reply = async (text: string) => unit.reply(releaseNoteReply(engagement.id, client.id, text));
    if (release.status === 'withdrawn') return { withdrawn: false, reply: await reply('Already withdrawn.') };
    if (release.status === 'superseded') {
      throw new TriadError(
        'conflict',
        'You shared a newer version of this since; that one replaced it.',
        'Withdraw the newer version instead.',
      );
    }
    const now = deps.clock.now();
    await repos.releases.update({ ...release, status: 'withdrawn', withdrawnAt: now });
    if (release.status === 'previewed') {
      return { withdrawn: false, reply: await reply('Cancelled — nothing was shared.') };
    }
    const consent = release.consentId ? await repos.consents.get(release.consentId) : undefined;
    if (consent && !consent.withdrawnAt) await repos.consents.update({ ...consent, withdrawnAt: now });
    const versions = (await repos.releases.listByEngagement(engagement.id)).filter(
      (r) => r.id === release.id || (r.entryId === release.entryId && r.status === 'superseded'),
    );
    const posts = new Map(versions.map((r) => [`release:${r.id}:post`, r.id]));
    let retracted = 0;
    let threadMeetingId: string | undefined;
    for (const entry of await repos.outbox.listByEngagement(engagement.id)) {
      const releaseId = posts.get(entry.idempotencyKey);
      if (!releaseId) continue;
      if (releaseId === release.id) threadMeetingId = threadOf(entry.destination);
      await unit.retract(entry.id, `release:${releaseId}:retract`);
      retracted += 1;
    }
    await unit.send(
      withdrawalNote(engagement.id, client.displayName, threadMeetingId),
      `release:${release.id}:withdrawn`,
    );
    await unit.audit({
      engagementId: engagement.id,
      actorId: client.id,
      action: 'release_withdrawn',
      details: { releaseId: release.id, consentId: release.consentId, retracted },
    });
    return {
      withdrawn: true,
      reply: await reply('Withdrawn. Your sponsor is told that you withdrew a shared item, not what it was.'),
    };
  });
}

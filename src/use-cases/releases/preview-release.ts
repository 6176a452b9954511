import { z } from 'zod';
import { releaseRow } from '../../confidentiality/sealed-rows.js';
import type { Release } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { releasePreviewReply } from '../../messages/compose/release-messages.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import { idSchema, parseInput, requireClient, sealPrivate } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { loadTriad, lockEngagement, requireOpen } from '../shared/engagement-access.js';
import { releaseTextOf } from './release-source.js';

export const previewReleaseInput = z.object({ actor: actorSchema, entryId: idSchema });
export type PreviewReleaseInput = z.input<typeof previewReleaseInput>;

/**
 * First step of sharing with the sponsor: builds the exact text the sponsor would see, stores it as a
 * 'previewed' release (encrypted, bound to its row; no hash until the client confirms), and shows it to the client alone with Confirm / Cancel.
 * Nothing reaches the sponsor here.
 */
export async function previewRelease(raw: PreviewReleaseInput, deps: CoreDeps) {
  const input = parseInput(previewReleaseInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const entry = await repos.entries.get(input.entryId);
    if (!entry) throw new TriadError('not_found', 'I can’t find that entry.', 'It may have been deleted.');
    const engagement = await lockEngagement(repos, entry.engagementId);
    requireClient(engagement, resolved, 'preview_release');
    if (entry.authorId !== engagement.clientId) {
      throw new TriadError('not_authorised', 'Only what you wrote yourself can be shared from here.');
    }
    requireOpen(engagement);
    const text = await releaseTextOf(repos, deps.cipher, entry);
    const now = deps.clock.now();
    const id = deps.ids.newId();
    const release: Release = {
      id,
      engagementId: engagement.id,
      entryId: entry.id,
      entryVersion: entry.version,
      status: 'previewed',
      ...sealPrivate(deps.cipher, text, releaseRow({ id, engagementId: engagement.id })),
      textHash: null,
      consentId: null,
      previewedAt: now,
      releasedAt: null,
      withdrawnAt: null,
    };
    await repos.releases.insert(release);
    await unit.audit({
      engagementId: engagement.id,
      actorId: engagement.clientId,
      action: 'release_previewed',
      details: { releaseId: release.id, entryId: entry.id, entryVersion: entry.version },
    });
    const { client, sponsor } = await loadTriad(repos, engagement);
    const names = { client: client.displayName, sponsor: sponsor.displayName };
    return {
      releaseId: release.id,
      reply: await unit.reply(releasePreviewReply(engagement.id, client.id, release.id, text, names)),
    };
  });
}

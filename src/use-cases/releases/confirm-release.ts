import { z } from 'zod';
import { revealPrivateText } from '../../confidentiality/private-text.js';
import { releasePrivateText } from '../../confidentiality/release.js';
import { releaseRow } from '../../confidentiality/sealed-rows.js';
import type { Consent } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { releasedPost, releaseSharedReply } from '../../messages/compose/release-messages.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import { openPrivate, parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { loadTriad, requireOpen } from '../shared/engagement-access.js';
import {
  currentAlignmentMeeting,
  liveReleasesOf,
  releaseForClient,
  releaseIdSchema,
  releaseTextOf,
} from './release-source.js';

export const confirmReleaseInput = z.object({ actor: actorSchema, releaseId: releaseIdSchema });
export type ConfirmReleaseInput = z.input<typeof confirmReleaseInput>;

const stalePreview = () =>
  new TriadError(
    'stale_preview',
    'This changed after you previewed it, so I did not share it.',
    'Preview it again and confirm the new version.',
  );

/**
 * The client confirms a preview. The only path by which private text reaches the sponsor: refuses when the entry
 * changed since the preview (its text no longer hashes to what was previewed), records the consent (who, when,
 * which hash), marks the release released, supersedes an earlier release of the same entry and posts the
 * previewed text — attributed to the client — in the sponsor space (in the alignment meeting's thread when one
 * is scheduled). Confirming twice changes nothing.
 */
export async function confirmRelease(raw: ConfirmReleaseInput, deps: CoreDeps) {
  const input = parseInput(confirmReleaseInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const { release, engagement } = await releaseForClient(
      repos,
      resolved,
      input.releaseId,
      'confirm_release',
    );
    const { client, sponsor } = await loadTriad(repos, engagement);
    const reply = async (already: boolean) =>
      unit.reply(releaseSharedReply(engagement.id, client.id, release.id, sponsor.displayName, already));
    if (release.status === 'released') return { released: false, reply: await reply(true) };
    if (release.status !== 'previewed') {
      throw new TriadError(
        'conflict',
        release.status === 'withdrawn'
          ? 'This preview was cancelled, so there is nothing to confirm.'
          : 'A newer version of this was shared since, so this preview cannot be confirmed.',
        'Preview it again if you want to share it.',
      );
    }
    requireOpen(engagement);
    const entry = await repos.entries.get(release.entryId);
    if (!entry) throw stalePreview();
    const current = await releaseTextOf(repos, deps.cipher, entry);
    const snapshot = openPrivate(deps.cipher, release, releaseRow(release));
    if (!snapshot.equals(current)) throw stalePreview();
    // The consent's keyed hash of the exact text: what the gate checks every shown copy against.
    const textHash = deps.cipher.hashText(revealPrivateText(snapshot));
    const now = deps.clock.now();
    const consent: Consent = {
      id: deps.ids.newId(),
      engagementId: engagement.id,
      clientId: client.id,
      kind: 'release',
      textHash,
      grantedAt: now,
      withdrawnAt: null,
    };
    await repos.consents.insert(consent);
    const earlier = liveReleasesOf(
      await repos.releases.listByEngagement(engagement.id),
      entry.id,
      release.id,
    );
    for (const old of earlier) await repos.releases.update({ ...old, status: 'superseded' });
    await repos.releases.update({
      ...release,
      status: 'released',
      textHash,
      consentId: consent.id,
      releasedAt: now,
    });
    const released = releasePrivateText(
      release.id,
      snapshot,
      {
        consentId: consent.id,
        engagementId: engagement.id,
        clientId: client.id,
        textHash,
        grantedAt: now,
      },
      deps.cipher,
    );
    const meeting = await currentAlignmentMeeting(repos, engagement.id, now);
    await unit.send(
      releasedPost(released, client.displayName, {
        ...(meeting ? { threadMeetingId: meeting.id } : {}),
        replacesEarlier: earlier.length > 0,
      }),
      `release:${release.id}:post`,
    );
    await unit.audit({
      engagementId: engagement.id,
      actorId: client.id,
      action: 'release_confirmed',
      details: {
        releaseId: release.id,
        entryId: entry.id,
        consentId: consent.id,
        superseded: earlier.map((r) => r.id),
        meetingId: meeting?.id ?? null,
      },
    });
    return { released: true, consentId: consent.id, reply: await reply(false) };
  });
}

import { z } from 'zod';
import { isLive } from '../../engagement/lifecycle.js';
import type { Engagement } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { relayedMessage } from '../../messages/compose/sponsor-thread.js';
import { shortId } from '../../messages/compose/text.js';
import { inTransaction } from '../../outbox/unit.js';
import type { Repositories } from '../../ports/repositories.js';
import { actorSchema, type ResolvedActor, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import {
  engagementRefSchema,
  findEngagementByRef,
  loadTriad,
  lockEngagement,
  replyAudience,
  replyPersonId,
  requireOpen,
  requireRole,
} from '../hr/engagement-access.js';
import { parseInput } from '../hr/parse-input.js';
import { logisticsReply } from '../hr/reply.js';
import { looksLikePrivateRequest } from './private-request.js';
import { privateRequestRefusal, requireSponsorTextLength, sponsorTextSchema } from './sponsor-text.js';

export const relayToSponsorThreadInput = z.object({
  actor: actorSchema,
  /** Which engagement: id, 8-character prefix or the client's user id. Optional for a sponsor of just one. */
  engagement: engagementRefSchema.optional(),
  text: sponsorTextSchema,
  /** The platform's id of the incoming message, so a redelivered event posts once. */
  requestId: z.string().trim().min(1).max(200).optional(),
});
export type RelayToSponsorThreadInput = z.input<typeof relayToSponsorThreadInput>;

/** Engagements the actor may relay to: as their sponsor, or as HR of the organisation. */
async function relayCandidates(repos: Repositories, resolved: ResolvedActor): Promise<Engagement[]> {
  const byId = new Map<string, Engagement>();
  if (resolved.person) {
    for (const e of await repos.engagements.listForPerson(resolved.person.id)) {
      if (e.sponsorId === resolved.person.id) byId.set(e.id, e);
    }
  }
  if (resolved.isHrAdmin && resolved.organisation.id) {
    for (const e of await repos.engagements.listByOrganisation(resolved.organisation.id)) byId.set(e.id, e);
  }
  return [...byId.values()];
}

async function chooseEngagement(repos: Repositories, resolved: ResolvedActor, ref: string | undefined) {
  const candidates = await relayCandidates(repos, resolved);
  if (ref) return findEngagementByRef(repos, resolved.organisation.id, ref, candidates);
  const live = candidates.filter((e) => isLive(e.stage));
  if (live.length === 1 && live[0]) return live[0];
  if (live.length === 0) {
    throw new TriadError(
      'not_found',
      'You are not the sponsor of an active coaching engagement, so there is no sponsor thread to post to.',
    );
  }
  const people = new Map((await repos.people.getMany(live.map((e) => e.clientId))).map((p) => [p.id, p]));
  const choices = live.map((e) => `${shortId(e)} (${people.get(e.clientId)?.displayName ?? 'client'})`);
  throw new TriadError(
    'validation_failed',
    'You are part of several engagements. Say which one this is about.',
    `Start with the engagement id or mention the client: ${choices.join(', ')}.`,
  );
}

/**
 * Whatever a sponsor or HR sends the bot about an engagement is posted in its sponsor thread, where the client
 * sees it: Triad is never a backchannel. Requests for private content are refused and not posted.
 */
export async function relayToSponsorThread(raw: RelayToSponsorThreadInput, deps: CoreDeps) {
  const input = parseInput(relayToSponsorThreadInput, raw);
  const text = requireSponsorTextLength(input.text);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const found = await chooseEngagement(repos, resolved, input.engagement);
    const engagement = await lockEngagement(repos, found.id);
    const role = requireRole(
      engagement,
      resolved,
      ['sponsor', 'hr'],
      'post to the sponsor thread through Triad',
    );
    const relayRole = role === 'hr' ? 'hr' : 'sponsor';
    requireOpen(engagement, { allowPaused: true });
    const triad = await loadTriad(repos, engagement);
    const personId = replyPersonId(resolved, input.actor.platformUserId);
    const audience = replyAudience(relayRole) as 'shared' | 'admin';
    if (looksLikePrivateRequest(text)) {
      await unit.audit({
        engagementId: engagement.id,
        actorId: resolved.person?.id ?? null,
        action: 'private_request_refused',
        outcome: 'refused',
        details: { via: 'relay', role: relayRole },
      });
      return {
        posted: false,
        engagementId: engagement.id,
        reply: await unit.reply(privateRequestRefusal(personId, audience, engagement.id, triad.client)),
      };
    }
    const author = resolved.person;
    if (!author) throw new TriadError('not_found', 'Triad does not know you yet; ask HR to add you.');
    const cause = input.requestId ?? deps.cipher.hashText(`${author.id}\n${text}`).slice(-32);
    await unit.send(
      relayedMessage(engagement, author, relayRole, triad.client, text),
      `engagement:${engagement.id}:relay:${cause}`,
    );
    await unit.audit({
      engagementId: engagement.id,
      actorId: author.id,
      action: 'sponsor_thread_relay',
      details: { role: relayRole },
    });
    const reply = logisticsReply({
      audience,
      personId,
      engagementId: engagement.id,
      summary: 'Posted in the sponsor thread',
      lines: [
        `I posted your message in the sponsor thread of ${triad.client.displayName}'s coaching, where ${triad.client.displayName}${triad.coach ? ` and ${triad.coach.displayName}` : ''} see it too.`,
      ],
      notes: [
        'Triad has no private channel to the coach or about the coaching: everything goes to the shared thread.',
      ],
    });
    return { posted: true, engagementId: engagement.id, reply: await unit.reply(reply) };
  });
}

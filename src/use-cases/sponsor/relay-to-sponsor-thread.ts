import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isLive } from '../../engagement/lifecycle.js';
import { formatDate } from '../../engagement/meeting-time.js';
import type { Engagement } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { command, phrase } from '../../messages/command-hint.js';
import { inTransaction } from '../../outbox/unit.js';
import type { Repositories } from '../../ports/repositories.js';
import { actorSchema, type ResolvedActor, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import {
  type EngagementRef,
  engagementRefSchema,
  findEngagementByRef,
  replyAudience,
  replyPersonId,
  requireOpen,
  requireRole,
} from '../shared/engagement-access.js';
import { parseInput } from '../shared/parse-input.js';
import { looksLikePrivateRequest } from './private-request.js';
import { relayChoiceValue, saveRelayDraft } from './relay-draft.js';
import { relayChoiceReply } from './relay-replies.js';
import { privateRequestRefusal, requireSponsorTextLength, sponsorTextSchema } from './sponsor-text.js';

export const relayToSponsorThreadInput = z.object({
  actor: actorSchema,
  /** Which engagement: by id (or 8-character prefix), or by its client. Optional for a sponsor of just one. */
  engagement: engagementRefSchema.optional(),
  text: sponsorTextSchema,
  /** The platform's id of the incoming message, so a redelivered event posts once. */
  requestId: z.string().trim().min(1).max(200).optional(),
});
export type RelayToSponsorThreadInput = z.input<typeof relayToSponsorThreadInput>;

/**
 * Engagements the actor may relay to: those they are sponsor of, and (for HR, only when they name one) their
 * organisation's. Being coach or client somewhere never makes an engagement a candidate.
 */
async function relayCandidates(
  repos: Repositories,
  resolved: ResolvedActor,
  named: boolean,
): Promise<Engagement[]> {
  const byId = new Map<string, Engagement>();
  if (resolved.person) {
    for (const e of await repos.engagements.listForPerson(resolved.person.id)) {
      if (e.sponsorId === resolved.person.id) byId.set(e.id, e);
    }
  }
  if (named && resolved.isHrAdmin && resolved.organisation.id) {
    for (const e of await repos.engagements.listByOrganisation(resolved.organisation.id)) byId.set(e.id, e);
  }
  return [...byId.values()];
}

async function candidatesFor(repos: Repositories, resolved: ResolvedActor, ref: EngagementRef | undefined) {
  const candidates = await relayCandidates(repos, resolved, ref !== undefined);
  if (ref) return [await findEngagementByRef(repos, resolved.organisation.id, ref, candidates)];
  const live = candidates.filter((e) => isLive(e.stage));
  if (live.length === 0) {
    throw new TriadError(
      'not_found',
      'You are not the sponsor of an active coaching engagement, so there is no sponsor thread to post to.',
      resolved.isHrAdmin ? phrase`HR: start with the engagement id from ${command('list')}.` : undefined,
    );
  }
  return live;
}

/**
 * Whatever a sponsor or HR sends the bot about an engagement can be posted in its sponsor thread, where the
 * client sees it: Triad is never a backchannel. Nothing is posted yet: the message waits (sealed) while the
 * sender chooses, with buttons, the engagement it is about (only those they are sponsor of, or the one HR
 * named) and then confirms. Requests for private content are refused at once and nothing is kept.
 */
export async function relayToSponsorThread(raw: RelayToSponsorThreadInput, deps: CoreDeps) {
  const input = parseInput(relayToSponsorThreadInput, raw);
  const text = requireSponsorTextLength(input.text);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const engagements = await candidatesFor(repos, resolved, input.engagement);
    const roles = engagements.map((e) => requireRole(e, resolved, 'relay_to_sponsor_thread'));
    for (const e of engagements) requireOpen(e, { allowPaused: true });
    const role = roles.includes('sponsor') ? 'sponsor' : 'hr';
    const personId = replyPersonId(resolved, input.actor.platformUserId);
    const audience = replyAudience(role) as 'shared' | 'admin';
    const clients = new Map(
      (await repos.people.getMany(engagements.map((e) => e.clientId))).map((p) => [p.id, p]),
    );
    if (looksLikePrivateRequest(text)) {
      for (const engagement of engagements) {
        await unit.audit({
          engagementId: engagement.id,
          actorId: resolved.person?.id ?? null,
          action: 'private_request_refused',
          outcome: 'refused',
          details: { via: 'relay', role },
        });
      }
      const [first] = engagements;
      const client = first ? clients.get(first.clientId) : undefined;
      if (!first || !client) throw new TriadError('not_found', 'I can’t find that engagement.');
      return {
        posted: false,
        offered: false,
        reply: await unit.reply(privateRequestRefusal(personId, audience, first.id, client)),
      };
    }
    const author = resolved.person;
    if (!author) throw new TriadError('not_found', 'Triad does not know you yet; ask HR to add you.');
    const draftId = input.requestId ? uuidFrom(`${author.id}\n${input.requestId}`) : deps.ids.newId();
    if (!(await repos.processed.get(`relay-draft:${draftId}`))) {
      await saveRelayDraft(repos, deps.cipher, { draftId, authorId: author.id, text }, deps.clock.now());
    }
    // A human reference, never an id: the client's name, and the start date only when two share a name.
    const nameOf = (e: Engagement) => clients.get(e.clientId)?.displayName ?? 'Client';
    const choices = engagements.map((e) => ({
      label:
        engagements.filter((other) => nameOf(other) === nameOf(e)).length > 1
          ? `${nameOf(e)}'s coaching, started ${formatDate(e.startedAt, author.timeZone)}`
          : `${nameOf(e)}'s coaching`,
      value: relayChoiceValue(draftId, e.id),
    }));
    return {
      posted: false,
      offered: true,
      reply: await unit.reply(relayChoiceReply(personId, audience, choices, draftId)),
    };
  });
}

/** A stable uuid for a platform request, so a redelivered message offers the same draft. */
function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed, 'utf8').digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

import { z } from 'zod';
import { isLive } from '../../engagement/lifecycle.js';
import type { Engagement, Organisation, Person } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { command, phrase } from '../../messages/command-hint.js';
import type { Audience } from '../../messages/message.js';
import { type Action, authorize, type TriadRole } from '../../policy/permissions.js';
import type { Repositories } from '../../ports/repositories.js';
import { askerOf, type ResolvedActor } from '../actor.js';

/**
 * How HR (and the sponsor relay) name an engagement: by its id (full, or its first 8 characters as Triad prints
 * it), or by its client's platform user id. The platform's command dialect has already read any mention markup;
 * the core never parses platform text.
 */
export const engagementRefSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('id'),
    id: z
      .string()
      .trim()
      .min(1, 'Name the engagement: its 8-character id, or the client.')
      .max(100, 'That engagement reference is too long.'),
  }),
  z.object({
    kind: z.literal('client'),
    platformUserId: z.string().trim().min(1).max(200, 'That engagement reference is too long.'),
  }),
]);
export type EngagementRef = z.infer<typeof engagementRefSchema>;

export type { TriadRole };

/** An engagement with the people in it, loaded in one place. */
export interface Triad {
  engagement: Engagement;
  organisation: Organisation;
  client: Person;
  sponsor: Person;
  coach: Person | undefined;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const prefixPattern = /^[0-9a-f]{8}[0-9a-f-]{0,27}$/i;

const notFound = (ref: string) =>
  new TriadError(
    'not_found',
    `I can't find an engagement "${ref.slice(0, 40)}".`,
    phrase`Use the 8-character id from ${command('list')}, or mention the client.`,
  );

/** The engagement an id (full, or a prefix of at least 8 characters) names among `candidates`. */
function findById(id: string, candidates: readonly Engagement[]): Engagement {
  const trimmed = id.trim().toLowerCase();
  if (uuidPattern.test(trimmed)) {
    const found = candidates.find((e) => e.id.toLowerCase() === trimmed);
    if (found) return found;
    throw notFound(trimmed);
  }
  if (!prefixPattern.test(trimmed)) throw notFound(trimmed);
  const matches = candidates.filter((e) => e.id.toLowerCase().startsWith(trimmed));
  if (matches.length > 1) {
    throw new TriadError(
      'conflict',
      `"${trimmed}" matches ${matches.length} engagements.`,
      'Give more characters of the id.',
    );
  }
  if (!matches[0]) throw notFound(trimmed);
  return matches[0];
}

/**
 * Finds the engagement `ref` names among `candidates`: by id or id prefix (at least 8 characters), or by the
 * client's platform user id (their live engagement, else the most recent one).
 */
export async function findEngagementByRef(
  repos: Repositories,
  organisationId: string,
  ref: EngagementRef,
  candidates: readonly Engagement[],
): Promise<Engagement> {
  if (ref.kind === 'id') return findById(ref.id, candidates);
  const client = organisationId
    ? await repos.people.findByPlatformUser(organisationId, ref.platformUserId)
    : undefined;
  const theirs = client
    ? candidates
        .filter((e) => e.clientId === client.id)
        .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())
    : [];
  const chosen = theirs.find((e) => isLive(e.stage)) ?? theirs[0];
  if (!chosen) throw notFound(ref.platformUserId);
  return chosen;
}

/** HR's engagement: one of their organisation's. */
export async function findEngagementForHr(repos: Repositories, resolved: ResolvedActor, ref: EngagementRef) {
  const organisationId = resolved.organisation.id;
  const candidates = organisationId ? await repos.engagements.listByOrganisation(organisationId) : [];
  return findEngagementByRef(repos, organisationId, ref, candidates);
}

/** Loads the triad around an engagement. */
export async function loadTriad(repos: Repositories, engagement: Engagement): Promise<Triad> {
  const ids = [
    engagement.clientId,
    engagement.sponsorId,
    ...(engagement.coachId ? [engagement.coachId] : []),
  ];
  const people = await repos.people.getMany(ids);
  const byId = new Map(people.map((p) => [p.id, p]));
  const organisation = await repos.organisations.get(engagement.organisationId);
  const client = byId.get(engagement.clientId);
  const sponsor = byId.get(engagement.sponsorId);
  if (!organisation || !client || !sponsor) throw notFound(engagement.id.slice(0, 8));
  const coach = engagement.coachId ? byId.get(engagement.coachId) : undefined;
  return { engagement, organisation, client, sponsor, coach };
}

/** Loads an engagement by id for update (row lock), or a readable not-found. */
export async function lockEngagement(repos: Repositories, engagementId: string): Promise<Engagement> {
  const engagement = await repos.engagements.getForUpdate(engagementId);
  if (!engagement) throw notFound(engagementId.slice(0, 8));
  return engagement;
}

/** The role the actor acts in for `action` (see `src/policy/permissions.ts`), or a refusal that changes nothing. */
export function requireRole(engagement: Engagement, resolved: ResolvedActor, action: Action): TriadRole {
  return authorize(engagement, askerOf(resolved), action);
}

/** The audience of a reply to someone in a role: HR gets admin views, the sponsor shared ones. */
export const replyAudience = (role: TriadRole): Audience =>
  role === 'hr' ? 'admin' : role === 'sponsor' ? 'shared' : 'private';

/** The id a reply is addressed to: the person, or the platform user when Triad has no row for them yet. */
export const replyPersonId = (resolved: ResolvedActor, platformUserId: string) =>
  resolved.person?.id ?? platformUserId;

/** Refuses changes to a closed or cancelled engagement, and (unless allowed) to a paused one. */
export function requireOpen(engagement: Engagement, options: { allowPaused?: boolean } = {}): void {
  if (!isLive(engagement.stage)) {
    throw new TriadError(
      'illegal_transition',
      `This engagement is ${engagement.stage}; nothing more can change.`,
    );
  }
  if (engagement.stage === 'paused' && !options.allowPaused) {
    throw new TriadError('illegal_transition', 'This engagement is paused. HR can resume it.');
  }
}

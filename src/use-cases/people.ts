import { readSetting } from '../engagement/organisation-settings.js';
import type { Organisation, Person } from '../engagement/records.js';
import { TriadError } from '../errors.js';
import type { Directory, PlatformProfile } from '../ports/directory.js';
import type { Repositories } from '../ports/repositories.js';
import type { Actor } from './actor.js';
import { type CoreDeps, hasHrRights } from './deps.js';

/** Looks a platform user up and refuses unknown, deactivated and bot accounts with a readable reason. */
export async function lookupHuman(
  directory: Directory,
  platformUserId: string,
  role: string,
): Promise<PlatformProfile> {
  const profile = await directory.lookup(platformUserId);
  if (!profile || profile.deleted) {
    throw new TriadError(
      'unknown_user',
      `I can't find the ${role} (${platformUserId}) in this workspace.`,
      'Mention an active member, e.g. @jane.',
    );
  }
  if (profile.isBot) {
    throw new TriadError('bot_user', `The ${role} (${profile.displayName}) is a bot. Choose a person.`);
  }
  return profile;
}

/**
 * A single-channel guest can be in one channel only, and a coach (like the client) is in two: the coaching
 * space and the sponsor space. Refused before anything is stored, with what the workspace admin must change.
 * Multi-channel guests and full members pass.
 */
export function refuseSingleChannelGuest(profile: PlatformProfile, role: 'coach' | 'client'): void {
  if (profile.guest !== 'single_channel') return;
  throw new TriadError(
    'guest_restricted',
    `${profile.displayName} is a single-channel guest of this workspace, and the ${role} must be in two channels: the coaching space and the sponsor space.`,
    `Ask a workspace admin to make ${profile.displayName} a multi-channel guest or a full member, then name them again.`,
  );
}

/**
 * The organisation of the actor's workspace, made on its first command. Several first commands of a new
 * workspace may run at once: the insert yields to whichever committed first and returns that one.
 */
export async function ensureOrganisation(
  repos: Repositories,
  deps: CoreDeps,
  draft: Organisation,
): Promise<Organisation> {
  const existing = await repos.organisations.findByTenant(draft.platform, draft.platformTenantId);
  if (existing) return existing;
  return repos.organisations.insertOrGet({ ...draft, id: deps.ids.newId() });
}

/** The default time zone HR set for the organisation, read by its setting's schema; undefined when unset. */
async function organisationZone(repos: Repositories, organisationId: string): Promise<string | undefined> {
  const stored = (await repos.organisations.get(organisationId))?.defaults.timeZone;
  if (stored === undefined) return undefined;
  const read = readSetting('timeZone', stored);
  return read.ok ? read.value : undefined;
}

/**
 * Adds or refreshes a person. Safe when several transactions add the same person at once: the upsert keeps
 * the first stored row (and its id) and refreshes its name and zone. HR rights are not stored on a person:
 * they come from configuration on every request.
 */
export async function ensurePerson(
  repos: Repositories,
  deps: CoreDeps,
  organisationId: string,
  profile: PlatformProfile,
): Promise<Person> {
  const now = deps.clock.now();
  const existing = await repos.people.findByPlatformUser(organisationId, profile.platformUserId);
  const zone =
    profile.timeZone ??
    existing?.timeZone ??
    (await organisationZone(repos, organisationId)) ??
    deps.settings.defaultTimeZone;
  return repos.people.upsert({
    id: existing?.id ?? deps.ids.newId(),
    organisationId,
    platformUserId: profile.platformUserId,
    homeTeamId: profile.homeTeamId ?? existing?.homeTeamId ?? null,
    displayName: profile.displayName,
    timeZone: zone,
    directAddress: existing?.directAddress ?? null,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  });
}

/**
 * Whoever has HR rights over the organisation never coaches in it: HR sees every engagement's status and could
 * otherwise read what a client shares with their coach. Asked of each coach named (start, shortlist, reassign);
 * inside a transaction, pass its `repos`.
 */
export async function refuseHrAsCoach(
  deps: CoreDeps,
  /** The caller's transaction when it has one: PGlite's one connection cannot answer a read beside it. */
  repos: Repositories,
  actor: Actor,
  coachUserId: string,
  name?: string,
) {
  const query = { platform: actor.platform, tenantId: actor.tenantId, platformUserId: coachUserId };
  if (!(await hasHrRights(deps, query, repos))) return;
  throw new TriadError(
    'same_person_twice',
    `${name ?? coachUserId} has HR rights over this organisation, and whoever has HR rights never coaches in it.`,
    'Choose a coach who is not an HR programme owner.',
  );
}

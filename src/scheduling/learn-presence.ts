import { z } from 'zod';
import type { Platform } from '../engagement/records.js';
import type { Presence } from '../ports/presence.js';
import type { ClientToLookUp } from '../ports/presence-records.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { presenceKey } from './known-presence.js';
import { askPlatforms } from './presence-lookup.js';
import { readKnownPresence, storeLearned } from './stored-presence.js';

/** What learning presence ahead of a prompt needs: the core's dependencies and the platforms' presence. */
export interface LearnPresenceDeps extends CoreDeps {
  presence?: Partial<Record<Platform, Presence>>;
}

/** What one pass learned: clients whose presence was missing, those asked about, and those now stored. */
export interface LearnedPresence {
  missing: number;
  asked: number;
  stored: number;
}

const platformsOf = (deps: LearnPresenceDeps): Platform[] =>
  (Object.keys(deps.presence ?? {}) as Platform[]).filter((platform) => deps.presence?.[platform]);

/**
 * Asks the platform for what is not stored of these clients' presence (each part; in bulk where the platform
 * can) and stores the answer: ids, times and booleans, as Slack's events keep it afterwards. A failed lookup
 * stores nothing and throws nothing: the presence stays unknown and is asked again later.
 */
async function learnFor(
  clients: readonly ClientToLookUp[],
  deps: LearnPresenceDeps,
): Promise<LearnedPresence> {
  const presence = deps.presence;
  if (!presence || clients.length === 0) return { missing: 0, asked: 0, stored: 0 };
  const known = await readKnownPresence(
    clients.map((row) => ({ organisationId: row.organisationId, platformUserId: row.clientPlatformUserId })),
    deps,
  );
  const missing = clients.filter((row) => {
    const found = known.get(presenceKey(row.organisationId, row.clientPlatformUserId));
    return !found?.status || !found.dnd;
  });
  if (missing.length === 0) return { missing: 0, asked: 0, stored: 0 };
  const { updates } = await askPlatforms(missing, known, presence, deps.clock.now(), deps.logger, {
    everyPart: true,
  });
  if (!(await storeLearned(updates, deps)))
    return { missing: missing.length, asked: missing.length, stored: 0 };
  return { missing: missing.length, asked: missing.length, stored: updates.length };
}

export const learnClientPresenceInput = z.object({ engagementId: z.uuid() });

/**
 * A new engagement's client (the `client-presence` job, queued when the engagement starts): their presence is
 * looked up once and stored, so their first weekly prompt needs no call to the platform. Nothing is asked when it
 * is stored already (Slack's events, another engagement), or the engagement is no longer live.
 */
export async function learnClientPresence(
  raw: z.input<typeof learnClientPresenceInput>,
  deps: LearnPresenceDeps,
): Promise<LearnedPresence> {
  const { engagementId } = learnClientPresenceInput.parse(raw);
  const repos = deps.uow.read;
  const engagement = await repos.engagements.get(engagementId);
  if (!engagement || ['closed', 'cancelled'].includes(engagement.stage) || engagement.purgedAt) {
    return { missing: 0, asked: 0, stored: 0 };
  }
  const [organisation, client] = await Promise.all([
    repos.organisations.get(engagement.organisationId),
    repos.people.get(engagement.clientId),
  ]);
  if (!organisation || !client || !platformsOf(deps).includes(organisation.platform)) {
    return { missing: 0, asked: 0, stored: 0 };
  }
  const learned = await learnFor(
    [
      {
        engagementId,
        platform: organisation.platform,
        organisationId: organisation.id,
        tenantId: organisation.platformTenantId,
        clientPlatformUserId: client.platformUserId,
      },
    ],
    deps,
  );
  deps.logger.info({ engagementId, ...learned }, 'client presence learned');
  return learned;
}

/**
 * How gently the backfill asks. Slack allows `dnd.teamInfo` (Tier 2) 20+ calls a minute and `users.profile.get`
 * (Tier 4) 100+ a minute per workspace; at one pass every five minutes, 20 clients of a workspace a pass is one
 * `dnd.teamInfo` and at most 20 profile reads per five minutes, a twentieth of the profile limit, leaving the
 * Monday tick and the one-by-one prompt jobs their share.
 */
export interface FillPace {
  /** Clients of one organisation asked about in one pass. */
  perOrganisation: number;
  /** Clients asked about in one pass, all organisations together. */
  perPass: number;
}

export const defaultFillPace: FillPace = { perOrganisation: 20, perPass: 1_000 };

/** Engagements read per query while a pass looks for clients. */
const PAGE = 500;

export interface FillReport extends LearnedPresence {
  /** Where the next pass goes on (the last engagement looked at); undefined: the end was reached, start over. */
  nextAfterId: string | undefined;
}

/**
 * One pass of the presence backfill (engagements running before presence was learned at their start, a start
 * whose lookup failed, a client whose part was never told): the live engagements after `afterId`, in id order,
 * whose client's presence is not fully stored, at most `pace.perOrganisation` of one organisation and
 * `pace.perPass` in all, are looked up and stored. A pass stops at the first client over its organisation's
 * share, so the next pass, going on from `nextAfterId`, begins with them; a failing client is asked again only
 * once every engagement after it was looked at.
 */
export async function fillPresence(
  afterId: string | undefined,
  deps: LearnPresenceDeps,
  pace: FillPace = defaultFillPace,
): Promise<FillReport> {
  const platforms = platformsOf(deps);
  const chosen: ClientToLookUp[] = [];
  const perOrganisation = new Map<string, number>();
  let cursor = afterId;
  let full = false;
  while (platforms.length > 0 && !full) {
    const page = await deps.uow.read.presenceRecords.listClientsUnknown(platforms, cursor, PAGE);
    for (const row of page) {
      const taken = perOrganisation.get(row.organisationId) ?? 0;
      if (taken >= pace.perOrganisation || chosen.length >= pace.perPass) {
        full = true;
        break;
      }
      perOrganisation.set(row.organisationId, taken + 1);
      chosen.push(row);
      cursor = row.engagementId;
    }
    if (page.length < PAGE) break;
  }
  // The same client in two live engagements (one per organisation at most, but a re-run) is asked once.
  const unique = [
    ...new Map(
      chosen.map((row) => [presenceKey(row.organisationId, row.clientPlatformUserId), row]),
    ).values(),
  ];
  const learned = await learnFor(unique, deps);
  return { ...learned, nextAfterId: full ? cursor : undefined };
}

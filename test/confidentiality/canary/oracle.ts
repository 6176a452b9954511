import { isPrivateText, revealPrivateText } from '../../../src/confidentiality/private-text.js';
import { isLive } from '../../../src/engagement/lifecycle.js';
import { deliverOutboxEntry } from '../../../src/outbox/deliver-outbox-entry.js';
import {
  type E,
  engagements,
  hasHrRights,
  tenantOf,
  tenants,
  type Viewer,
  viewerName,
  type World,
} from './world.js';

/**
 * The canary property's oracle: who may read each canary, as people (not space kinds) — the client who wrote
 * it; the coach it was shared with, while they were that coach; a coach's note, its coach alone; anyone who held a role in the engagement once
 * the client released it (while the release is in force) — each only in the canary's own organisation: a
 * person who is a member of both (Kim, through Slack Connect) reads nothing of A's while acting in B, and the
 * other way round. Nobody with HR rights, from any organisation, and no stranger ever. Also the rules about
 * roles and rights the generator tries to break.
 */
export class Leak extends Error {
  override name = 'Leak';
}

/** Every canary a value (message, reply, form) carries: in bot strings, private parts and released parts. */
export function canariesIn(item: unknown): string[] {
  const texts: string[] = [];
  const walk = (value: unknown, depth: number) => {
    if (depth > 40) return;
    if (typeof value === 'string') texts.push(value);
    else if (isPrivateText(value)) texts.push(revealPrivateText(value));
    else if (Array.isArray(value)) for (const inner of value) walk(inner, depth + 1);
    else if (value && typeof value === 'object')
      for (const inner of Object.values(value)) walk(inner, depth + 1);
  };
  walk(item, 0);
  return texts.join('\n').match(/CANARY\d+Q/g) ?? [];
}

function liveReleasedCanaries(world: World, e: E): Set<string> {
  const found = new Set<string>();
  for (const [id, release] of world.released) {
    if (!world.liveReleases.has(id) || release.engagementId !== world.engagementIds[e]) continue;
    for (const canary of release.text.match(/CANARY\d+Q/g) ?? []) found.add(canary);
  }
  return found;
}

/** May this person, in this workspace, read this canary now? */
export function mayRead(world: World, { tenant, id: viewer }: Viewer, canary: string): boolean {
  const e = world.canaryOwner.get(canary);
  if (e === undefined || tenantOf(e) !== tenant) return false;
  if (world.noteCanaries.has(canary)) return world.canaryAuthor.get(canary) === viewer;
  if (world.canaryAuthor.get(canary) === viewer || world.people.client[e] === viewer) return true;
  if (world.sharedWith.get(viewer)?.has(canary)) return true;
  return world.triad[e].has(viewer) && liveReleasedCanaries(world, e).has(canary);
}

/** Throws when `viewer` was shown a canary they may not read. */
export function checkViewer(world: World, viewer: Viewer, item: unknown, where: string): void {
  for (const canary of canariesIn(item)) {
    if (!mayRead(world, viewer, canary)) {
      const shared = [...world.sharedWith].filter(([, set]) => set.has(canary)).map(([who]) => who);
      throw new Leak(
        `${where} showed ${viewerName(viewer)} ${canary}, written by ${world.canaryAuthor.get(canary)} in engagement ` +
          `${world.canaryOwner.get(canary)}${shared.length ? `, shared with ${shared.join(', ')}` : ''}`,
      );
    }
  }
}

const platformIds = new WeakMap<World, Map<string, string>>();
async function platformIdOf(world: World, personId: string | null): Promise<string | undefined> {
  if (!personId) return undefined;
  const known = platformIds.get(world) ?? new Map<string, string>();
  platformIds.set(world, known);
  const cached = known.get(personId);
  if (cached) return cached;
  const person = await world.core.uow.read.people.get(personId);
  if (person) known.set(personId, person.platformUserId);
  return person?.platformUserId;
}

/** The current coach of one of the run's engagements (platform id), if any. */
export async function currentCoach(world: World, e: E): Promise<string | undefined> {
  const engagement = await world.core.uow.read.engagements.get(world.engagementIds[e]);
  return platformIdOf(world, engagement?.coachId ?? null);
}

/**
 * After each command: which releases are in force, who held a role in each engagement, the leading bytes of
 * every private ciphertext, the milestones reached; then the role rules hold for every engagement.
 */
export async function observeStore(world: World): Promise<void> {
  const read = world.core.uow.read;
  world.liveReleases.clear();
  for (const e of engagements) {
    const engagementId = world.engagementIds[e];
    const entries = await read.entries.listByEngagement(engagementId);
    const releases = await read.releases.listByEngagement(engagementId);
    for (const release of releases) if (release.status === 'released') world.liveReleases.add(release.id);
    const prompts = await read.prompts.listByEngagement(engagementId);
    const engagement = await read.engagements.get(engagementId);
    for (const id of [engagement?.clientId, engagement?.sponsorId, engagement?.coachId]) {
      const platformId = await platformIdOf(world, id ?? null);
      if (platformId && !world.admins[tenantOf(e)]?.has(platformId)) world.triad[e].add(platformId);
    }
    const reached: [string, boolean][] = [
      ['prompted', prompts.length > 0],
      ['prepared', entries.some((entry) => entry.kind === 'meeting_preparation')],
      ['answered', prompts.some((p) => p.status === 'answered')],
      ['released', world.released.size > 0],
      ['withdrawn', releases.some((r) => r.status === 'withdrawn' && r.consentId !== null)],
      ['shared with coach', world.sharedWith.size > 0],
      ['purged', Boolean(engagement?.purgedAt)],
      ['session question', prompts.some((p) => p.cycle.startsWith('session:'))],
      [
        'session question answered',
        prompts.some((p) => p.cycle.startsWith('session:') && p.status === 'answered'),
      ],
    ];
    for (const [milestone, yes] of reached) if (yes) world.milestones.add(milestone);
    for (const { ciphertext } of [...entries, ...releases]) {
      if (ciphertext.length < 16) continue;
      world.ciphertextFragments.add(ciphertext.subarray(0, 16).toString('base64'));
      world.ciphertextFragments.add(ciphertext.subarray(0, 16).toString('hex'));
    }
  }
  await checkRoles(world);
  await checkAdmins(world);
}

/** Each organisation's admin list is what its own HR admins made it: nobody of the other one changed it. */
async function checkAdmins(world: World): Promise<void> {
  for (const tenant of tenants) {
    const stored = await world.core.uow.read.organisationAdmins.list(world.organisationIds[tenant] ?? '');
    const ids = stored.map((admin) => admin.platformUserId).sort();
    const expected = [...(world.admins[tenant] ?? [])].sort();
    if (ids.join() !== expected.join())
      throw new Leak(`the admins of ${tenant} are ${ids.join(', ')}, not ${expected.join(', ')}`);
  }
}

/**
 * In one engagement a person holds one role, and whoever has HR rights over the organisation is never the coach
 * (nor on the shortlist) of a live engagement — for every engagement of both organisations, including any
 * started during the run.
 */
async function checkRoles(world: World): Promise<void> {
  for (const tenant of tenants) await checkRolesOf(world, tenant);
}

async function checkRolesOf(world: World, tenant: string): Promise<void> {
  const read = world.core.uow.read;
  for (const engagement of await read.engagements.listByOrganisation(world.organisationIds[tenant] ?? '')) {
    const where = `engagement ${engagement.id.slice(0, 8)}`;
    const holders = [engagement.clientId, engagement.sponsorId, engagement.coachId].filter(Boolean);
    if (new Set(holders).size !== holders.length) throw new Leak(`${where}: one person holds two roles`);
    for (const id of engagement.coachShortlist) {
      if (id === engagement.clientId || id === engagement.sponsorId)
        throw new Leak(`${where}: the client or sponsor is on the coach shortlist`);
    }
    if (!isLive(engagement.stage)) continue;
    // The shortlist is asked about while the client still chooses from it (as naming an admin does).
    const shortlist = engagement.coachId === null ? engagement.coachShortlist : [];
    for (const id of new Set([engagement.coachId, ...shortlist])) {
      const platformId = await platformIdOf(world, id);
      if (
        platformId &&
        hasHrRights(world, { platform: 'slack', tenantId: tenant, platformUserId: platformId })
      )
        throw new Leak(
          `${where}: ${platformId}, an HR admin, is ${id === engagement.coachId ? 'the coach' : 'on the shortlist'}`,
        );
    }
  }
}

const deliveryPolicy = { maxAttempts: 2, baseDelayMs: 1000, maxDelayMs: 60_000 };

/**
 * The delivery worker: every due outbox entry of the organisation goes to the fake platform (a few passes, so
 * entries waiting for earlier ones go too). Then every message that arrived is checked against each person in
 * its conversation — readers are people, so a message bound for one coach must not reach the next.
 */
export async function deliverDue(world: World): Promise<void> {
  const deps = { ...world.core, messengers: { slack: world.platform.messenger }, policy: deliveryPolicy };
  for (let pass = 0; pass < 3; pass++) {
    const due = await world.core.uow.read.outbox.listDue(world.core.clock.now(), 100);
    if (due.length === 0) break;
    due.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    for (const entry of due) {
      const failures = world.cipherFailures;
      try {
        const outcome = await deliverOutboxEntry({ outboxId: entry.id }, deps);
        world.milestones.add(`delivery ${outcome.outcome}`);
      } catch (error) {
        // A row whose ciphertext the adversary swapped may not open: that refusal is the defence working.
        if (!(world.tampered && world.cipherFailures > failures)) throw error;
      }
    }
  }
  const crossed = world.platform.crossed.splice(0);
  if (crossed.length > 0) throw new Leak(`delivery crossed workspaces: ${crossed.join('; ')}`);
  for (const posted of world.platform.unchecked.splice(0)) {
    const where = `a message delivered to ${posted.conversation}`;
    for (const id of posted.members) checkViewer(world, { tenant: posted.tenant, id }, posted.message, where);
  }
}

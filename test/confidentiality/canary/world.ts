import { isPrivateText, revealPrivateText } from '../../../src/confidentiality/private-text.js';
import type { Cipher } from '../../../src/ports/cipher.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import { makeFirstAdmin } from '../../../src/use-cases/admins/make-first-admin.js';
import { addAdmin } from '../../../src/use-cases/admins/manage-admins.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { createTestCore, type TestCore } from '../../support/core-deps.js';
import type { InMemoryUnitOfWork } from '../../support/in-memory-store/index.js';
import { type FakePlatform, fakePlatform } from './platform.js';

/**
 * The world one random command sequence runs in: two organisations on one in-memory store — A (two engagements,
 * so a leak across engagements is caught too) and B (one engagement) — and one person, Kim, who is a member of
 * both, as a Slack Connect coach is: the same platform user id in both workspaces, a person row of her own in
 * each organisation. Kim coaches in A (named at the start, or invited by e-mail and joining later) and is B's
 * client, sponsor or coach. Everyone's platform ids, a fake platform the outbox is delivered to (each
 * organisation's conversations apart, failing on demand), each organisation's HR admins as the oracle expects
 * them, and what the oracle needs to know — who may read each canary (the client who wrote it, the coach it was
 * shared with, the triad once it is released), always within the canary's own organisation.
 */
export const roles = ['client', 'sponsor', 'coach', 'coach2', 'hr', 'foreignHr', 'stranger'] as const;
export type Role = (typeof roles)[number];
/** The run's engagements: 0 and 1 in organisation A, 2 in organisation B. */
export type E = 0 | 1 | 2;
export const engagements = [0, 1, 2] as const;

/** The two organisations' workspaces (Slack team ids), by engagement. */
export const tenantA = 'T1';
export const tenantB = 'T2';
export const tenants = [tenantA, tenantB] as const;
export const tenantOf = (e: E) => (e === 2 ? tenantB : tenantA);
export const otherTenant = (tenant: string) => (tenant === tenantA ? tenantB : tenantA);

/** Kim: a coach from a firm outside both organisations, a member of both workspaces through Slack Connect. */
export const kim = 'UKIM';
export const kimEmail = 'kim@firm.example';
const kimHomeTeam = 'TFIRM';

/**
 * How a run's people overlap. `crossRoles`: the first engagement's coach (Kim) is the second one's sponsor (one
 * person, two roles in two engagements — allowed; their views must still be kept apart). `kimInB`: Kim's role in
 * organisation B. `invited`: HR of A names Kim by e-mail (she is not in A's workspace yet) and she joins later.
 */
export interface Setup {
  crossRoles: boolean;
  kimInB: 'client' | 'sponsor' | 'coach';
  invited: boolean;
}

/** Platform ids by role, per engagement (0, 1: organisation A; 2: organisation B). */
const basePeople: Record<Role, [string, string, string]> = {
  client: ['UCLIENT', 'UCLIENT2', 'UBCLIENT'],
  sponsor: ['USPONSOR', 'USPONSOR2', 'UBSPONSOR'],
  coach: [kim, 'UCOACH3', 'UBCOACH'],
  coach2: ['UCOACH2', 'UCOACH2', 'UBCOACH2'],
  // Each of A's engagements is started by a different HR admin; UHR2 can be removed from A's list and restored.
  hr: ['UHR', 'UHR2', 'UHRX'],
  // The HR admin of the other organisation, acting in their own workspace.
  foreignHr: ['UHRX', 'UHRX', 'UHR'],
  stranger: ['USTRANGER', 'USTRANGER', 'USTRANGER'],
};
/** The HR admin each organisation's list starts with, and the one the run removes and restores. */
export const firstAdmin: Record<string, string> = { [tenantA]: 'UHR', [tenantB]: 'UHRX' };
export const removableAdmin: Record<string, string> = { [tenantA]: 'UHR2', [tenantB]: 'UBHR2' };

/** Every canary has this marker; nothing else in the system ever contains it. */
export const marker = 'CANARY';
export const canaryPattern = /CANARY\d+Q/g;

/** Who was shown something: a platform user, in one organisation's workspace (Kim is one user in two). */
export interface Viewer {
  tenant: string;
  id: string;
}
export const viewerName = (viewer: Viewer) => `${viewer.id} (in ${viewer.tenant})`;

export interface Received {
  role: Role;
  /** The engagement the acting person belongs to. */
  ownEngagement: E;
  /** Who received it. */
  viewer: Viewer;
  item: unknown;
}

/** How often a command kind ran, succeeded and was refused, over all runs. */
export type Coverage = Map<string, { ran: number; ok: number; refused: number }>;

export interface World {
  core: TestCore;
  uow: InMemoryUnitOfWork;
  /** The real cipher (for the oracle's own reads); `core.cipher` counts failures to open. */
  rawCipher: Cipher;
  people: Record<Role, [string, string, string]>;
  setup: Setup;
  engagementIds: [string, string, string];
  /** The organisations' ids, by tenant. */
  organisationIds: Record<string, string>;
  /** Each organisation's HR admins as the oracle expects them (platform ids), by tenant. */
  admins: Record<string, Set<string>>;
  platform: FakePlatform;
  /** A fresh canary, remembered as typed by `author` in engagement `e`. */
  nextCanary(e: E, author: string): string;
  canaryOwner: Map<string, E>;
  canaryAuthor: Map<string, string>;
  /** Canaries typed into a coach's note: readable by their author alone (not even by the client). */
  noteCanaries: Set<string>;
  /** Releases currently in force (status 'released'), refreshed after every command. */
  liveReleases: Set<string>;
  /** What this run reached (prompted, prepared, answered, released, withdrawn…), to measure coverage. */
  milestones: Set<string>;
  /** The exact text each preview showed the client, by release id. */
  previews: Map<string, { engagementId: string; text: string }>;
  /** Texts released with a recorded consent: the only private-born text the sponsor space may carry. */
  released: Map<string, { engagementId: string; text: string }>;
  /** Canaries the client shared with a coach, by that coach's platform user id (readers are people). */
  sharedWith: Map<string, Set<string>>;
  /** Everyone who held a role in each engagement (platform ids): who may read its released text. */
  triad: [Set<string>, Set<string>, Set<string>];
  replies: Received[];
  errors: { role: Role; text: string }[];
  /** Leading bytes of every private ciphertext seen, base64 and hex: they must not surface anywhere either. */
  ciphertextFragments: Set<string>;
  scannedOutbox: Set<string>;
  /** Times the cipher refused to open a row (expected only after a `tamper`). */
  cipherFailures: number;
  /** A row's ciphertext was swapped by the adversary. */
  tampered: boolean;
  /** Fresh platform ids for people of engagements started during the run. */
  freshUser(prefix: string): string;
  coverage: Coverage;
}

export const platformUser = (world: World, role: Role, e: E) => world.people[role][e];
export const actorFor = (world: World, role: Role, e: E): Actor => ({
  platform: 'slack',
  tenantId: role === 'foreignHr' ? otherTenant(tenantOf(e)) : tenantOf(e),
  platformUserId: platformUser(world, role, e),
});
export const viewerOf = (actor: Actor): Viewer => ({ tenant: actor.tenantId, id: actor.platformUserId });

/** Whether `actor` has HR rights over their workspace's organisation right now (its admin list). */
export const hasHrRights = (world: World, actor: Actor) =>
  world.admins[actor.tenantId]?.has(actor.platformUserId) ?? false;
/** Whether `actor` has HR rights over engagement `e`: over its organisation, acting in its workspace. */
export const hrOver = (world: World, actor: Actor, e: E) =>
  actor.tenantId === tenantOf(e) && hasHrRights(world, actor);
/** Whether `actor`, acting in their workspace, is the person with platform id `id` of engagement `e`. */
export const isPerson = (actor: Actor, id: string | undefined, e: E) =>
  actor.tenantId === tenantOf(e) && actor.platformUserId === id;

/** The engagement whose person acts in a command on engagement `e`: its own (0), or one of the others. */
export const ownOf = (e: E, other: number): E => ((e + other) % 3) as E;

/** A cipher that counts the rows it refused to open, so a refusal after tampering is told from a bug. */
function countingCipher(cipher: Cipher, onFailure: () => void): Cipher {
  return new Proxy(cipher, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          return value.apply(target, args);
        } catch (error) {
          onFailure();
          throw error;
        }
      };
    },
  });
}

export async function createWorld(setup: Setup, coverage: Coverage): Promise<World> {
  const core = createTestCore({ settings: { hrAdmins: [] } });
  const people = structuredClone(basePeople);
  if (setup.crossRoles) people.sponsor[1] = people.coach[0];
  people[setup.kimInB][2] = kim;
  for (const ids of [...Object.values(people), Object.values(removableAdmin)]) {
    for (const id of ids) if (id !== 'USTRANGER') core.directory.add({ platformUserId: id, displayName: id });
  }
  core.directory.add({ platformUserId: kim, displayName: 'Kim', email: kimEmail, homeTeamId: kimHomeTeam });
  const rawCipher = core.cipher;
  let fresh = 0;
  let counter = 0;
  const canaryOwner = new Map<string, E>();
  const canaryAuthor = new Map<string, string>();
  const world: World = {
    core,
    uow: core.uow as InMemoryUnitOfWork,
    rawCipher,
    people,
    setup,
    engagementIds: ['', '', ''],
    organisationIds: {},
    admins: { [tenantA]: new Set(), [tenantB]: new Set() },
    platform: fakePlatform(),
    nextCanary: (e, author) => {
      const canary = `${marker}${++counter}Q`;
      canaryOwner.set(canary, e);
      canaryAuthor.set(canary, author);
      return canary;
    },
    canaryOwner,
    canaryAuthor,
    noteCanaries: new Set(),
    liveReleases: new Set(),
    milestones: new Set(),
    previews: new Map(),
    released: new Map(),
    sharedWith: new Map(),
    triad: [new Set(), new Set(), new Set()],
    replies: [],
    errors: [],
    ciphertextFragments: new Set(),
    scannedOutbox: new Set(),
    cipherFailures: 0,
    tampered: false,
    freshUser: (prefix) => {
      const id = `${prefix}${++fresh}`;
      core.directory.add({ platformUserId: id, displayName: id });
      return id;
    },
    coverage,
  };
  core.cipher = countingCipher(rawCipher, () => {
    world.cipherFailures++;
  });
  // Each workspace installs Triad: the installer is its first HR admin, who adds a second one.
  for (const tenantId of tenants) {
    const installed = await makeFirstAdmin(
      {
        organisation: { platform: 'slack', tenantId },
        installer: { platformUserId: firstAdmin[tenantId] ?? '' },
      },
      core,
    );
    world.organisationIds[tenantId] = installed.organisationId;
    const actor: Actor = { platform: 'slack', tenantId, platformUserId: firstAdmin[tenantId] ?? '' };
    await addAdmin({ actor, platformUserId: removableAdmin[tenantId] ?? '' }, core);
    world.admins[tenantId] = new Set([firstAdmin[tenantId] ?? '', removableAdmin[tenantId] ?? '']);
  }
  for (const e of engagements) {
    const invited = e === 0 && setup.invited;
    const started = await startEngagement(
      {
        actor: actorFor(world, 'hr', e),
        clientUserId: people.client[e],
        sponsorUserId: people.sponsor[e],
        coachUserIds: invited ? [] : [people.coach[e], people.coach2[e]],
        ...(invited ? { coachEmails: [kimEmail] } : {}),
        weeks: 8,
        cadence: 'weekly',
      },
      core,
    );
    world.engagementIds[e] = started.engagementId;
  }
  return world;
}

/** Counts one command's outcome under its kind (`t` or `t:op`). */
export function countCommand(world: World, kind: string, outcome: 'ok' | 'refused' | 'ran') {
  const row = world.coverage.get(kind) ?? { ran: 0, ok: 0, refused: 0 };
  if (outcome === 'ran') row.ran++;
  else row[outcome]++;
  world.coverage.set(kind, row);
}

/** Every gated message or form inside a use case's result (reply, form, home sections). */
export function gatedItemsOf(result: unknown): unknown[] {
  const found: unknown[] = [];
  const walk = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || depth > 3 || isPrivateText(value)) return;
    if ('destination' in value && ('blocks' in value || 'fields' in value)) {
      found.push(value);
      return;
    }
    for (const inner of Array.isArray(value) ? value : Object.values(value)) walk(inner, depth + 1);
  };
  walk(result, 0);
  return found;
}

/** The private text of the first private part in a reply (the preview of a release). */
export function firstPrivateText(item: unknown): string | undefined {
  for (const block of ((item as { blocks?: unknown[] }).blocks ?? []) as { text?: unknown[] }[]) {
    for (const part of block.text ?? []) {
      const p = part as { kind?: string; text?: unknown };
      if (p.kind === 'private' && isPrivateText(p.text)) return revealPrivateText(p.text);
    }
  }
  return undefined;
}

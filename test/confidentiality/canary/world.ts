import { isPrivateText, revealPrivateText } from '../../../src/confidentiality/private-text.js';
import type { Cipher } from '../../../src/ports/cipher.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { createTestCore, type TestCore } from '../../support/core-deps.js';
import type { InMemoryUnitOfWork } from '../../support/in-memory-store/index.js';
import { type FakePlatform, fakePlatform } from './platform.js';

/**
 * The world one random command sequence runs in: two engagements of one organisation on the in-memory store
 * (so a leak across engagements is caught too), everyone's platform ids, a fake platform the outbox is
 * delivered to (conversations with members, failing on demand), and what the oracle needs to know — who may
 * read each canary (the client who wrote it, the coach it was shared with, the triad once it is released).
 */
export const roles = ['client', 'sponsor', 'coach', 'coach2', 'hr', 'foreignHr', 'stranger'] as const;
export type Role = (typeof roles)[number];

/**
 * How a run's people overlap. `crossRoles`: the first engagement's coach is the second one's sponsor (one person,
 * two roles in two engagements — allowed; their views must still be kept apart).
 */
export interface Setup {
  crossRoles: boolean;
}

const basePeople: Record<Role, [string, string]> = {
  client: ['UCLIENT', 'UCLIENT2'],
  sponsor: ['USPONSOR', 'USPONSOR2'],
  coach: ['UCOACH', 'UCOACH3'],
  coach2: ['UCOACH2', 'UCOACH2'],
  // Each engagement is started by a different HR admin; UHR2 can be removed from the admin list and restored.
  hr: ['UHR', 'UHR2'],
  foreignHr: ['UHRX', 'UHRX'],
  stranger: ['USTRANGER', 'USTRANGER'],
};
/** The HR admin the run removes from (and restores to) the configured list. */
export const removableHr = 'UHR2';
/** The organisation of the two engagements, and another one whose HR admin must never act in it. */
export const ownTenant = 'T1';
const foreignTenant = 'T2';

/** Every canary has this marker; nothing else in the system ever contains it. */
export const marker = 'CANARY';
export const canaryPattern = /CANARY\d+Q/g;

export interface Received {
  role: Role;
  /** The engagement the acting person belongs to. */
  ownEngagement: 0 | 1;
  /** Who received it (platform user id). */
  viewer: string;
  item: unknown;
}

/** How often a command kind ran, succeeded and was refused, over all runs. */
export type Coverage = Map<string, { ran: number; ok: number; refused: number }>;

export interface World {
  core: TestCore;
  uow: InMemoryUnitOfWork;
  /** The real cipher (for the oracle's own reads); `core.cipher` counts failures to open. */
  rawCipher: Cipher;
  people: Record<Role, [string, string]>;
  engagementIds: [string, string];
  organisationId: string;
  platform: FakePlatform;
  /** A fresh canary, remembered as typed by `author` in engagement `e`. */
  nextCanary(e: 0 | 1, author: string): string;
  canaryOwner: Map<string, 0 | 1>;
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
  triad: [Set<string>, Set<string>];
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

export const platformUser = (world: World, role: Role, e: 0 | 1) => world.people[role][e];
export const actorFor = (world: World, role: Role, e: 0 | 1): Actor => ({
  platform: 'slack',
  tenantId: role === 'foreignHr' ? foreignTenant : ownTenant,
  platformUserId: platformUser(world, role, e),
});
export const isForeign = (actor: Actor) => actor.tenantId !== ownTenant;

/** Whether `actor` has HR rights over the two engagements' organisation right now (configuration only). */
export const hasHrRights = (world: World, actor: Actor) =>
  !isForeign(actor) && world.core.settings.hrAdmins.includes(actor.platformUserId);

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
  const core = createTestCore({ settings: { hrAdmins: ['UHR', removableHr, 'UHRX'] } });
  const people = structuredClone(basePeople);
  if (setup.crossRoles) people.sponsor[1] = people.coach[0];
  for (const ids of Object.values(people)) {
    for (const id of ids) if (id !== 'USTRANGER') core.directory.add({ platformUserId: id, displayName: id });
  }
  const rawCipher = core.cipher;
  let fresh = 0;
  let counter = 0;
  const canaryOwner = new Map<string, 0 | 1>();
  const canaryAuthor = new Map<string, string>();
  const world: World = {
    core,
    uow: core.uow as InMemoryUnitOfWork,
    rawCipher,
    people,
    engagementIds: ['', ''],
    organisationId: '',
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
    triad: [new Set(), new Set()],
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
  for (const e of [0, 1] as const) {
    const started = await startEngagement(
      {
        actor: actorFor(world, 'hr', e),
        clientUserId: people.client[e],
        sponsorUserId: people.sponsor[e],
        coachUserIds: [people.coach[e], people.coach2[e]],
        weeks: 8,
        cadence: 'weekly',
      },
      core,
    );
    world.engagementIds[e] = started.engagementId;
  }
  const engagement = await core.uow.read.engagements.get(world.engagementIds[0]);
  world.organisationId = engagement?.organisationId ?? '';
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

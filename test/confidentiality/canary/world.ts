import { isPrivateText, revealPrivateText } from '../../../src/confidentiality/private-text.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { createTestCore, type TestCore } from '../../support/core-deps.js';
import type { InMemoryUnitOfWork } from '../../support/in-memory-store/index.js';

/**
 * The world one random command sequence runs in: two engagements of one organisation on the in-memory store
 * (so a leak across engagements is caught too), everyone's platform ids, and what the scans need to know —
 * which texts the client released after a preview, what they shared with their coach, every reply and error
 * each role received.
 */
export const roles = ['client', 'sponsor', 'coach', 'coach2', 'hr', 'stranger'] as const;
export type Role = (typeof roles)[number];

const people: Record<Role, [string, string]> = {
  client: ['UCLIENT', 'UCLIENT2'],
  sponsor: ['USPONSOR', 'USPONSOR2'],
  coach: ['UCOACH', 'UCOACH3'],
  coach2: ['UCOACH2', 'UCOACH2'],
  hr: ['UHR', 'UHR'],
  stranger: ['USTRANGER', 'USTRANGER'],
};

export const platformUser = (role: Role, e: 0 | 1) => people[role][e];
export const actorFor = (role: Role, e: 0 | 1): Actor => ({
  platform: 'slack',
  tenantId: 'T1',
  platformUserId: platformUser(role, e),
});

/** Every canary has this marker; nothing else in the system ever contains it. */
export const marker = 'CANARY';
export const canaryPattern = /CANARY\d+Q/g;

export interface Received {
  role: Role;
  /** The engagement the acting person belongs to. */
  ownEngagement: 0 | 1;
  item: unknown;
}

export interface World {
  core: TestCore;
  uow: InMemoryUnitOfWork;
  engagementIds: [string, string];
  /** A fresh canary, remembered as typed by someone of engagement `e`. */
  nextCanary(e: 0 | 1): string;
  canaryOwner: Map<string, 0 | 1>;
  /** Releases currently in force (status 'released'), refreshed after every command. */
  liveReleases: Set<string>;
  /** What this run reached (prompted, prepared, answered, released, withdrawn…), to measure coverage. */
  milestones: Set<string>;
  /** The exact text each preview showed the client, by release id. */
  previews: Map<string, { engagementId: string; text: string }>;
  /** Texts released with a recorded consent: the only private-born text the sponsor space may carry. */
  released: Map<string, { engagementId: string; text: string }>;
  /** Canaries the client shared with their coach, per engagement. */
  coachVisible: [Set<string>, Set<string>];
  replies: Received[];
  errors: { role: Role; text: string }[];
  /** Leading bytes of every private ciphertext seen, base64 and hex: they must not surface anywhere either. */
  ciphertextFragments: Set<string>;
  scannedOutbox: Set<string>;
}

export async function createWorld(): Promise<World> {
  const core = createTestCore();
  for (const role of roles) {
    for (const e of [0, 1] as const) {
      const id = platformUser(role, e);
      if (role !== 'stranger') core.directory.add({ platformUserId: id, displayName: `${role}-${id}` });
    }
  }
  const ids: string[] = [];
  for (const e of [0, 1] as const) {
    const started = await startEngagement(
      {
        actor: actorFor('hr', e),
        clientUserId: platformUser('client', e),
        sponsorUserId: platformUser('sponsor', e),
        coachUserIds: [platformUser('coach', e), platformUser('coach2', e)],
        weeks: 8,
        cadence: 'weekly',
      },
      core,
    );
    ids.push(started.engagementId);
  }
  let counter = 0;
  const canaryOwner = new Map<string, 0 | 1>();
  return {
    core,
    uow: core.uow as InMemoryUnitOfWork,
    engagementIds: [ids[0] as string, ids[1] as string],
    nextCanary: (e) => {
      const canary = `${marker}${++counter}Q`;
      canaryOwner.set(canary, e);
      return canary;
    },
    canaryOwner,
    liveReleases: new Set(),
    milestones: new Set(),
    previews: new Map(),
    released: new Map(),
    coachVisible: [new Set(), new Set()],
    replies: [],
    errors: [],
    ciphertextFragments: new Set(),
    scannedOutbox: new Set(),
  };
}

/**
 * After each command: remembers the leading bytes of every stored private ciphertext (entries and release
 * snapshots) and which releases are in force.
 */
export async function observeStore(world: World): Promise<void> {
  world.liveReleases.clear();
  for (const engagementId of world.engagementIds) {
    const entries = await world.core.uow.read.entries.listByEngagement(engagementId);
    const releases = await world.core.uow.read.releases.listByEngagement(engagementId);
    for (const release of releases) if (release.status === 'released') world.liveReleases.add(release.id);
    const prompts = await world.core.uow.read.prompts.listByEngagement(engagementId);
    const engagement = await world.core.uow.read.engagements.get(engagementId);
    const reached: [string, boolean][] = [
      ['prompted', prompts.length > 0],
      ['prepared', entries.some((entry) => entry.kind === 'meeting_preparation')],
      ['answered', prompts.some((p) => p.status === 'answered')],
      ['released', world.released.size > 0],
      ['withdrawn', releases.some((r) => r.status === 'withdrawn' && r.consentId !== null)],
      ['shared with coach', world.coachVisible.some((set) => set.size > 0)],
      ['purged', Boolean(engagement?.purgedAt)],
    ];
    for (const [milestone, yes] of reached) if (yes) world.milestones.add(milestone);
    for (const { ciphertext } of [...entries, ...releases]) {
      if (ciphertext.length < 16) continue;
      world.ciphertextFragments.add(ciphertext.subarray(0, 16).toString('base64'));
      world.ciphertextFragments.add(ciphertext.subarray(0, 16).toString('hex'));
    }
  }
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

import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { databaseErrorCode, violatedConstraint } from '../../../db/repositories/database-errors.js';
import type {
  AuditEntry,
  Consent,
  Engagement,
  Meeting,
  Organisation,
  OutboxEntry,
  Person,
  PrivateEntry,
  ReflectionPrompt,
  Release,
  Space,
} from '../../../src/engagement/records.js';
import type { Repositories, UnitOfWork } from '../../../src/ports/repositories.js';

/** Opens a fresh store for one test file. */
export type OpenStore = () => Promise<{ uow: UnitOfWork; close(): Promise<void> }>;
export type GetUow = () => UnitOfWork;

/** Distinct instants with milliseconds, so that a lost millisecond or zone shift shows. */
export const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 9, minute, 7, 123));

/** Ciphertext-like bytes, including zeros and high bytes that a text encoding would mangle. */
export const bytes = (size = 48) => Buffer.concat([Buffer.from([0, 255, 0, 128]), randomBytes(size)]);

/** jsonb with nesting, unicode, numbers, booleans and null. */
export const jsonValue = () => ({
  kind: 'space',
  channel: `C${randomUUID().slice(0, 8)}`,
  thread: { ts: '1732345678.000100', replies: [1, 2.5, -3] },
  flags: [true, false, null],
  name: 'Zoë “quoted” \\ backslash 🚀',
});

export function organisation(overrides: Partial<Organisation> = {}): Organisation {
  return {
    id: randomUUID(),
    platform: 'slack',
    platformTenantId: `T${randomUUID()}`,
    name: 'Acme Ltd',
    sessionVisibility: 'count_held',
    retentionDays: 45,
    hrDigestWeekday: 1,
    chemistryCalls: true,
    defaults: {},
    createdAt: at(0),
    ...overrides,
  };
}

export function person(organisationId: string, overrides: Partial<Person> = {}): Person {
  return {
    id: randomUUID(),
    organisationId,
    platformUserId: `U${randomUUID()}`,
    displayName: 'Jane Doe',
    timeZone: 'Europe/Berlin',
    homeTeamId: null,
    directAddress: jsonValue(),
    createdAt: at(1),
    updatedAt: at(2),
    ...overrides,
  };
}

export interface Triad {
  organisation: Organisation;
  client: Person;
  sponsor: Person;
  coach: Person;
  hr: Person;
  engagement: Engagement;
}

export function engagement(
  triad: Omit<Triad, 'engagement'>,
  overrides: Partial<Engagement> = {},
): Engagement {
  return {
    id: randomUUID(),
    organisationId: triad.organisation.id,
    clientId: triad.client.id,
    sponsorId: triad.sponsor.id,
    coachId: triad.coach.id,
    coachShortlist: [triad.coach.id, randomUUID()],
    startedById: triad.hr.id,
    stage: 'coaching',
    pausedStage: null,
    weeks: 12,
    cadence: 'fortnightly',
    promptWeekday: 3,
    promptTime: '09:30',
    timeZone: 'America/New_York',
    workingHours: null,
    startedAt: at(3),
    pausedAt: at(4),
    closedAt: at(5),
    purgeAfter: at(6),
    purgedAt: at(7),
    version: 1,
    updatedAt: at(8),
    ...overrides,
  };
}

/** An organisation, four people and an open engagement, committed. */
export async function seedTriad(uow: UnitOfWork, overrides: Partial<Engagement> = {}): Promise<Triad> {
  const org = organisation();
  const people = {
    client: person(org.id, { displayName: 'Client' }),
    sponsor: person(org.id, { displayName: 'Sponsor' }),
    coach: person(org.id, { displayName: 'Coach' }),
    hr: person(org.id, { displayName: 'HR' }),
  };
  const base = { organisation: org, ...people };
  const created = engagement(base, { closedAt: null, purgeAfter: null, purgedAt: null, ...overrides });
  await uow.transaction(async (repos) => {
    await repos.organisations.insert(org);
    for (const one of Object.values(people)) await repos.people.upsert(one);
    await repos.engagements.insert(created);
  });
  return { ...base, engagement: created };
}

export function space(engagementId: string, overrides: Partial<Space> = {}): Space {
  return {
    id: randomUUID(),
    engagementId,
    kind: 'sponsor',
    platform: 'teams',
    address: jsonValue(),
    coachId: null,
    coachSelfCheck: false,
    retiredAt: null,
    createdAt: at(9),
    ...overrides,
  };
}

export function meeting(engagementId: string, overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: randomUUID(),
    engagementId,
    kind: 'alignment',
    status: 'scheduled',
    startsAt: at(30),
    durationMinutes: 60,
    organiserId: null,
    organiserZone: 'Asia/Kolkata',
    videoUrl: 'https://meet.example.com/abc-defg-hij',
    coachId: null,
    threadAddress: jsonValue(),
    heldAt: at(31),
    version: 1,
    createdAt: at(10),
    updatedAt: at(11),
    ...overrides,
  };
}

export function prompt(engagementId: string, overrides: Partial<ReflectionPrompt> = {}): ReflectionPrompt {
  return {
    id: randomUUID(),
    engagementId,
    questionId: 'meaning-making-3',
    category: 'meaning_making',
    cycle: '2026-W48',
    status: 'snoozed',
    sentAt: at(12),
    snoozedUntil: at(13),
    nudgeDueAt: at(14),
    nudgedAt: at(15),
    expiresAt: at(16),
    ...overrides,
  };
}

export function entry(
  engagementId: string,
  authorId: string,
  overrides: Partial<PrivateEntry> = {},
): PrivateEntry {
  return {
    id: randomUUID(),
    engagementId,
    authorId,
    kind: 'reflection_answer',
    subjectId: randomUUID(),
    ciphertext: bytes(),
    keyId: 'k2026',
    readers: [authorId],
    sharedWithCoachAt: at(17),
    version: 1,
    createdAt: at(18),
    updatedAt: at(19),
    ...overrides,
  };
}

export function consent(engagementId: string, clientId: string, overrides: Partial<Consent> = {}): Consent {
  return {
    id: randomUUID(),
    engagementId,
    clientId,
    kind: 'release',
    textHash: 'a'.repeat(64),
    grantedAt: at(20),
    withdrawnAt: at(21),
    ...overrides,
  };
}

export function release(engagementId: string, entryId: string, overrides: Partial<Release> = {}): Release {
  return {
    id: randomUUID(),
    engagementId,
    entryId,
    entryVersion: 3,
    status: 'released',
    ciphertext: bytes(),
    keyId: 'k2026',
    textHash: 'b'.repeat(64),
    consentId: null,
    previewedAt: at(22),
    releasedAt: at(23),
    withdrawnAt: at(24),
    ...overrides,
  };
}

export function outboxEntry(engagementId: string | null, overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    id: randomUUID(),
    engagementId,
    destination: jsonValue(),
    spaceId: randomUUID(),
    readers: [randomUUID(), randomUUID()],
    idempotencyKey: `key:${randomUUID()}`,
    ciphertext: bytes(),
    keyId: 'k2026',
    status: 'sent',
    attempts: 2,
    lastErrorCode: 'ratelimited',
    availableAt: at(25),
    sentAt: at(26),
    platformMessageId: '1732345678.000200',
    createdAt: at(27),
    updatedAt: at(28),
    ...overrides,
  };
}

export function auditEntry(engagementId: string | null, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    engagementId,
    actorId: randomUUID(),
    action: 'release_shared',
    outcome: 'allowed',
    details: { space: 'sponsor', parts: ['released', 'logistics'], count: 2 },
    createdAt: at(29),
    ...overrides,
  };
}

/** Runs `work` in a transaction and returns its result. */
export const inTx = <T>(uow: UnitOfWork, work: (repos: Repositories) => Promise<T>) => uow.transaction(work);

/** Asserts the promise fails with the given SQLSTATE (and constraint), whichever store is underneath. */
export async function expectDatabaseError(promise: Promise<unknown>, code: string, constraint?: string) {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error, `expected a database error ${code}`).toBeDefined();
  expect(databaseErrorCode(error)).toBe(code);
  if (constraint) expect(violatedConstraint(error)).toBe(constraint);
}

/** Asserts the promise fails with a TriadError of the given code. */
export async function expectTriadError(promise: Promise<unknown>, code: string) {
  await expect(promise).rejects.toMatchObject({ name: 'TriadError', code });
}

import { isPrivateText, revealPrivateText } from '../../../src/confidentiality/private-text.js';
import { outboxRow } from '../../../src/confidentiality/sealed-rows.js';
import type { Engagement, EngagementStage, Meeting, OutboxEntry } from '../../../src/engagement/records.js';
import type { OutboundMessage } from '../../../src/messages/message.js';
import { deserializePayload } from '../../../src/messages/serialize.js';
import type { UnitOfWork } from '../../../src/ports/repositories.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import type { CoreSettings } from '../../../src/use-cases/deps.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { issueReflectionPrompt } from '../../../src/use-cases/reflections/issue-reflection-prompt.js';
import { createTestCore, type TestCore } from '../../support/core-deps.js';
import type { InMemoryUnitOfWork } from '../../support/in-memory-store/index.js';

export const actorOf = (platformUserId: string): Actor => ({
  platform: 'slack',
  tenantId: 'T1',
  platformUserId,
});

export const actors = {
  client: actorOf('UCLIENT'),
  sponsor: actorOf('USPONSOR'),
  coach: actorOf('UCOACH'),
  hr: actorOf('UHR'),
  stranger: actorOf('USTRANGER'),
} as const;
export type Role = keyof typeof actors;

/** Monday 23 November 2026, 09:30 in London: when the weekly prompt of the first week is due. */
export const firstPromptDue = new Date('2026-11-23T09:30:00Z');
export const week = 7 * 24 * 3600_000;
export const hour = 3600_000;

export interface TriadFixture {
  core: TestCore;
  uow: InMemoryUnitOfWork;
  engagementId: string;
  engagement(): Promise<Engagement>;
  setStage(stage: EngagementStage, changes?: Partial<Engagement>): Promise<void>;
  scheduleMeeting(kind: Meeting['kind'], startsAt: Date): Promise<Meeting>;
  /** Issues the prompt due at `dueAt` and returns its id. */
  issue(dueAt?: Date): Promise<string>;
  outbox(): Promise<{ entry: OutboxEntry; message: OutboundMessage | undefined; json: string }[]>;
  outboxTo(
    space: 'client_dm' | 'coaching' | 'sponsor',
  ): Promise<{ message: OutboundMessage; json: string }[]>;
}

/** A started engagement (one coach, so the coaching space exists) moved straight to `stage`. */
export async function triadIn(
  stage: EngagementStage = 'coaching',
  options: {
    settings?: Partial<CoreSettings>;
    coach?: boolean;
    cadence?: 'weekly' | 'fortnightly';
    /** Another store (e.g. real PostgreSQL) instead of the in-memory one. */
    uow?: UnitOfWork;
  } = {},
): Promise<TriadFixture> {
  const core = createTestCore({
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.uow ? { uow: options.uow } : {}),
  });
  const uow = core.uow as InMemoryUnitOfWork;
  for (const [id, name] of [
    ['UCLIENT', 'Casey Client'],
    ['USPONSOR', 'Sam Sponsor'],
    ['UCOACH', 'Kim Coach'],
    ['UCOACH2', 'Lee Coach'],
    ['UHR', 'Hana HR'],
    ['USTRANGER', 'Sid Stranger'],
  ] as const) {
    core.directory.add({ platformUserId: id, displayName: name, timeZone: 'Europe/London' });
  }
  const started = await startEngagement(
    {
      actor: actors.hr,
      clientUserId: 'UCLIENT',
      sponsorUserId: 'USPONSOR',
      coachUserIds: options.coach === false ? ['UCOACH', 'UCOACH2'] : ['UCOACH'],
      weeks: 12,
      cadence: options.cadence ?? 'weekly',
    },
    core,
  );
  // The stranger is known to Triad (in the same organisation) but not part of this engagement.
  await core.uow.transaction(async (repos) => {
    const organisation = await repos.organisations.findByTenant('slack', 'T1');
    const now = core.clock.now();
    await repos.people.upsert({
      id: core.ids.newId(),
      organisationId: organisation?.id ?? '',
      platformUserId: 'USTRANGER',
      displayName: 'Sid Stranger',
      timeZone: 'Europe/London',
      homeTeamId: null,
      directAddress: null,
      createdAt: now,
      updatedAt: now,
    });
  });
  const engagementId = started.engagementId;
  const fixture: TriadFixture = {
    core,
    uow,
    engagementId,
    engagement: async () => (await core.uow.read.engagements.get(engagementId)) as Engagement,
    async setStage(next, changes = {}) {
      await core.uow.transaction(async (repos) => {
        const current = (await repos.engagements.getForUpdate(engagementId)) as Engagement;
        await repos.engagements.update({ ...current, stage: next, ...changes, version: current.version + 1 });
      });
    },
    async scheduleMeeting(kind, startsAt) {
      return core.uow.transaction(async (repos) => {
        const meetings = await repos.meetings.listByEngagement(engagementId);
        const meeting = meetings.find((m) => m.kind === kind) as Meeting;
        const next = { ...meeting, status: 'scheduled' as const, startsAt, version: meeting.version + 1 };
        await repos.meetings.update(next);
        return next;
      });
    },
    async issue(dueAt = firstPromptDue) {
      const result = await issueReflectionPrompt({ engagementId, dueAt }, core);
      if (result.outcome !== 'issued') throw new Error(`prompt not issued: ${result.outcome}`);
      return result.promptId;
    },
    async outbox() {
      const entries = await core.uow.read.outbox.listByEngagement(engagementId);
      return entries.map((entry) => {
        if (entry.ciphertext.length === 0) return { entry, message: undefined, json: '' };
        const json = core.cipher.open(entry, outboxRow(entry));
        const payload = deserializePayload(json);
        return { entry, message: payload.type === 'message' ? payload.message : undefined, json };
      });
    },
    async outboxTo(space) {
      const all = await fixture.outbox();
      return all.flatMap(({ message, json }) =>
        message && message.destination.kind === 'space' && message.destination.space === space
          ? [{ message, json }]
          : [],
      );
    },
  };
  await fixture.setStage(stage);
  return fixture;
}

/** The readable text of a message or form, private parts revealed (for assertions only). */
export function textOf(item: unknown): string {
  const parts: string[] = [];
  const walk = (value: unknown) => {
    if (value === null || value === undefined) return;
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record.kind === 'private' && record.text) {
        parts.push(revealAny(record.text));
        return;
      }
      for (const [key, inner] of Object.entries(record))
        if ((key !== 'value' || typeof inner !== 'string') && key !== 'actionId') walk(inner);
    }
  };
  walk(item);
  return parts.join('\n');
}

const revealAny = (text: unknown) => (isPrivateText(text) ? revealPrivateText(text) : String(text));

/** The ids on the buttons of a message, by action id. */
export function buttonsOf(message: { blocks?: readonly unknown[] }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of (message.blocks ?? []) as {
    type: string;
    elements?: { actionId: string; value: string }[];
  }[]) {
    if (block.type === 'actions')
      for (const element of block.elements ?? []) out[element.actionId] = element.value;
  }
  return out;
}

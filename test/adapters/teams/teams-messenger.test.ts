import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TeamsAddress, teamsAddress } from '../../../adapters/teams/teams-address.js';
import { TeamsMessenger, WAIT_FOR_PEOPLE_MS } from '../../../adapters/teams/teams-messenger.js';
import { deliverOutboxEntry } from '../../../src/outbox/deliver-outbox-entry.js';
import { DeliveryError } from '../../../src/ports/messenger.js';
import { sendMeetingReminder } from '../../../src/scheduling/send-meeting-reminder.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { createTestCore, type TestCore } from '../../support/core-deps.js';
import type { FakeConversation } from '../../support/fake-bot-connector/index.js';
import { startTeamsFakes, TENANT_ID, type TeamsFakes } from './support/teams-fakes.js';
import { cardProblems, cardsOf } from './support/validate-card.js';

let teams: TeamsFakes;
let core: TestCore;
let messenger: TeamsMessenger;
let engagementId: string;

const ids = { hr: '29:hr', client: '29:client', sponsor: '29:sponsor', coach: '29:coach' } as const;

beforeEach(async () => {
  teams = await startTeamsFakes();
  core = createTestCore({ settings: { hrAdmins: [ids.hr] } });
  for (const [role, id] of Object.entries(ids)) {
    const name = `${role[0]?.toUpperCase()}${role.slice(1)} Person`;
    teams.fake.addUser({ id, name });
    core.directory.add({ platformUserId: id, displayName: name });
  }
  messenger = new TeamsMessenger({
    connector: teams.connector,
    core,
    uow: core.uow,
    clock: core.clock,
    logger: core.logger,
    defaultServiceUrl: teams.fake.serviceUrl,
    defaultTenantId: TENANT_ID,
  });
  ({ engagementId } = await startEngagement(
    {
      actor: { platform: 'teams', tenantId: TENANT_ID, platformUserId: ids.hr },
      clientUserId: ids.client,
      sponsorUserId: ids.sponsor,
      coachUserIds: [ids.coach],
    },
    core,
  ));
});

afterEach(async () => {
  await teams.close();
});

const deliver = (outboxId: string) =>
  deliverOutboxEntry({ outboxId }, { ...core, messengers: { teams: messenger } });

async function entryFor(key: string) {
  const entries = await core.uow.read.outbox.listByEngagement(engagementId);
  const entry = entries.find((e) => e.idempotencyKey.endsWith(key));
  if (!entry) throw new Error(`no outbox entry ${key}`);
  return entry;
}

const personalChatOf = (userId: string) =>
  [...teams.fake.conversations.values()].find(
    (c) => c.conversationType === 'personal' && c.memberIds[0] === userId,
  );

function linkGroupChat(space: 'sponsor' | 'coaching', memberIds: string[]): FakeConversation {
  const chat = teams.fake.addConversation({ conversationType: 'groupChat', memberIds });
  const address: TeamsAddress = teamsAddress.parse({
    conversationId: chat.id,
    serviceUrl: teams.fake.serviceUrl,
    tenantId: TENANT_ID,
    conversationType: 'groupChat',
    engagementId,
    space,
  });
  return Object.assign(chat, { address });
}

async function setSpaceAddress(space: 'sponsor' | 'coaching', chat: FakeConversation) {
  const stored = await core.uow.read.spaces.find(engagementId, space);
  await core.uow.transaction((repos) =>
    repos.spaces.setAddress(stored?.id ?? '', (chat as FakeConversation & { address: TeamsAddress }).address),
  );
}

describe('the Teams messenger, through the real delivery use case', () => {
  it('creates the client’s 1:1 chat and posts a valid card there, with the outbox id in its actions', async () => {
    const welcome = await entryFor(':welcome:client');

    expect(await deliver(welcome.id)).toMatchObject({ outcome: 'sent' });

    const chat = personalChatOf(ids.client);
    expect(chat?.origin).toBe('createConversation');
    const [posted] = teams.fake.activitiesIn(chat?.id ?? '');
    expect(posted?.operation).toBe('sendToConversation');
    const [card] = cardsOf(posted?.activity);
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain(`"outboxId":"${welcome.id}"`);
    expect((await core.uow.read.outbox.get(welcome.id))?.platformMessageId).toBe(
      `${chat?.id}|${posted?.activityId}`,
    );
  });

  it('waits for the sponsor chat people make, telling the client once how to make it', async () => {
    const welcome = await entryFor(':welcome:sponsor');

    const first = await deliver(welcome.id);
    const second = await deliver(welcome.id);

    for (const outcome of [first, second]) {
      expect(outcome).toMatchObject({ outcome: 'retry', code: 'space_not_linked', reason: 'rate_limited' });
    }
    const setup = await entryFor(':setup:sponsor');
    // The client's welcome was written first, so it arrives in their 1:1 chat first.
    expect(await deliver(setup.id)).toMatchObject({ outcome: 'retry', reason: 'ordered' });
    expect(await deliver((await entryFor(':welcome:client')).id)).toMatchObject({ outcome: 'sent' });
    expect(await deliver(setup.id)).toMatchObject({ outcome: 'sent' });
    const notices = teams.fake.activitiesIn(personalChatOf(ids.client)?.id ?? '').slice(1);
    expect(notices).toHaveLength(1);
    const text = JSON.stringify(notices[0]?.activity);
    expect(text).toContain('start a new group chat with exactly you and Sponsor Person and Coach Person');
    expect((await core.uow.read.outbox.get(welcome.id))?.attempts).toBe(0);

    const chat = linkGroupChat('sponsor', [ids.sponsor, ids.client, ids.coach]);
    await setSpaceAddress('sponsor', chat);
    expect(await deliver(welcome.id)).toMatchObject({ outcome: 'sent' });
    expect(teams.fake.activitiesIn(chat.id)).toHaveLength(1);
  });

  it('mentions the people a meeting reminder is for, with the mention entities Teams notifies by', async () => {
    const chat = linkGroupChat('sponsor', [ids.sponsor, ids.client, ids.coach]);
    await setSpaceAddress('sponsor', chat);
    const startsAt = new Date(core.clock.now().getTime() + 30 * 3600_000);
    const meetings = await core.uow.read.meetings.listByEngagement(engagementId);
    const kickoff = meetings.find((m) => m.kind === 'kickoff');
    if (!kickoff) throw new Error('no kickoff meeting');
    const scheduled = { ...kickoff, status: 'scheduled' as const, startsAt, version: kickoff.version + 1 };
    await core.uow.transaction((repos) => repos.meetings.update(scheduled));
    await sendMeetingReminder({ meetingId: kickoff.id, reminder: 'sponsor-24h', startsAt }, core);
    const reminder = await entryFor(':reminder:sponsor-24h');
    for (const entry of await core.uow.read.outbox.listByEngagement(engagementId)) await deliver(entry.id);
    expect(await core.uow.read.outbox.get(reminder.id)).toMatchObject({ status: 'sent' });
    const [card] = cardsOf(teams.fake.activitiesIn(chat.id).at(-1)?.activity);
    expect(cardProblems(card)).toEqual([]);
    const entities = (card as { msteams?: { entities?: unknown[] } }).msteams?.entities;
    expect(entities).toContainEqual({
      type: 'mention',
      text: '<at>Sponsor Person</at>',
      mentioned: { id: ids.sponsor, name: 'Sponsor Person' },
    });
    expect(JSON.stringify(card?.body)).toContain('<at>Sponsor Person</at>');
  });

  it('posts nothing into a linked chat that someone outside the engagement joined, until they leave', async () => {
    teams.fake.addUser({ id: '29:stranger', name: 'Stan Stranger' });
    const chat = linkGroupChat('sponsor', [ids.sponsor, ids.client, ids.coach, '29:stranger']);
    await setSpaceAddress('sponsor', chat);
    const welcome = await entryFor(':welcome:sponsor');

    expect(await deliver(welcome.id)).toMatchObject({ outcome: 'retry', code: 'roster_mismatch' });
    expect(await deliver(welcome.id)).toMatchObject({ outcome: 'retry', code: 'roster_mismatch' });
    const posted = teams.fake.activitiesIn(chat.id).map((a) => JSON.stringify(a.activity));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('now includes Stan Stranger');
    expect(posted[0]).not.toContain('Coaching for');

    chat.memberIds = chat.memberIds.filter((id) => id !== '29:stranger');
    expect(await deliver(welcome.id)).toMatchObject({ outcome: 'sent' });
    expect(JSON.stringify(teams.fake.activitiesIn(chat.id).at(-1)?.activity)).toContain('Coaching for');
  });

  it('asks a linked chat to add the coach, and finishes once Teams shows them there', async () => {
    const chat = linkGroupChat('sponsor', [ids.sponsor, ids.client]);
    await setSpaceAddress('sponsor', chat);
    const join = await entryFor(':join:sponsor');
    // Written before the coach's joining: the sponsor welcome, which went out already.
    const welcome = await entryFor(':welcome:sponsor');
    await core.uow.transaction((repos) =>
      repos.outbox.update({ ...welcome, status: 'sent', sentAt: core.clock.now() }),
    );

    expect(await deliver(join.id)).toMatchObject({ outcome: 'retry', code: 'member_not_added' });
    expect(JSON.stringify(teams.fake.activitiesIn(chat.id)[0]?.activity)).toContain(
      'please add Coach Person here',
    );

    chat.memberIds.push(ids.coach);
    expect(await deliver(join.id)).toMatchObject({ outcome: 'sent' });
    expect(teams.fake.activitiesIn(chat.id)).toHaveLength(1);
  });

  it('waits out a 429 as Teams asks, without using up an attempt', async () => {
    const welcome = await entryFor(':welcome:client');
    teams.fake.setFault({ status: 429, operation: 'sendToConversation', retryAfterSeconds: 1, times: 4 });

    const outcome = await deliver(welcome.id);

    expect(outcome).toMatchObject({ outcome: 'retry', code: 'rate_limited', reason: 'rate_limited' });
    expect(outcome.outcome === 'retry' && outcome.at.getTime() - core.clock.now().getTime()).toBe(1000);
    expect((await core.uow.read.outbox.get(welcome.id))?.attempts).toBe(0);
  });

  it.each([
    [403, 'ConversationBlockedByUser'],
    [404, 'ConversationNotFound'],
  ])('gives up on a %i (%s) and says why', async (status, code) => {
    const welcome = await entryFor(':welcome:client');
    teams.fake.setFault({ status, code, operation: 'sendToConversation' });

    expect(await deliver(welcome.id)).toEqual({ outcome: 'failed', code });
    expect((await core.uow.read.outbox.get(welcome.id))?.status).toBe('failed');
  });

  it('refuses an address that is not a Teams address, for good', async () => {
    await expect(messenger.addMember({ channel: 'C1' }, ids.coach)).rejects.toEqual(
      new DeliveryError('invalid_address', false),
    );
  });

  it('cannot look for an earlier send: the Bot Connector has no way to read a chat back', async () => {
    expect(await messenger.findSent()).toBeUndefined();
    expect(WAIT_FOR_PEOPLE_MS).toBeGreaterThan(0);
  });
});

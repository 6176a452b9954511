import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackMessenger } from '../../../adapters/slack/slack-messenger.js';
import { createDeliveryClient } from '../../../adapters/slack/slack-web-client.js';
import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import { logistics } from '../../../src/confidentiality/parts.js';
import { words } from '../../../src/confidentiality/words.js';
import type { Meeting, Person } from '../../../src/engagement/records.js';
import { sponsorMeetingReminder } from '../../../src/messages/compose/reminder-meeting.js';
import type { OutboundMessage } from '../../../src/messages/message.js';
import { DeliveryError } from '../../../src/ports/messenger.js';
import { FAKE_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../../support/fake-slack/index.js';

const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';
const NEW_COACH = 'U0COACH002';
const STRANGER = 'U0STRANGER';

let fake: FakeSlack;
let messenger: SlackMessenger;

const message = (text: string): Gated<OutboundMessage> =>
  ({
    audience: 'shared',
    destination: { kind: 'space', engagementId: 'e1', space: 'sponsor' },
    summary: words(text),
    blocks: [{ type: 'section', text: [logistics(text)] }],
  }) as unknown as Gated<OutboundMessage>;

beforeEach(async () => {
  fake = await startFakeSlack({
    users: [
      { id: CLIENT, name: 'ada' },
      { id: SPONSOR, name: 'sam' },
      { id: COACH, name: 'kim' },
      { id: NEW_COACH, name: 'lee' },
      { id: STRANGER, name: 'eve' },
    ],
  });
  const client = createDeliveryClient({
    token: FAKE_BOT_TOKEN,
    apiUrl: fake.url,
    logger: pino({ level: 'silent' }),
  });
  messenger = new SlackMessenger(client);
});

afterEach(async () => {
  expect(fake.internalErrors).toEqual([]);
  expect(fake.unexpectedCalls).toEqual([]);
  await fake.close();
});

describe('Slack spaces', () => {
  it('opens the client DM as the bot IM', async () => {
    const address = await messenger.openSpace({
      engagementId: 'e1',
      kind: 'client_dm',
      memberPlatformUserIds: [CLIENT],
      title: 'triad-dm',
    });
    expect(address).toEqual({ channel: fake.conversations.imWith(CLIENT)?.id });
    expect(await messenger.openDirect(CLIENT)).toEqual(address);
  });

  it('opens the sponsor space as a private channel, adds and removes the coach', async () => {
    const address = await messenger.openSpace({
      engagementId: 'e1',
      kind: 'sponsor',
      memberPlatformUserIds: [SPONSOR, CLIENT],
      title: 'Triad Sponsor 1a2b3c4d',
    });
    const channel = fake.conversations.get(address.channel);
    expect(channel).toMatchObject({ name: 'triad-sponsor-1a2b3c4d', is_private: true, is_mpim: false });
    await messenger.addMember(address, COACH);
    await messenger.addMember(address, COACH);
    expect(fake.conversations.get(address.channel)?.members).toEqual(
      expect.arrayContaining([SPONSOR, CLIENT, COACH]),
    );
    await messenger.removeMember(address, COACH);
    await messenger.removeMember(address, COACH);
    await messenger.addMember(address, NEW_COACH);
    expect(fake.conversations.get(address.channel)?.members).not.toContain(COACH);
    expect(fake.conversations.get(address.channel)?.members).toContain(NEW_COACH);
  });

  const coachingSpace = {
    engagementId: 'e1',
    kind: 'coaching' as const,
    memberPlatformUserIds: [CLIENT, COACH],
    title: 'triad-coaching-e1',
  };
  const namedLikeTheSpace = () =>
    fake.conversations.all().filter((c) => c.name.startsWith('triad-coaching-e1'));

  it('opens one channel when two deliveries open the same space at once, and both get it', async () => {
    const [first, second] = await Promise.all([
      messenger.openSpace(coachingSpace),
      messenger.openSpace(coachingSpace),
    ]);
    expect(second).toEqual(first);
    expect(namedLikeTheSpace()).toHaveLength(1);
    expect(fake.conversations.get(first.channel)?.members).toEqual(expect.arrayContaining([CLIENT, COACH]));
  });

  it('reuses its own channel of the space’s name after a crash that followed the create', async () => {
    for (let i = 0; i < 230; i += 1) fake.conversations.add({ name: `other-${i}`, is_private: true });
    const earlier = fake.conversations.add({ name: 'triad-coaching-e1', is_private: true });
    expect(await messenger.openSpace(coachingSpace)).toEqual({ channel: earlier.id });
    expect(namedLikeTheSpace()).toHaveLength(1);
    expect(fake.conversations.get(earlier.id)?.members).toEqual(expect.arrayContaining([CLIENT, COACH]));
    expect(fake.callsTo('conversations.list').length).toBeGreaterThan(1);
  });

  it.each([
    ['a channel the bot is not in', { includeBot: false }],
    ['an archived channel', { archived: true }],
    ['a channel someone else created and invited the bot to', { creator: STRANGER, members: [STRANGER] }],
    ['a channel someone else created with nobody else in it', { creator: STRANGER }],
    ["the bot's own channel with a stranger in it", { members: [CLIENT, STRANGER] }],
  ])('never adopts %s with the space’s name: the space opens under the next name', async (_, how) => {
    const taken = fake.conversations.add({
      name: 'triad-coaching-e1',
      is_private: true,
      includeBot: !('includeBot' in how),
      ...('creator' in how ? { creator: how.creator } : {}),
      ...('members' in how ? { members: how.members } : {}),
    });
    if ('archived' in how) taken.is_archived = true;
    const before = [...taken.members];
    const address = await messenger.openSpace(coachingSpace);
    expect(address.channel).not.toBe(taken.id);
    expect(fake.conversations.get(address.channel)).toMatchObject({
      name: 'triad-coaching-e1-2',
      creator: fake.identity.botUserId,
    });
    expect(fake.conversations.get(address.channel)?.members.sort()).toEqual(
      [fake.identity.botUserId, CLIENT, COACH].sort(),
    );
    expect(fake.conversations.get(taken.id)?.members).toEqual(before);
  });

  it('gives up for now, retryably, when every candidate name is held by others', async () => {
    for (const name of ['triad-coaching-e1', ...[2, 3, 4, 5].map((i) => `triad-coaching-e1-${i}`)]) {
      fake.conversations.add({ name, is_private: true, creator: STRANGER, members: [STRANGER] });
    }
    await expect(messenger.openSpace(coachingSpace)).rejects.toMatchObject({
      code: 'space_name_taken',
      retryable: true,
    });
    expect(fake.conversations.all().filter((c) => c.members.includes(COACH))).toEqual([]);
  });

  it('reports the people in a channel, the bot left out', async () => {
    const address = await messenger.openSpace(coachingSpace);
    expect((await messenger.listMembers(address)).sort()).toEqual([CLIENT, COACH].sort());
  });
});

describe('sending', () => {
  it('posts with the outbox id as metadata, threads replies, and finds both again after a crash', async () => {
    const address = await messenger.openSpace({
      engagementId: 'e1',
      kind: 'sponsor',
      memberPlatformUserIds: [SPONSOR],
      title: 'triad-sponsor-e1',
    });
    const since = new Date(Date.now() - 1000);
    const first = await messenger.send(address, message('Alignment meeting'), { outboxId: 'out-1' });
    const reply = await messenger.send(address, message('Moved to Tuesday'), {
      outboxId: 'out-2',
      threadAddress: first.threadAddress,
    });
    const [top, threaded] = fake.messagesIn(address.channel);
    expect(top?.metadata).toEqual({ event_type: 'triad_outbox', event_payload: { outbox_id: 'out-1' } });
    expect(threaded?.thread_ts).toBe(top?.ts);
    expect(await messenger.findSent(address, 'out-1', since)).toBe(first.messageId);
    expect(await messenger.findSent(address, 'out-2', since)).toBe(reply.messageId);
    expect(await messenger.findSent(address, 'out-3', since)).toBeUndefined();
  });

  it('mentions the people a reminder in a thread is for, so Slack notifies them and not only the thread’s followers', async () => {
    const address = await messenger.openSpace({
      engagementId: 'e1',
      kind: 'sponsor',
      memberPlatformUserIds: [SPONSOR, CLIENT],
      title: 'triad-sponsor-e1',
    });
    const first = await messenger.send(address, message('Alignment meeting'), { outboxId: 'out-1' });
    const person = (id: string, platformUserId: string, displayName: string) =>
      ({ id, platformUserId, displayName, timeZone: 'Europe/London' }) as Person;
    const meeting = {
      id: 'm1',
      engagementId: 'e1',
      kind: 'alignment',
      durationMinutes: 60,
      startsAt: new Date('2026-12-10T14:00:00Z'),
    } as Meeting & { startsAt: Date };
    const reminder = sponsorMeetingReminder(
      meeting,
      [person('p-client', CLIENT, 'Ada'), person('p-sponsor', SPONSOR, 'Sam')],
      24,
    );
    await messenger.send(address, reminder as Gated<OutboundMessage>, {
      outboxId: 'out-2',
      threadAddress: first.threadAddress,
    });
    const posted = fake.callsTo('chat.postMessage').at(-1)?.args;
    expect(posted?.thread_ts).toBe(fake.messagesIn(address.channel)[0]?.ts);
    expect(posted?.text).toMatch(new RegExp(`^<@${CLIENT}> <@${SPONSOR}> Reminder: the sponsor alignment`));
    expect(JSON.stringify(posted?.blocks)).toContain(`<@${SPONSOR}>`);
  });

  it('turns a 429 into a retryable error carrying Retry-After in milliseconds', async () => {
    const address = await messenger.openDirect(CLIENT);
    fake.setFault({ method: 'chat.postMessage', times: 1, respond: { status: 429, retryAfter: 7 } });
    const error = await messenger.send(address, message('hi'), { outboxId: 'o' }).catch((e) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 7000 });
  });

  it.each([
    ['ratelimited', true],
    ['internal_error', true],
    ['channel_not_found', false],
    ['not_in_channel', false],
    ['is_archived', false],
    ['account_inactive', false],
    // The token refused (uninstalled, revoked, expired): the message waits for the workspace, not failed.
    ['token_revoked', true],
    ['token_expired', true],
    ['invalid_auth', true],
  ])('maps Slack error %s to retryable=%s', async (code, retryable) => {
    const address = await messenger.openDirect(CLIENT);
    fake.setFault({ method: 'chat.postMessage', times: 1, respond: { error: code } });
    const error = await messenger.send(address, message('hi'), { outboxId: 'o' }).catch((e) => e);
    expect(error).toMatchObject({ code, retryable });
  });

  it('treats a Slack 503 and a dropped connection as retryable', async () => {
    const address = await messenger.openDirect(CLIENT);
    fake.setFault({ method: 'chat.postMessage', times: 1, respond: { status: 503 } });
    await expect(messenger.send(address, message('hi'), { outboxId: 'o' })).rejects.toMatchObject({
      retryable: true,
    });
    fake.setFault({ method: 'chat.postMessage', times: 1, respond: { drop: true } });
    await expect(messenger.send(address, message('hi'), { outboxId: 'o' })).rejects.toMatchObject({
      code: 'network_error',
      retryable: true,
    });
  });

  it('refuses an address that is not a Slack address, for good', async () => {
    await expect(
      messenger.send({ conversationId: 'x' }, message('hi'), { outboxId: 'o' }),
    ).rejects.toMatchObject({
      code: 'invalid_address',
      retryable: false,
    });
  });
});

import { LogLevel } from '@slack/bolt';
import { ErrorCode, type Logger, WebClient, WebClientEvent } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_BOT_TOKEN, type FakeSlack, startFakeSlack } from './fake-slack/index.js';

// Signed inbound requests into a real Bolt app are proven in ./fake-slack/bolt-inbound.test.ts.

const quickRetries = { retries: 2, factor: 1, minTimeout: 0, maxTimeout: 0 };
const silent = () => undefined;
/** WebClient logs Slack's `[ERROR]` response messages; the tests assert on the errors instead. */
const quietLogger: Logger = {
  debug: silent,
  info: silent,
  warn: silent,
  error: silent,
  setLevel: silent,
  getLevel: () => LogLevel.ERROR,
  setName: silent,
};

let fake: FakeSlack;
let client: WebClient;
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';

function section(text: string) {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

beforeEach(async () => {
  fake = await startFakeSlack({
    users: [
      { id: CLIENT, name: 'ada', real_name: 'Ada Client', tz: 'Europe/Berlin' },
      { id: SPONSOR, name: 'sam', real_name: 'Sam Sponsor', profile: { status_text: 'On leave' } },
    ],
  });
  client = new WebClient(FAKE_BOT_TOKEN, {
    slackApiUrl: fake.url,
    retryConfig: quickRetries,
    logger: quietLogger,
  });
});

afterEach(async () => {
  expect(fake.internalErrors).toEqual([]);
  await fake.close();
});

describe('fake Slack Web API through a real WebClient', () => {
  it('round-trips a DM message with metadata through history, hiding metadata unless asked', async () => {
    const opened = await client.conversations.open({ users: CLIENT });
    const channel = opened.channel?.id as string;
    const metadata = { event_type: 'triad_prompt', event_payload: { engagement_id: 'eng-1' } };
    const posted = await client.chat.postMessage({ channel, text: 'Weekly reflection', metadata });

    const withMeta = await client.conversations.history({ channel, include_all_metadata: true });
    expect(withMeta.messages?.[0]).toMatchObject({ ts: posted.ts, text: 'Weekly reflection', metadata });
    const without = await client.conversations.history({ channel });
    expect(without.messages?.[0]?.metadata).toBeUndefined();
    expect(fake.messagesIn(CLIENT).map((m) => m.text)).toEqual(['Weekly reflection']);
    expect(fake.calls.every((c) => c.token === FAKE_BOT_TOKEN)).toBe(true);
  });

  it('waits out a 429 with Retry-After and delivers the message once', async () => {
    const channel = fake.conversations.add({ name: 'sponsor-thread', members: [SPONSOR] }).id;
    fake.setFault({ method: 'chat.postMessage', times: 1, respond: { status: 429, retryAfter: 1 } });
    const waits: number[] = [];
    client.on(WebClientEvent.RATE_LIMITED, (seconds: number) => waits.push(seconds));

    const posted = await client.chat.postMessage({ channel, text: 'Alignment meeting moved' });

    expect(posted.ok).toBe(true);
    expect(waits).toEqual([1]);
    expect(fake.callsTo('chat.postMessage').map((c) => [c.status, c.faulted])).toEqual([
      [429, true],
      [200, false],
    ]);
    expect(fake.messagesIn(channel).map((m) => m.text)).toEqual(['Alignment meeting moved']);
  });

  it('retries past a one-off HTTP 500', async () => {
    const channel = fake.conversations.add({ name: 'hr-desk' }).id;
    fake.setFault({ method: /^chat\./, times: 1, respond: { status: 500 } });
    await client.chat.postMessage({ channel, text: 'Engagement started' });
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([500, 200]);
  });

  it('answers 429 in per-channel rate-limit mode only for the busy channel', async () => {
    let now = 1_700_000_000_000;
    await fake.close();
    fake = await startFakeSlack({ rateLimit: true, clock: () => now });
    const strict = new WebClient('xoxb-any', { slackApiUrl: fake.url, rejectRateLimitedCalls: true });
    const busy = fake.conversations.add({ name: 'busy' }).id;
    const calm = fake.conversations.add({ name: 'calm' }).id;

    await strict.chat.postMessage({ channel: busy, text: 'one' });
    await expect(strict.chat.postMessage({ channel: busy, text: 'two' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 1,
    });
    await strict.chat.postMessage({ channel: calm, text: 'elsewhere' });
    now += 1000;
    await strict.chat.postMessage({ channel: busy, text: 'three' });
    expect(fake.messagesIn(busy).map((m) => m.text)).toEqual(['one', 'three']);
  });

  it('enforces a workspace-wide limit as a token bucket, per workspace, with Retry-After until there is room', async () => {
    let now = 1_700_000_000_000;
    await fake.close();
    fake = await startFakeSlack({
      rateLimit: { workspace: { perSecond: 0.5, burst: 2 } },
      clock: () => now,
    });
    const clientOf = (token: string) =>
      new WebClient(token, { slackApiUrl: fake.url, rejectRateLimitedCalls: true });
    const [one, other] = [clientOf('xoxb-one'), clientOf('xoxb-other')];
    const channels = ['a', 'b', 'c', 'd'].map((name) => fake.conversations.add({ name }).id);
    const post = (client: WebClient, channel: string) => client.chat.postMessage({ channel, text: 'hi' });

    await post(one, channels[0] as string);
    await post(one, channels[1] as string);
    await expect(post(one, channels[2] as string)).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 2,
    });
    // Another workspace (another installation's token) is not slowed.
    await post(other, channels[3] as string);
    now += 2000;
    await post(one, channels[2] as string);
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([200, 200, 429, 200, 200]);
  });

  it.each([
    ['an unknown channel', { channel: 'C0NOWHERE', text: 'x' }, 'channel_not_found'],
    [
      '51 blocks',
      { blocks: Array.from({ length: 51 }, (_, i) => section(`b${i}`)), text: 'x' },
      'invalid_blocks',
    ],
    ['a 3001-character section', { blocks: [section('a'.repeat(3001))], text: 'x' }, 'invalid_blocks'],
    ['40001 characters of text', { text: 'a'.repeat(40_001) }, 'msg_too_long'],
    ['no content at all', { text: '' }, 'no_text'],
  ])('surfaces %s as a platform error', async (_label, args, error) => {
    const channel = fake.conversations.add({ name: 'coaching' }).id;
    const call = client.chat.postMessage({ channel, ...args } as Parameters<
      WebClient['chat']['postMessage']
    >[0]);
    await expect(call).rejects.toMatchObject({ code: ErrorCode.PlatformError, data: { ok: false, error } });
    expect(fake.messagesIn(channel)).toEqual([]);
  });

  it('refuses channels the bot is not in, hiding private ones', async () => {
    const open = fake.conversations.add({ name: 'open', includeBot: false }).id;
    const secret = fake.conversations.add({ name: 'secret', is_private: true, includeBot: false }).id;
    await expect(client.chat.postMessage({ channel: open, text: 'x' })).rejects.toMatchObject({
      data: { error: 'not_in_channel' },
    });
    await expect(client.conversations.info({ channel: secret })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
  });

  it('faults one channel with an injected error and records it as faulted', async () => {
    const a = fake.conversations.add({ name: 'a' }).id;
    const b = fake.conversations.add({ name: 'b' }).id;
    fake.setFault({ channel: a, respond: { error: 'channel_not_found' } });
    await expect(client.chat.postMessage({ channel: a, text: 'x' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    await client.chat.postMessage({ channel: b, text: 'y' });
    fake.clearFaults();
    await client.chat.postMessage({ channel: a, text: 'z' });
    expect(fake.calls.map((c) => [c.args.channel, c.faulted])).toEqual([
      [a, true],
      [b, false],
      [a, false],
    ]);
  });

  it('updates, deletes and pages through history newest first', async () => {
    const channel = fake.conversations.add({ name: 'log' }).id;
    const first = await client.chat.postMessage({ channel, text: 'v1' });
    const ts = first.ts as string;
    await client.chat.update({ channel, ts, text: 'v2' });
    for (const text of ['a', 'b']) await client.chat.postMessage({ channel, text });

    const page1 = await client.conversations.history({ channel, limit: 2 });
    expect(page1.messages?.map((m) => m.text)).toEqual(['b', 'a']);
    const cursor = page1.response_metadata?.next_cursor as string;
    const page2 = await client.conversations.history({ channel, limit: 2, cursor });
    expect(page2.messages?.map((m) => [m.text, m.edited !== undefined])).toEqual([['v2', true]]);
    expect(page2.has_more).toBe(false);

    await client.chat.delete({ channel, ts });
    expect(fake.messagesIn(channel).map((m) => m.text)).toEqual(['a', 'b']);
    await expect(client.chat.update({ channel, ts, text: 'v3' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
  });

  it('keeps channels, members and MPIMs like Slack', async () => {
    const created = await client.conversations.create({ name: 'triad-eng-1', is_private: true });
    const channel = created.channel?.id as string;
    await expect(client.conversations.create({ name: 'triad-eng-1' })).rejects.toMatchObject({
      data: { error: 'name_taken' },
    });
    await expect(client.conversations.create({ name: 'Bad Name' })).rejects.toMatchObject({
      data: { error: 'invalid_name_specials' },
    });
    await client.conversations.invite({ channel, users: `${CLIENT},${SPONSOR}` });
    await client.conversations.kick({ channel, user: SPONSOR });
    const members = await client.conversations.members({ channel });
    expect(members.members).toEqual([fake.identity.botUserId, CLIENT]);

    const group = await client.conversations.open({ users: `${CLIENT},${SPONSOR}` });
    expect(fake.conversations.get(group.channel?.id as string)?.is_mpim).toBe(true);
    const again = await client.conversations.open({ users: `${SPONSOR},${CLIENT}` });
    expect(again).toMatchObject({ already_open: true, channel: { id: group.channel?.id } });
  });

  it('serves people, status and time zones, and threads with replies', async () => {
    const info = await client.users.info({ user: CLIENT });
    expect(info.user).toMatchObject({ real_name: 'Ada Client', tz: 'Europe/Berlin', is_bot: false });
    const profile = await client.users.profile.get({ user: SPONSOR });
    expect(profile.profile?.status_text).toBe('On leave');
    expect((await client.dnd.info({ user: CLIENT })).dnd_enabled).toBe(false);

    const channel = fake.conversations.add({ name: 'coach-client', members: [CLIENT] }).id;
    const parent = await client.chat.postMessage({ channel, text: 'Prompt' });
    fake.postAsUser({ channel, user: CLIENT, text: 'My answer', thread_ts: parent.ts as string });
    const replies = await client.conversations.replies({ channel, ts: parent.ts as string });
    expect(replies.messages?.map((m) => m.text)).toEqual(['Prompt', 'My answer']);
    const link = await client.chat.getPermalink({ channel, message_ts: parent.ts as string });
    expect(link.permalink).toContain(`/archives/${channel}/p`);
  });

  it('keeps ephemerals, modals and the latest App Home view, and scans every outbound text', async () => {
    const channel = fake.conversations.add({ name: 'hr', members: [CLIENT] }).id;
    await client.chat.postEphemeral({ channel, user: CLIENT, text: 'Only you can see this' });
    const modal = await client.views.open({
      trigger_id: '1.2.abc',
      view: { type: 'modal', title: { type: 'plain_text', text: 'Goal' }, blocks: [section('CANARY-view')] },
    });
    const stale = modal.view?.hash as string;
    await client.views.update({ view_id: modal.view?.id as string, hash: stale, view: modal.view as never });
    await expect(
      client.views.update({ view_id: modal.view?.id as string, hash: stale, view: modal.view as never }),
    ).rejects.toMatchObject({ data: { error: 'hash_conflict' } });
    await client.views.publish({ user_id: CLIENT, view: { type: 'home', blocks: [section('first')] } });
    await client.views.publish({ user_id: CLIENT, view: { type: 'home', blocks: [section('latest')] } });
    await client.chat.postMessage({
      channel,
      text: 'x',
      metadata: { event_type: 't', event_payload: { n: 'CANARY-meta' } },
    });

    expect(fake.ephemeralsTo(CLIENT).map((e) => e.text)).toEqual(['Only you can see this']);
    expect(JSON.stringify(fake.homeViewOf(CLIENT)?.blocks)).toContain('latest');
    const outbound = fake.allOutboundText();
    expect(outbound.some((t) => t.includes('CANARY-view'))).toBe(true);
    expect(outbound.some((t) => t.includes('CANARY-meta'))).toBe(true);
    expect(fake.allOutboundText({ user: SPONSOR })).toEqual([]);
  });

  it('records unknown methods as unexpected and checks tokens', async () => {
    await expect(client.apiCall('chat.scheduleMessage', { channel: 'C1', text: 'x' })).rejects.toMatchObject({
      data: { error: 'unknown_method' },
    });
    expect(fake.unexpectedCalls.map((c) => c.method)).toEqual(['chat.scheduleMessage']);

    const channel = fake.conversations.add({ name: 'json' }).id;
    const postJson = (headers: Record<string, string>, body: unknown) =>
      fetch(`${fake.url}chat.postMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
        body: JSON.stringify(body),
      }).then((r) => r.json());
    const message = { channel, text: 'via JSON', blocks: [section('json block')] };
    expect(await postJson({}, { token: FAKE_BOT_TOKEN, ...message })).toEqual({
      ok: false,
      error: 'not_authed',
    });
    expect(await postJson({ authorization: `Bearer ${FAKE_BOT_TOKEN}` }, message)).toMatchObject({
      ok: true,
    });
    expect(fake.messagesIn(channel)[0]?.blocks).toEqual([section('json block')]);
    const strict = await startFakeSlack({ acceptedTokens: ['xoxb-right'] });
    const wrong = new WebClient('xoxb-wrong', { slackApiUrl: strict.url });
    await expect(wrong.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    await strict.close();
  });
});

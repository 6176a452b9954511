import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  blockActionsPayload,
  eventBody,
  interactionBody,
  postToBolt,
  signedSlackRequest,
  slashCommandBody,
  urlVerificationBody,
  viewSubmissionPayload,
} from '../slack-signing.js';
import {
  FAKE_BOT_TOKEN,
  type FakeSlack,
  type ResponseUrlSink,
  startFakeSlack,
  startResponseUrlSink,
} from './index.js';

const signingSecret = 'test-signing-secret';
const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';

let fake: FakeSlack;
let sink: ResponseUrlSink;
let app: App;
let endpoint: string;
/** What the listeners saw, in order. */
let seen: unknown[];

beforeEach(async () => {
  seen = [];
  fake = await startFakeSlack({
    users: [
      { id: HR, name: 'hana' },
      { id: CLIENT, name: 'ada' },
    ],
  });
  sink = await startResponseUrlSink();
  app = new App({
    signingSecret,
    token: FAKE_BOT_TOKEN,
    clientOptions: { slackApiUrl: fake.url },
    logLevel: LogLevel.ERROR,
    // Listeners finish before Bolt answers, so their effects are visible when postToBolt returns.
    processBeforeResponse: true,
    deferInitialization: true,
  });
  app.command('/coaching', async ({ command, ack, respond, context, client }) => {
    await ack();
    seen.push(['command', command.text, command.user_id, context.botUserId]);
    await respond({ response_type: 'ephemeral', text: `Got: ${command.text}` });
    await client.chat.postMessage({ channel: command.user_id, text: 'Started' });
  });
  app.action('pick_coach', async ({ action, ack, respond }) => {
    await ack();
    seen.push(['action', 'value' in action ? action.value : undefined]);
    await respond({ replace_original: true, text: 'Coach picked' });
  });
  app.view('goal_form', async ({ view, ack }) => {
    const goal = view.state.values.goal?.text?.value ?? '';
    seen.push(['view', goal, view.private_metadata]);
    await ack(goal === '' ? { response_action: 'errors', errors: { goal: 'Write a goal' } } : undefined);
  });
  app.event('app_home_opened', async ({ event, context }) => {
    seen.push(['event', event.user, context.retryNum ?? 0]);
  });
  await app.init();
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as unknown as Server;
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});

afterEach(async () => {
  await app.stop();
  await sink.close();
  expect(fake.unexpectedCalls).toEqual([]);
  await fake.close();
});

const command = () =>
  slashCommandBody({ command: '/coaching', text: 'list', user_id: HR, response_url: sink.urlFor('c1') });

describe('signed requests into a real Bolt app', () => {
  it('delivers a correctly signed command; the listener responds and calls the fake Web API', async () => {
    const response = await postToBolt(endpoint, signedSlackRequest({ signingSecret, body: command() }));

    expect(response.status).toBe(200);
    expect(seen).toEqual([['command', 'list', HR, fake.identity.botUserId]]);
    expect(fake.callsTo('auth.test')).toHaveLength(1);
    expect(sink.postsTo('c1').map((p) => p.body)).toEqual([
      { response_type: 'ephemeral', text: 'Got: list' },
    ]);
    expect(fake.messagesIn(HR).map((m) => m.text)).toEqual(['Started']);
  });

  it.each([
    ['a forged signature', () => signedSlackRequest({ signingSecret: 'not-the-secret', body: command() })],
    [
      'a six-minute-old timestamp',
      () =>
        signedSlackRequest({
          signingSecret,
          body: command(),
          timestamp: Math.floor(Date.now() / 1000) - 360,
        }),
    ],
    [
      'a body changed after signing',
      () => ({ ...signedSlackRequest({ signingSecret, body: command() }), body: 'x=1' }),
    ],
  ])('rejects %s with 401 before any listener runs', async (_label, build) => {
    const response = await postToBolt(endpoint, build());
    expect(response.status).toBe(401);
    expect(seen).toEqual([]);
    expect(sink.posts).toEqual([]);
  });

  it('routes a block action and a view submission built by the payload helpers', async () => {
    const url = sink.urlFor('a1');
    const click = blockActionsPayload({
      user_id: CLIENT,
      action: { action_id: 'pick_coach', value: 'coach-7' },
      channel_id: 'D0CLIENT',
      response_url: url,
    });
    expect(
      (await postToBolt(endpoint, signedSlackRequest({ signingSecret, body: interactionBody(click) })))
        .status,
    ).toBe(200);
    const submit = (goal: string) =>
      viewSubmissionPayload({
        user_id: CLIENT,
        callback_id: 'goal_form',
        private_metadata: 'eng-1',
        values: { goal: { text: { type: 'plain_text_input', value: goal } } },
      });
    const empty = await postToBolt(
      endpoint,
      signedSlackRequest({ signingSecret, body: interactionBody(submit('')) }),
    );
    await postToBolt(
      endpoint,
      signedSlackRequest({ signingSecret, body: interactionBody(submit('Delegate more')) }),
    );

    expect(JSON.parse(empty.body)).toEqual({ response_action: 'errors', errors: { goal: 'Write a goal' } });
    expect(seen).toEqual([
      ['action', 'coach-7'],
      ['view', '', 'eng-1'],
      ['view', 'Delegate more', 'eng-1'],
    ]);
    expect(sink.postsTo(url).map((p) => p.body)).toEqual([{ replace_original: true, text: 'Coach picked' }]);
  });

  it('answers url_verification and hands events, with retry headers, to listeners', async () => {
    const challenge = await postToBolt(
      endpoint,
      signedSlackRequest({ signingSecret, body: urlVerificationBody('xyz') }),
    );
    expect(JSON.parse(challenge.body)).toEqual({ challenge: 'xyz' });

    const event = { type: 'app_home_opened', user: CLIENT, channel: 'D0X', tab: 'home', event_ts: '1.2' };
    const body = eventBody(event, { event_id: 'Ev0001' });
    await postToBolt(endpoint, signedSlackRequest({ signingSecret, body }));
    await postToBolt(
      endpoint,
      signedSlackRequest({ signingSecret, body, retryNum: 1, retryReason: 'http_timeout' }),
    );
    expect(seen).toEqual([
      ['event', CLIENT, 0],
      ['event', CLIENT, 1],
    ]);
  });
});

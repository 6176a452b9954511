import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coachSelectAction } from '../../src/messages/compose/matching-choice.js';
import { type SlackHarness, startSlackHarness } from '../e2e/slack/slack-harness.js';
import {
  blockActionsPayload,
  eventBody,
  type InboundBody,
  interactionBody,
  type SignedSlackRequest,
  signedSlackRequest,
  slackSignature,
  slashCommandBody,
  urlVerificationBody,
} from '../support/slack-signing.js';

/**
 * Every kind of inbound Slack request, forged in every way we know, is refused with 401 before any listener
 * runs: no row, no answer, no Web API call. A genuine request replayed inside Slack's five-minute window is
 * accepted by the signature check but does nothing a second time; replayed later, it is stale and refused.
 */
const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';
const SECRET = 'e2e-signing-secret';

let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness({
    users: [
      { id: HR, name: 'harper', tz: 'Europe/London' },
      { id: CLIENT, name: 'jane', tz: 'Europe/London' },
      { id: SPONSOR, name: 'sam', tz: 'America/New_York' },
      { id: COACH, name: 'kim', tz: 'Asia/Tokyo' },
    ],
  });
});

afterAll(async () => {
  expect(h.fake.internalErrors).toEqual([]);
  await h.close();
});

const now = () => Math.floor(Date.now() / 1000);

/** One body of each kind Slack posts to /slack/events. */
function inboundBodies(responseUrl: string): Record<string, InboundBody> {
  return {
    command: slashCommandBody({
      command: '/coaching',
      text: `start client:<@${CLIENT}> sponsor:<@${SPONSOR}> coach:<@${COACH}>`,
      user_id: HR,
      response_url: responseUrl,
    }),
    action: interactionBody(
      blockActionsPayload({
        user_id: CLIENT,
        action: { action_id: coachSelectAction, value: 'not-a-choice' },
        response_url: responseUrl,
      }),
    ),
    event: eventBody({ type: 'app_home_opened', user: HR, channel: 'D0HOME0001', tab: 'home' }),
    urlVerification: urlVerificationBody('challenge-forged'),
  };
}

type Forgery = (body: InboundBody) => SignedSlackRequest;

const forgeries: Record<string, Forgery> = {
  'no signature headers': (body) => ({ headers: { 'content-type': body.contentType }, body: body.body }),
  'a signature made with another secret': (body) =>
    signedSlackRequest({ signingSecret: 'not-the-secret', body }),
  'a body changed after signing': (body) => {
    const signed = signedSlackRequest({ signingSecret: SECRET, body });
    return { ...signed, body: `${body.body} ` };
  },
  'a signature for another timestamp': (body) => {
    const signed = signedSlackRequest({ signingSecret: SECRET, body, timestamp: now() - 60 });
    return { ...signed, headers: { ...signed.headers, 'x-slack-request-timestamp': String(now()) } };
  },
  'a signature without its v0= version': (body) => {
    const signed = signedSlackRequest({ signingSecret: SECRET, body });
    const bare = (signed.headers['x-slack-signature'] ?? '').replace(/^v0=/, '');
    return { ...signed, headers: { ...signed.headers, 'x-slack-signature': bare } };
  },
  'a signature that is not hex': (body) => {
    const signed = signedSlackRequest({ signingSecret: SECRET, body });
    return { ...signed, headers: { ...signed.headers, 'x-slack-signature': `v0=${'z'.repeat(64)}` } };
  },
  'a timestamp that is not a number': (body) => {
    const signed = signedSlackRequest({ signingSecret: SECRET, body });
    return { ...signed, headers: { ...signed.headers, 'x-slack-request-timestamp': 'yesterday' } };
  },
  'a genuine signature six minutes old (stale)': (body) =>
    signedSlackRequest({ signingSecret: SECRET, body, timestamp: now() - 6 * 60 }),
  'a genuine request replayed a day later': (body) =>
    signedSlackRequest({ signingSecret: SECRET, body, timestamp: now() - 24 * 3600 }),
};

async function send(request: SignedSlackRequest): Promise<number> {
  const response = await fetch(h.endpoint, { method: 'POST', headers: request.headers, body: request.body });
  await response.arrayBuffer();
  return response.status;
}

describe('forged and stale Slack requests', () => {
  const kinds = Object.keys(inboundBodies('http://unused'));
  const cases = Object.keys(forgeries).flatMap((forgery) => kinds.map((kind) => [forgery, kind] as const));

  it.each(cases)('refuses %s on a %s with 401, touching nothing', async (forgery, kind) => {
    const before = await h.counts();
    const callsBefore = h.fake.calls.length;
    const key = `${forgery}-${kind}`;
    const body = inboundBodies(h.sink.urlFor(key))[kind] as InboundBody;
    const make = forgeries[forgery] as Forgery;

    expect(await send(make(body))).toBe(401);

    expect(h.sink.postsTo(key)).toEqual([]);
    expect(h.fake.calls.length).toBe(callsBefore);
    expect(await h.counts()).toEqual(before);
    const [claimed] = await h.database.sql<
      { n: number }[]
    >`select count(*)::int as n from processed_requests`;
    expect(claimed?.n).toBe(0);
  });

  it('checks the signature against the exact bytes: one changed character is enough to refuse', async () => {
    const body = inboundBodies(h.sink.urlFor('one-char')).command as InboundBody;
    const timestamp = now();
    const signature = slackSignature(SECRET, timestamp, body.body);
    const tampered = `${body.body.slice(0, -1)}${body.body.endsWith('a') ? 'b' : 'a'}`;
    const status = await send({
      headers: {
        'content-type': body.contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature,
      },
      body: tampered,
    });
    expect(status).toBe(401);
    expect(h.sink.postsTo('one-char')).toEqual([]);
  });
});

describe('a genuine request replayed within five minutes', () => {
  it('starts one engagement and answers once, however often the same signed command arrives', async () => {
    const before = await h.counts();
    const key = 'replayed-command';
    const signed = signedSlackRequest({
      signingSecret: SECRET,
      body: inboundBodies(h.sink.urlFor(key)).command as InboundBody,
    });
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push(await send(signed));

    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(h.sink.postsTo(key)).toHaveLength(1);
    expect(JSON.stringify(h.sink.postsTo(key)[0]?.body)).toContain('started for jane');
    const after = await h.counts();
    expect(after.engagements).toBe((before.engagements ?? 0) + 1);
    expect(after.outbox).toBeGreaterThan(before.outbox ?? 0);
    // The replays changed nothing: the counts are those the first request left.
    expect(await h.counts()).toEqual(after);
  });

  it('answers a replayed button click and a replayed event once', async () => {
    const key = 'replayed-action';
    const bodies = inboundBodies(h.sink.urlFor(key));
    const action = signedSlackRequest({ signingSecret: SECRET, body: bodies.action as InboundBody });
    const event = signedSlackRequest({ signingSecret: SECRET, body: bodies.event as InboundBody });
    const publishesBefore = h.fake.callsTo('views.publish').length;

    for (let i = 0; i < 4; i += 1) {
      expect(await send(action)).toBe(200);
      expect(await send(event)).toBe(200);
    }

    expect(h.sink.postsTo(key)).toHaveLength(1);
    expect(h.fake.callsTo('views.publish').length - publishesBefore).toBe(1);
  });
});

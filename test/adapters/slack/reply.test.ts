import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replyText, respondVia } from '../../../adapters/slack/reply.js';
import { createLookupClient } from '../../../adapters/slack/slack-web-client.js';
import {
  FAKE_BOT_TOKEN,
  type FakeSlack,
  type ResponseUrlSink,
  startFakeSlack,
  startResponseUrlSink,
} from '../../support/fake-slack/index.js';

const HR = 'U0HR000001';
let fake: FakeSlack;
let sink: ResponseUrlSink;

beforeEach(async () => {
  fake = await startFakeSlack({ users: [{ id: HR, name: 'harper' }] });
  sink = await startResponseUrlSink();
});

afterEach(async () => {
  await sink.close();
  await fake.close();
});

const client = () =>
  createLookupClient({ token: FAKE_BOT_TOKEN, apiUrl: fake.url, logger: pino({ level: 'silent' }) });

describe('answers only the person who acted sees', () => {
  it('go through the response_url when it works', async () => {
    await replyText({ client: client(), user: HR, respond: respondVia(sink.urlFor('ok')) }, 'Done.');
    expect(sink.postsTo('ok').map((p) => p.body)).toMatchObject([
      { response_type: 'ephemeral', text: 'Done.' },
    ]);
    expect(fake.ephemerals).toEqual([]);
  });

  it('fall back to chat.postEphemeral when the response_url has expired', async () => {
    const channel = fake.conversations.add({ name: 'hr-room', members: [HR] }).id;
    sink.failNext(404);
    await replyText(
      { client: client(), user: HR, channel, respond: respondVia(sink.urlFor('old')) },
      'Done.',
    );
    expect(fake.ephemeralsTo(HR).map((e) => [e.channel, e.text])).toEqual([[channel, 'Done.']]);
  });

  it('go to the person’s DM with Triad when there is no conversation (a Home tab button)', async () => {
    await replyText({ client: client(), user: HR }, 'Done.');
    expect(fake.ephemeralsTo(HR)[0]?.channel).toBe(fake.conversations.imWith(HR)?.id);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reflectionActions } from '../../../src/messages/compose/reflection-prompt.js';
import type { UnitOfWork } from '../../../src/ports/repositories.js';
import { type SlackHarness, startSlackHarness } from '../../e2e/slack/slack-harness.js';
import { interactionBody, slashCommandBody } from '../../support/slack-signing.js';

const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';

let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness({
    users: [
      { id: HR, name: 'harper' },
      { id: CLIENT, name: 'jane' },
    ],
  });
});

afterAll(async () => {
  expect(h.fake.internalErrors).toEqual([]);
  expect(h.fake.unexpectedCalls).toEqual([]);
  await h.close();
});

/** Every table a request could write to, the handled-request keys included. */
async function rows() {
  const [processed] = await h.database.sql<
    { n: number }[]
  >`select count(*)::int as n from processed_requests`;
  return { ...(await h.counts()), processed_requests: processed?.n ?? 0 };
}

describe('requests no listener knows', () => {
  let before: Record<string, number>;
  let ephemeralsBefore: number;
  beforeEach(async () => {
    before = await rows();
    ephemeralsBefore = h.fake.ephemeralsTo(CLIENT).length;
  });
  const newEphemerals = () => h.fake.ephemeralsTo(CLIENT).slice(ephemeralsBefore);

  it('answers a button of an older version at once, ephemerally through its response_url, changing nothing', async () => {
    const key = randomUUID();
    const response = await h.action({
      user_id: CLIENT,
      action: { action_id: 'engagement.renew', value: randomUUID() },
      channel_id: 'D0CLIENTDM',
      response_url: h.sink.urlFor(key),
    });
    expect(response.status).toBe(200);
    const posts = h.sink.postsTo(key);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(posts[0]?.body)).toContain('This button is from an older version of Triad');
    expect(newEphemerals()).toEqual([]);
    expect(await rows()).toEqual(before);
  });

  it('acknowledges a link button silently: Slack opens its page, nothing is wrong', async () => {
    const response = await h.action({
      user_id: CLIENT,
      action: { action_id: 'help.link', url: 'https://example.com/triad-help' } as never,
      channel_id: 'D0CLIENTDM',
    });
    expect(response.status).toBe(200);
    expect(newEphemerals()).toEqual([]);
    expect(await rows()).toEqual(before);
  });

  it('answers an unknown button in the App Home (no response_url, no channel) in the person’s DM', async () => {
    const response = await h.action({
      user_id: CLIENT,
      action: { action_id: 'home.old-button', value: 'x' },
      view: { id: 'V0HOME0001', type: 'home' },
    });
    expect(response.status).toBe(200);
    const shown = newEphemerals();
    expect(shown).toHaveLength(1);
    expect(shown[0]?.channel).toBe(h.fake.conversations.imWith(CLIENT)?.id);
    expect(shown[0]?.text).toContain('This button is from an older version of Triad');
    expect(await rows()).toEqual(before);
  });

  it('closes the modal of an unknown form without errors and tells the person nothing was saved', async () => {
    const response = await h.submit({
      user_id: CLIENT,
      callback_id: 'goal.old-form',
      values: { goal: { value: { type: 'plain_text_input', value: 'a private goal' } } },
    });
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    const shown = newEphemerals();
    expect(shown).toHaveLength(1);
    expect(shown[0]?.text).toContain('This form is from an older version of Triad');
    expect(shown[0]?.text).toContain('nothing was saved');
    expect(shown[0]?.text).not.toContain('a private goal');
    expect(await rows()).toEqual(before);
  });

  it('answers a slash command Triad does not handle through its response_url', async () => {
    const key = randomUUID();
    const response = await h.post(
      slashCommandBody({
        command: '/mentoring',
        text: 'start',
        user_id: CLIENT,
        response_url: h.sink.urlFor(key),
      }),
    );
    expect(response.status).toBe(200);
    const posts = h.sink.postsTo(key);
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]?.body)).toContain('Triad does not handle `/mentoring`');
    expect(await rows()).toEqual(before);
  });

  it('acknowledges an event no listener hears, silently', async () => {
    const response = await h.event({
      type: 'reaction_added',
      user: CLIENT,
      reaction: 'thumbsup',
      item: { type: 'message', channel: 'C0TRIADGEN', ts: '1732345678.000100' },
      event_ts: '1732345679.000200',
    });
    expect(response.status).toBe(200);
    expect(newEphemerals()).toEqual([]);
    // Only its event id is kept, so that Slack's retry of it is dropped.
    expect(await rows()).toEqual({ ...before, processed_requests: (before.processed_requests ?? 0) + 1 });
  });

  it('answers a menu’s options request that no listener serves with an empty list', async () => {
    const response = await h.post(
      interactionBody({
        type: 'block_suggestion',
        user: { id: CLIENT, team_id: h.fake.identity.teamId },
        team: { id: h.fake.identity.teamId },
        api_app_id: 'A0TRIAD001',
        action_id: 'coach.search',
        block_id: 'coach',
        value: 'ki',
        container: { type: 'view', view_id: 'V0MODAL001' },
      }),
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ options: [] });
    expect(newEphemerals()).toEqual([]);
    expect(await rows()).toEqual(before);
  });
});

describe('a listener that fails unexpectedly', () => {
  it('tells the person that nothing was saved, and logs the error’s name and code only', async () => {
    const { core } = h.deps;
    const working: UnitOfWork = core.uow;
    const duplicate = Object.assign(new Error('duplicate key value violates unique constraint "x"'), {
      name: 'PostgresError',
      code: '23505',
    });
    core.uow = {
      read: working.read,
      transaction: () => Promise.reject(duplicate),
    };
    const key = randomUUID();
    try {
      const response = await h.action({
        user_id: CLIENT,
        action: { action_id: reflectionActions.skip, value: randomUUID() },
        response_url: h.sink.urlFor(key),
      });
      expect(response.status).toBe(200);
    } finally {
      core.uow = working;
    }
    const posts = h.sink.postsTo(key).map((p) => JSON.stringify(p.body));
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain('Something went wrong, so nothing was saved. Please try again.');
    const logged = h.logLines.filter((l) => l.includes('Slack listener failed'));
    expect(logged.at(-1)).toContain('"code":"23505"');
    expect(logged.at(-1)).toContain('"err":"PostgresError"');
    expect(h.logLines.join('\n')).not.toContain('violates unique constraint');
  });
});

import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsEndpoint } from '../../../adapters/teams/teams-endpoint.js';
import { TeamsMessenger } from '../../../adapters/teams/teams-messenger.js';
import type { RunningWorkers } from '../../../jobs/workers.js';
import {
  APP_ID,
  startTeamsFakes,
  TENANT_ID,
  type TeamsFakes,
} from '../../adapters/teams/support/teams-fakes.js';
import { type JobRuntime, startJobRuntime } from '../../jobs/support/job-runtime.js';
import { runWorkers, settled } from '../../jobs/support/running-workers.js';
import { waitFor } from '../../jobs/support/wait-for.js';
import { inboundActivity, postActivity } from '../../support/fake-bot-connector/index.js';

let teams: TeamsFakes;
let runtime: JobRuntime;
let workers: RunningWorkers;
let server: Server;
let url = '';

const clientChat = () => {
  const jane = users().jane;
  const chat = [...teams.fake.conversations.values()].find(
    (c) => c.conversationType === 'personal' && c.memberIds[0] === jane?.id,
  );
  if (!chat) throw new Error('no 1:1 chat with the client');
  return chat;
};

async function entry(keyPattern: string): Promise<string> {
  const [row] = await runtime.database.sql<{ id: string }[]>`
    select id from outbox where idempotency_key like ${keyPattern}`;
  if (!row) throw new Error(`no outbox entry ${keyPattern}`);
  return row.id;
}

function say(conversationId: string, fromUserId: string, text: string, mentions: object[]) {
  const activity = inboundActivity(teams.fake, { conversationId, fromUserId, botAppId: APP_ID, text });
  activity.entities = [...(activity.entities ?? []), ...(mentions as never[])];
  return postActivity(url, activity, { authorization: `Bearer ${teams.channelToken()}` });
}

const users = () => {
  const find = (name: string) => [...teams.fake.users.values()].find((u) => u.name === name);
  return {
    hr: find('Harper HR'),
    jane: find('Jane Client'),
    sam: find('Sam Sponsor'),
    kim: find('Kim Coach'),
  };
};

beforeAll(async () => {
  teams = await startTeamsFakes();
  for (const name of ['Harper HR', 'Jane Client', 'Sam Sponsor', 'Kim Coach']) teams.fake.addUser({ name });
  runtime = await startJobRuntime();
  const deps = runtime.deps;
  deps.settings = { ...deps.settings, hrAdmins: [users().hr?.id ?? ''] };
  deps.messengers = {
    teams: new TeamsMessenger({
      connector: teams.connector,
      core: deps,
      uow: deps.uow,
      clock: deps.clock,
      logger: deps.logger,
      defaultServiceUrl: teams.fake.serviceUrl,
      defaultTenantId: TENANT_ID,
    }),
  };
  const endpoint = createTeamsEndpoint({
    adapter: teams.adapter,
    connector: teams.connector,
    core: deps,
    servedTenants: [teams.fake.tenantId],
  });
  server = createServer((req, res) => void endpoint(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  workers = await runWorkers(runtime);
});

afterAll(async () => {
  await workers?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await runtime?.close();
  await teams?.close();
});

describe('Teams delivery through the real BullMQ delivery worker', () => {
  it('HR starts an engagement; the worker delivers the client’s welcome into a 1:1 chat it creates', async () => {
    const { hr, jane, sam, kim } = users();
    const hrChat = teams.fake.addConversation({ conversationType: 'personal', memberIds: [hr?.id ?? ''] });
    const mentions = [jane, sam, kim].map((u) => ({
      type: 'mention',
      text: `<at>${u?.name}</at>`,
      mentioned: { id: u?.id ?? '', name: u?.name ?? '' },
    }));
    const text = `start client:${mentions[0]?.text} sponsor:${mentions[1]?.text} coach:${mentions[2]?.text}`;
    const result = await say(hrChat.id, hr?.id ?? '', text, mentions);

    expect(result.status).toBe(200);
    const welcome = await entry('%:welcome:client');
    expect(await settled(runtime, [welcome], 20_000)).toEqual(['sent']);
    // The sponsor and coaching chats wait for people to make them; the client is told how, once each.
    const setups = await waitFor('two setup notices', async () => {
      const rows = await runtime.database.sql<{ id: string }[]>`
        select id from outbox where idempotency_key like 'teams:engagement:%:setup:%'`;
      return rows.length === 2 ? rows.map((r) => r.id) : undefined;
    });
    expect(await settled(runtime, setups, 20_000)).toEqual(['sent', 'sent']);
    const posted = teams.fake.activitiesIn(clientChat().id).map((a) => JSON.stringify(a.activity));
    expect(posted.some((text) => text.includes('Your coaching engagement has started'))).toBe(true);
  });

  it('a 429 with Retry-After is waited out by the worker without using up an attempt, then the message goes', async () => {
    const { hr, jane } = users();
    teams.fake.setFault({
      status: 429,
      operation: 'sendToConversation',
      conversationId: clientChat().id,
      retryAfterSeconds: 1,
      times: 6,
    });
    const hrChat = [...teams.fake.conversations.values()].find((c) => c.memberIds[0] === hr?.id);
    const mention = {
      type: 'mention',
      text: `<at>${jane?.name}</at>`,
      mentioned: { id: jane?.id ?? '', name: jane?.name ?? '' },
    };

    expect((await say(hrChat?.id ?? '', hr?.id ?? '', `pause ${mention.text}`, [mention])).status).toBe(200);

    const paused = await entry('%:paused:client');
    expect(await settled(runtime, [paused], 20_000)).toEqual(['sent']);
    expect(teams.fake.requests.filter((r) => r.status === 429)).toHaveLength(6);
    expect(runtime.logLines.join('\n')).toMatch(/"code":"rate_limited".*rate limited; waiting as asked/);
    const [row] = await runtime.database.sql<
      { attempts: number }[]
    >`select attempts from outbox where id = ${paused}`;
    expect(row?.attempts).toBe(1);
    expect(JSON.stringify(teams.fake.activitiesIn(clientChat().id).at(-1)?.activity)).toContain('is paused');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, TENANT_ID } from '../../adapters/teams/support/teams-fakes.js';
import { manualClock } from '../../support/core-deps.js';
import { botAddedActivity } from '../../support/fake-bot-connector/index.js';
import { GRAPH_PERMISSIONS } from '../../support/fake-graph/index.js';
import { startTeamsHarness, type TeamsHarness } from './teams-harness.js';
import { allText } from './teams-walk.js';

const START = 'sponsor:@sam coach:@kim coach:@lee weeks:12';
const WELCOME = 'Your coaching engagement has started';
const UNREACHED = 'Triad cannot reach Jane Client in Teams yet';

async function startFor(h: TeamsHarness, client: string) {
  const { hr } = h.people;
  await h.post(
    botAddedActivity(h.teams.fake, {
      conversationId: h.chatOf(hr).id,
      byUserId: hr.user.id,
      botAppId: APP_ID,
    }),
  );
  const answer = await h.say(hr, `start client:${client} ${START}`);
  expect(answer.status).toBe(200);
  expect(allText(h, h.chatOf(hr))).not.toContain("can't");
}

const janeRow = async (h: TeamsHarness) =>
  (
    await h.database.sql<{ platform_user_id: string }[]>`
    select platform_user_id from people where display_name = 'Jane Client'`
  )[0]?.platform_user_id;

const personalChats = (h: TeamsHarness, userId: string) =>
  [...h.teams.fake.conversations.values()].filter(
    (c) => c.conversationType === 'personal' && c.memberIds[0] === userId,
  );

describe('Teams proactive reach: a client who never opened Triad, where the admin allows Triad to install itself', () => {
  const clock = manualClock(new Date());
  let h: TeamsHarness;

  beforeAll(async () => {
    h = await startTeamsHarness(clock);
    h.teams.graph.grant(TENANT_ID, GRAPH_PERMISSIONS);
    // Jane has never opened Triad and no setup policy installed it: Teams will not open a chat with her.
    h.people.jane.user.appInstalled = false;
  });

  afterAll(async () => {
    await h?.close();
  });

  it('HR names her by e-mail; Triad installs itself for her, and the welcome reaches her 1:1 chat', async () => {
    const { jane, hr } = h.people;
    await startFor(h, 'jane@contoso.example');
    // Named by her Entra object id until Teams names her.
    expect(await janeRow(h)).toBe(jane.user.aadObjectId);

    // The first delivery installs Triad for her and waits for Teams to name her chat; the next one uses it.
    expect((await h.drain()).waiting).toEqual(['installing_for_person']);
    expect((await h.drain()).waiting).toEqual([]);
    expect(h.teams.graph.installedFor.has(jane.user.aadObjectId ?? '')).toBe(true);
    const installs = h.teams.graph.requests.filter((r) => r.operation === 'installForUser');
    expect(installs.map((r) => r.status)).toEqual([201]);
    expect(await janeRow(h)).toBe(jane.user.id);
    const [chat] = personalChats(h, jane.user.id);
    expect(chat && allText(h, chat)).toContain(WELCOME);
    // The sponsor chat Graph made with her (by Entra id) is the one Triad posts in: her roster entry is hers.
    expect(allText(h, h.chatOf(hr))).not.toContain(UNREACHED);
    expect(h.teams.fake.allOutboundText()).toContain('Coaching for Jane Client');
  });

  it('installing again for someone already installed (an answer lost on the way) counts as done', async () => {
    const { stan } = h.people;
    const entraId = stan.user.aadObjectId ?? '';
    // Graph installs Triad for Stan (named by his Entra object id), but its answer never reaches Triad ...
    stan.user.appInstalled = false;
    h.teams.graph.setFault({ status: 504, operation: 'installForUser', times: 1, afterAction: true });
    h.teams.graph.deliverTo(async () => undefined); // ... and Teams' news of the install is slow to come
    const open = () => h.messenger.openDirect(entraId, TENANT_ID);
    await expect(open()).rejects.toMatchObject({ code: 'chat_service_unavailable', retryable: true });
    expect(h.teams.graph.installedFor.has(entraId)).toBe(true);
    stan.user.appInstalled = false; // Teams has not caught up: the 1:1 chat is still refused
    await expect(open()).rejects.toMatchObject({ code: 'installing_for_person', retryable: true });
    const installs = h.teams.graph.requests.filter((r) => r.operation === 'installForUser');
    expect(installs.slice(-2).map((r) => r.status)).toEqual([504, 409]);
    stan.user.appInstalled = true;
    await expect(open()).resolves.toMatchObject({ conversationType: 'personal' });
  });
});

describe('Teams proactive reach without the permission: HR is told, and nothing is lost', () => {
  const clock = manualClock(new Date());
  let h: TeamsHarness;

  beforeAll(async () => {
    h = await startTeamsHarness(clock);
    // The admin lets Triad read the directory, but not install itself for people.
    h.teams.graph.grant(TENANT_ID, ['User.Read.All']);
    h.people.jane.user.appInstalled = false;
  });

  afterAll(async () => {
    await h?.close();
  });

  it('HR hears once who cannot be reached and how to fix it; the welcome waits', async () => {
    const { hr, jane } = h.people;
    await startFor(h, 'jane@contoso.example');

    const first = await h.drain();
    clock.advance(3 * 60_000);
    const second = await h.drain();

    expect(first.waiting).toContain('person_not_reached');
    expect(second.waiting).toContain('person_not_reached');
    const hrText = allText(h, h.chatOf(hr));
    expect(hrText.split(UNREACHED)).toHaveLength(2);
    expect(hrText).toContain('app setup policy');
    expect(hrText).toContain('TeamsAppInstallation.ReadWriteSelfForUser.All');
    expect(personalChats(h, jane.user.id)).toEqual([]);
    const failed = await h.database.sql`select id from outbox where status = 'failed'`;
    expect(failed).toEqual([]);
  });

  it('once she opens Triad, the welcome that waited is delivered to her', async () => {
    const { jane } = h.people;
    jane.user.appInstalled = true;
    const chat = h.teams.fake.addConversation({ conversationType: 'personal', memberIds: [jane.user.id] });
    await h.post(
      botAddedActivity(h.teams.fake, { conversationId: chat.id, byUserId: jane.user.id, botAppId: APP_ID }),
    );
    expect(await janeRow(h)).toBe(jane.user.id);

    clock.advance(3 * 60_000);
    const { waiting } = await h.drain();

    expect(waiting).not.toContain('person_not_reached');
    expect(allText(h, chat)).toContain(WELCOME);
  });

  it('a client named by @mention who never opened Triad is accepted, and HR is told how to reach them', async () => {
    const { hr, stan } = h.people;
    stan.user.appInstalled = false;
    const answer = await h.say(hr, `start client:@stan ${START}`);
    expect(answer.status).toBe(200);
    expect((await h.drain()).waiting).toContain('person_not_reached');
    await h.drain();
    expect(allText(h, h.chatOf(hr))).toContain('Triad cannot reach Stan Stranger in Teams yet');
  });
});

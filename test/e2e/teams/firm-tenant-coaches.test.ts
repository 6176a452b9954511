import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideTenant } from '../../../src/use-cases/tenants/tenant-access.js';
import { APP_ID, TENANT_ID } from '../../adapters/teams/support/teams-fakes.js';
import { manualClock } from '../../support/core-deps.js';
import { botAddedActivity, type FakeConversation } from '../../support/fake-bot-connector/index.js';
import { GRAPH_PERMISSIONS } from '../../support/fake-graph/index.js';
import {
  cardActionActivity,
  type Person,
  spokenActivity,
  startTeamsHarness,
  type TeamsHarness,
} from './teams-harness.js';
import { allText as allCards, click, findAction, localTime, pickerInputs } from './teams-walk.js';

const DAY = 86_400_000;
/** The coaching firm's own tenant (TEAMS_FIRM_TENANT_ID): Lee is a member there, not in the client's tenant. */
const FIRM_TENANT = '7c6b5a49-3827-4165-9f8e-7d6c5b4a3928';
/** A tenant nobody in the engagement belongs to. */
const OTHER_TENANT = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';

const clock = manualClock(new Date());
let h: TeamsHarness;
let hr: Person;
let jane: Person;
let sam: Person;
let lee: Person;
let stan: Person;
let sponsorChat: FakeConversation;

const allText = (conversation: FakeConversation) => allCards(h, conversation);
const clickAs = async (...args: Parameters<typeof click>) => {
  const clicked = await click(...args);
  expect(clicked.status).toBe(200);
  return clicked;
};
const stage = async () =>
  (await h.database.sql<{ stage: string }[]>`select stage from engagements`)[0]?.stage;
const chatWith = (...people: Person[]) => {
  const wanted = JSON.stringify(people.map((p) => p.user.id).sort());
  const found = [...h.teams.fake.conversations.values()].filter(
    (c) => c.conversationType === 'groupChat' && JSON.stringify([...c.memberIds].sort()) === wanted,
  );
  if (found.length !== 1) throw new Error(`${found.length} group chats with exactly those members`);
  return found[0] as FakeConversation;
};
const rolesIn = (chat: FakeConversation) =>
  Object.fromEntries(
    (h.teams.graph.chats.get(chat.id)?.members ?? []).map((m) => [
      m.userId,
      m.tenantId ? [...m.roles, m.tenantId] : m.roles,
    ]),
  );
const firmRequests = () =>
  h.teams.graph.requests.filter((r) => r.tenantId === FIRM_TENANT && r.operation !== 'token');

beforeAll(async () => {
  h = await startTeamsHarness(clock, { TEAMS_FIRM_TENANT_ID: FIRM_TENANT });
  ({ hr, jane, sam, lee, stan } = h.people);
  h.teams.graph.grant(TENANT_ID, GRAPH_PERMISSIONS);
  // The firm's admin granted only the directory read in the firm's tenant.
  h.teams.graph.grant(FIRM_TENANT, ['User.Read.All']);
  // Lee is a member of the firm's tenant: the client's directory has no user with his address.
  Object.assign(lee.user, {
    tenantId: FIRM_TENANT,
    email: 'lee@firm.example',
    userPrincipalName: 'lee@firm.example',
  });
  await h.post(
    botAddedActivity(h.teams.fake, {
      conversationId: h.chatOf(hr).id,
      byUserId: hr.user.id,
      botAppId: APP_ID,
    }),
  );
});

afterAll(async () => {
  await h?.close();
});

describe('a coach of the firm’s own tenant, named by e-mail on Teams', () => {
  it('nobody with the address in either tenant: HR gets the refusal, nothing is made, the firm was asked only who it is', async () => {
    const answered = await h.say(hr, 'start client:@jane sponsor:@sam coach:nobody@firm.example');
    expect(answered.status).toBe(200);
    expect(allText(h.chatOf(hr))).toContain('nobody@firm.example');
    expect(await h.database.sql`select id from engagements`).toHaveLength(0);
    expect(firmRequests().map((r) => [r.operation, r.status])).toEqual([
      ['getUser', 404],
      ['listUsers', 200],
    ]);
  });

  it('HR names Lee by his firm address: the client tenant has no such user, the firm tenant has', async () => {
    const asked = h.teams.graph.requests.length;
    const started = await h.say(hr, 'start client:@jane sponsor:@sam coach:lee@firm.example coach:@kim');
    expect(started.status).toBe(200);
    expect(await h.database.sql`select id from engagements`).toHaveLength(1);
    const lookups = h.teams.graph.requests
      .slice(asked)
      .filter((r) => r.operation === 'getUser' || r.operation === 'listUsers');
    expect(lookups.map((r) => [r.tenantId, r.operation, r.status])).toEqual([
      [TENANT_ID, 'getUser', 404],
      [TENANT_ID, 'listUsers', 200],
      [FIRM_TENANT, 'getUser', 200],
    ]);
    const [row] = await h.database.sql<{ platform_user_id: string; home_team_id: string | null }[]>`
      select platform_user_id, home_team_id from people where display_name = 'Lee Coach'`;
    expect(row).toEqual({ platform_user_id: lee.user.id, home_team_id: FIRM_TENANT });
  });

  it('Lee chosen: both chats have him as an owner of the firm tenant; his card presses count', async () => {
    await h.drain();
    sponsorChat = chatWith(jane, sam);
    await clickAs(h, sam, sponsorChat, findAction(h, sponsorChat, 'meeting.schedule'), {
      at: localTime(clock.now(), 3, 10, sam.timezone),
    });
    clock.advance(4 * DAY);
    await clickAs(h, jane, sponsorChat, findAction(h, sponsorChat, 'meeting.held'));
    expect(await stage()).toBe('coach_matching');

    const janeChat = h.chatOf(jane);
    const choice = findAction(h, janeChat, 'coach.select', (_d, card) => card.text.includes('Lee Coach'));
    await clickAs(
      h,
      jane,
      janeChat,
      findAction(h, janeChat, 'coach.select', (d) =>
        String(d.value).endsWith(String(choice.data.value).split(':')[1] ?? ''),
      ),
    );
    expect((await h.drain()).waiting).toEqual([]);
    const coaching = chatWith(jane, lee);
    expect(rolesIn(coaching)).toEqual({
      [jane.user.aadObjectId ?? '']: ['owner'],
      [lee.user.aadObjectId ?? '']: ['owner', FIRM_TENANT],
    });
    expect(rolesIn(sponsorChat)[lee.user.aadObjectId ?? '']).toEqual(['owner', FIRM_TENANT]);

    await clickAs(h, jane, janeChat, findAction(h, janeChat, 'meeting.schedule'), {
      at: localTime(clock.now(), 2, 15, jane.timezone),
    });
    clock.advance(3 * DAY);
    const pressed = await clickAs(
      h,
      lee,
      sponsorChat,
      findAction(h, sponsorChat, 'meeting.held', (_d, c) => c.text.includes('alignment')),
    );
    expect(pressed.text).not.toContain("can't");
    expect(await stage()).toBe('coaching');
  });

  it('the firm tenant was only asked who people are: no chat, member or install went there', async () => {
    expect(new Set(firmRequests().map((r) => r.operation))).toEqual(new Set(['getUser', 'listUsers']));
    expect(firmRequests().every((r) => r.method === 'GET' && r.body === undefined)).toBe(true);
  });
});

/** The activity as Teams may send it when the sender's home tenant is stamped on it instead of the chat's. */
function stamped(
  activity: Partial<Activity>,
  tenants: { conversation?: string; channelData?: string },
): Partial<Activity> {
  const conversation = { ...activity.conversation, tenantId: tenants.conversation ?? TENANT_ID };
  return {
    ...activity,
    conversation: conversation as Activity['conversation'],
    channelData: { ...(activity.channelData as object), tenant: { id: tenants.channelData ?? TENANT_ID } },
  };
}

describe('the origin check on Teams: an external coach may arrive with their home tenant, nobody else', () => {
  /** Refused: nothing changes, and nothing is sent but (for a tenant not served, in a 1:1 chat) the word why. */
  const refused = async (activity: Partial<Activity>, reason = 'tenant_mismatch') => {
    const before = await h.snapshot();
    const sent = h.teams.fake.activities.length;
    const logged = h.logLines.length;
    const result = await h.post(activity);
    expect(result.status).toBe(403);
    expect(await h.snapshot()).toEqual(before);
    const answers = h.teams.fake.activities.slice(sent);
    if (reason === 'tenant_mismatch') expect(answers).toEqual([]);
    else expect(JSON.stringify(answers)).not.toMatch(/Jane|Sam|Harper/);
    const lines = h.logLines.slice(logged).join('\n');
    expect(lines).toContain('teams activity refused');
    expect(lines).toContain(reason);
  };

  it('Lee’s card press in the sponsor chat carrying his firm tenant (both places) is taken as his, in the client’s organisation', async () => {
    const action = findAction(h, sponsorChat, 'meeting.schedule');
    const data = {
      ...action.data,
      ...pickerInputs(action.data.field, localTime(clock.now(), 2, 11, lee.timezone), lee.timezone),
    };
    const activity = cardActionActivity(h.teams.fake, lee, sponsorChat, data, {
      replyToId: action.activityId,
    });
    const result = await h.post(stamped(activity, { conversation: FIRM_TENANT, channelData: FIRM_TENANT }));
    expect(result.status).toBe(200);
    expect(result.body).toContain('The mid-point alignment check-in is set for');
    expect(result.body).not.toContain("can't");
    const meetings = await h.database.sql<
      { kind: string }[]
    >`select kind from meetings where kind = 'midpoint'`;
    expect(meetings).toHaveLength(1);
    const organisations = await h.database.sql<{ platform_tenant_id: string }[]>`
      select platform_tenant_id from organisations`;
    expect(organisations.map((o) => o.platform_tenant_id)).toEqual([TENANT_ID]);
  });

  it('Lee typing in the sponsor chat with his tenant only in channelData is accepted too', async () => {
    const logged = h.logLines.length;
    const activity = spokenActivity(h.teams.fake, h.people, lee, 'help', sponsorChat);
    const result = await h.post(stamped(activity, { channelData: FIRM_TENANT }));
    expect(result.status).toBe(200);
    expect(h.logLines.slice(logged).join('\n')).not.toContain('teams activity refused');
  });

  it('refuses Lee’s press claiming a tenant that is neither the chat’s nor his', async () => {
    const action = findAction(h, h.chatOf(jane), 'meeting.schedule', () => true);
    const activity = cardActionActivity(h.teams.fake, lee, sponsorChat, action.data);
    await refused(stamped(activity, { conversation: OTHER_TENANT, channelData: OTHER_TENANT }));
    await refused(stamped(activity, { channelData: OTHER_TENANT }));
  });

  it('refuses the sponsor (a member of the client tenant) claiming the firm’s tenant in the same chat', async () => {
    const activity = spokenActivity(h.teams.fake, h.people, sam, 'help', sponsorChat);
    await refused(stamped(activity, { conversation: FIRM_TENANT, channelData: FIRM_TENANT }));
  });

  it('refuses a stranger of the firm’s tenant in the chat (not one of its people), and the firm tenant in a chat that is no space', async () => {
    stan.user.tenantId = FIRM_TENANT;
    const activity = spokenActivity(h.teams.fake, h.people, stan, 'goals', sponsorChat);
    await refused(stamped(activity, { conversation: FIRM_TENANT, channelData: FIRM_TENANT }));
    await refused(stamped(activity, { channelData: FIRM_TENANT }));
    // Lee's 1:1 chat is no engagement space: the firm's tenant there is not served, and named as such.
    const own = spokenActivity(h.teams.fake, h.people, lee, 'goals', h.chatOf(lee));
    await refused(stamped(own, { conversation: FIRM_TENANT, channelData: FIRM_TENANT }), 'tenant_not_served');
  });

  it('with the firm’s tenant served too, the sponsor claiming it in the client’s chat is still refused (not taken as the firm’s)', async () => {
    await decideTenant({ tenantId: FIRM_TENANT, allowed: true, decidedBy: 'operator' }, h.core);
    const activity = spokenActivity(h.teams.fake, h.people, sam, 'goals', sponsorChat);
    await refused(stamped(activity, { conversation: FIRM_TENANT, channelData: FIRM_TENANT }));
    await refused(stamped(activity, { channelData: FIRM_TENANT }));
  });
});

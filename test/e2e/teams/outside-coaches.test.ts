import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, TENANT_ID } from '../../adapters/teams/support/teams-fakes.js';
import { manualClock } from '../../support/core-deps.js';
import { botAddedActivity, type FakeConversation } from '../../support/fake-bot-connector/index.js';
import { GRAPH_PERMISSIONS } from '../../support/fake-graph/index.js';
import { type Person, startTeamsHarness, type TeamsHarness } from './teams-harness.js';
import { allText as allCards, click, findAction, localTime } from './teams-walk.js';

const DAY = 86_400_000;
/** The coaching firm's own tenant: Lee is a user there, an external (federated) user in the client's chats. */
const FIRM_TENANT = '7c6b5a49-3827-4165-9f8e-7d6c5b4a3928';

const clock = manualClock(new Date());
let h: TeamsHarness;
let hr: Person;
let jane: Person;
let sam: Person;
let kim: Person;
let lee: Person;
let engagementId = '';
let sponsorChat: FakeConversation;

const stage = async () =>
  (await h.database.sql<{ stage: string }[]>`select stage from engagements where id = ${engagementId}`)[0]
    ?.stage;
const allText = (conversation: FakeConversation) => allCards(h, conversation);
const clickAs = async (...args: Parameters<typeof click>) => {
  const clicked = await click(...args);
  expect(clicked.status).toBe(200);
  return clicked;
};
const groupChats = () =>
  [...h.teams.fake.conversations.values()].filter((c) => c.conversationType === 'groupChat');
const chatWith = (...people: Person[]) => {
  const wanted = JSON.stringify(people.map((p) => p.user.id).sort());
  const found = groupChats().filter((c) => JSON.stringify([...c.memberIds].sort()) === wanted);
  if (found.length !== 1) throw new Error(`${found.length} group chats with exactly those members`);
  return found[0] as FakeConversation;
};
/** Who Graph holds in a chat: Entra id, roles, and home tenant when it is not the chat's. */
const rolesIn = (chat: FakeConversation) =>
  Object.fromEntries(
    (h.teams.graph.chats.get(chat.id)?.members ?? []).map((m) => [
      m.userId,
      m.tenantId ? [...m.roles, m.tenantId] : m.roles,
    ]),
  );
const refusedMembers = () =>
  h.teams.graph.requests.filter(
    (r) => (r.operation === 'createChat' || r.operation === 'addChatMember') && r.status >= 400,
  );

beforeAll(async () => {
  h = await startTeamsHarness(clock);
  ({ hr, jane, sam, kim, lee } = h.people);
  h.teams.graph.grant(TENANT_ID, GRAPH_PERMISSIONS);
  // Kim is a guest account in the client's tenant (B2B: her UPN is not her address); Lee belongs to the firm's
  // own tenant (external access).
  Object.assign(kim.user, {
    userType: 'Guest',
    userRole: 'guest',
    email: 'kim@firm.example',
    userPrincipalName: 'kim_firm.example#EXT#@contoso.example',
  });
  lee.user.tenantId = FIRM_TENANT;
});

afterAll(async () => {
  await h?.close();
});

describe('Teams coaches from outside the client: a guest of the tenant, and an external user of the firm', () => {
  it('HR names the guest coach by e-mail; at start the sponsor chat is made with the client and sponsor as owners', async () => {
    const hrChat = h.chatOf(hr);
    await h.post(
      botAddedActivity(h.teams.fake, { conversationId: hrChat.id, byUserId: hr.user.id, botAppId: APP_ID }),
    );
    const started = await h.say(
      hr,
      'start client:@jane sponsor:@sam coach:kim@firm.example coach:@lee weeks:12',
    );
    expect(started.status).toBe(200);
    expect(allText(hrChat)).not.toContain("can't");
    // Her address is no UPN in the tenant: the directory finds her by mail.
    expect(h.teams.graph.requests.filter((r) => r.operation === 'listUsers').map((r) => r.status)).toEqual([
      200,
    ]);
    engagementId = (await h.database.sql<{ id: string }[]>`select id from engagements`)[0]?.id ?? '';
    expect((await h.drain()).waiting).toEqual([]);
    sponsorChat = chatWith(jane, sam);
    expect(rolesIn(sponsorChat)).toEqual({
      [jane.user.aadObjectId ?? '']: ['owner'],
      [sam.user.aadObjectId ?? '']: ['owner'],
    });
    const at = localTime(clock.now(), 3, 10, sam.timezone);
    await clickAs(h, sam, sponsorChat, findAction(h, sponsorChat, 'meeting.schedule'), { at });
    clock.advance(4 * DAY);
    await clickAs(h, jane, sponsorChat, findAction(h, sponsorChat, 'meeting.held'));
    expect(await stage()).toBe('coach_matching');
  });

  it('the guest coach chosen: the coaching chat has Kim as a guest, and Kim joins the sponsor chat as a guest', async () => {
    const janeChat = h.chatOf(jane);
    const choice = findAction(h, janeChat, 'coach.select', (_d, card) => card.text.includes('Kim Coach'));
    await clickAs(
      h,
      jane,
      janeChat,
      findAction(h, janeChat, 'coach.select', (d) =>
        String(d.value).endsWith(String(choice.data.value).split(':')[1] ?? ''),
      ),
    );
    expect((await h.drain()).waiting).toEqual([]);

    const coaching = chatWith(jane, kim);
    expect(rolesIn(coaching)).toEqual({
      [jane.user.aadObjectId ?? '']: ['owner'],
      [kim.user.aadObjectId ?? '']: ['guest'],
    });
    expect(allText(coaching)).toContain('Your coaching space');
    expect(rolesIn(sponsorChat)[kim.user.aadObjectId ?? '']).toEqual(['guest']);
    expect(sponsorChat.memberIds.sort()).toEqual([jane.user.id, sam.user.id, kim.user.id].sort());
    expect(allText(sponsorChat)).toContain('Kim Coach is Jane Client');
  });

  it('the guest coach presses a card in the sponsor chat, and the engagement proceeds', async () => {
    const at = localTime(clock.now(), 2, 15, jane.timezone);
    await clickAs(h, jane, h.chatOf(jane), findAction(h, h.chatOf(jane), 'meeting.schedule'), { at });
    clock.advance(3 * DAY);
    await clickAs(
      h,
      kim,
      sponsorChat,
      findAction(h, sponsorChat, 'meeting.held', (_d, c) => c.text.includes('alignment')),
    );
    expect(await stage()).toBe('coaching');
  });

  it('reassigned to the external coach: a fresh coaching chat with Lee as owner of the firm tenant; the sponsor chat swaps Kim for Lee', async () => {
    await h.say(hr, 'reassign @jane coach:@lee');
    await h.drain();
    expect((await h.drain()).waiting).toEqual([]);

    const fresh = chatWith(jane, lee);
    expect(rolesIn(fresh)).toEqual({
      [jane.user.aadObjectId ?? '']: ['owner'],
      [lee.user.aadObjectId ?? '']: ['owner', FIRM_TENANT],
    });
    expect(allText(fresh)).toContain('Your new coaching space');
    expect(rolesIn(sponsorChat)).toEqual({
      [jane.user.aadObjectId ?? '']: ['owner'],
      [sam.user.aadObjectId ?? '']: ['owner'],
      [lee.user.aadObjectId ?? '']: ['owner', FIRM_TENANT],
    });
    expect(sponsorChat.memberIds.sort()).toEqual([jane.user.id, sam.user.id, lee.user.id].sort());
    expect(allText(sponsorChat)).toContain('Lee Coach takes over the coaching');
  });

  it("the external coach's card press in the client's chat is taken as Lee's, in the chat's tenant", async () => {
    // Teams names the conversation's (the client's) tenant; Lee is the person Triad knows by his Teams id there.
    const pressed = await clickAs(h, lee, sponsorChat, findAction(h, sponsorChat, 'meeting.schedule'), {
      at: localTime(clock.now(), 2, 11, lee.timezone),
    });
    expect(pressed.text).toContain('The mid-point alignment check-in is set for');
    expect(pressed.text).not.toContain("can't");
    const row = await h.database.sql<{ platform_user_id: string }[]>`
      select platform_user_id from people where display_name = 'Lee Coach'`;
    expect(row.map((r) => r.platform_user_id)).toEqual([lee.user.id]);
  });

  it('every chat was made once, and Graph refused no member', async () => {
    expect(h.teams.graph.chats.size).toBe(3);
    expect(h.teams.graph.requests.filter((r) => r.operation === 'createChat')).toHaveLength(3);
    expect(refusedMembers()).toEqual([]);
  });
});

describe('a guest Triad has not reached yet, named by e-mail: known by Entra id, added as a guest', () => {
  const later = manualClock(new Date());
  let g: TeamsHarness;

  beforeAll(async () => {
    g = await startTeamsHarness(later);
    g.teams.graph.grant(TENANT_ID, GRAPH_PERMISSIONS);
    // Jane is a guest of the tenant who never opened Triad: Teams cannot name her yet, only the directory can.
    Object.assign(g.people.jane.user, {
      userType: 'Guest',
      userRole: 'guest',
      appInstalled: false,
      email: 'jane@partner.example',
      userPrincipalName: 'jane_partner.example#EXT#@contoso.example',
    });
  });

  afterAll(async () => {
    await g?.close();
  });

  it('the sponsor chat is made with her as a guest (the directory says so), and once', async () => {
    const { hr, jane, sam } = g.people;
    await g.post(
      botAddedActivity(g.teams.fake, {
        conversationId: g.chatOf(hr).id,
        byUserId: hr.user.id,
        botAppId: APP_ID,
      }),
    );
    const started = await g.say(hr, 'start client:jane@partner.example sponsor:@sam coach:@kim coach:@lee');
    expect(started.status).toBe(200);
    await g.drain();
    await g.drain();
    const [chat] = [...g.teams.graph.chats.values()];
    expect(g.teams.graph.chats.size).toBe(1);
    expect(Object.fromEntries(chat?.members.map((m) => [m.userId, m.roles]) ?? [])).toEqual({
      [jane.user.aadObjectId ?? '']: ['guest'],
      [sam.user.aadObjectId ?? '']: ['owner'],
    });
    expect(g.teams.graph.requests.filter((r) => r.operation === 'createChat').map((r) => r.status)).toEqual([
      201,
    ]);
  });
});

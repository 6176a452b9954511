import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueReflectionPrompt } from '../../../src/use-cases/reflections/issue-reflection-prompt.js';
import { APP_ID, TENANT_ID } from '../../adapters/teams/support/teams-fakes.js';
import { manualClock } from '../../support/core-deps.js';
import { botAddedActivity, type FakeConversation } from '../../support/fake-bot-connector/index.js';
import { GRAPH_PERMISSIONS } from '../../support/fake-graph/index.js';
import { type Person, startTeamsHarness, type TeamsHarness } from './teams-harness.js';
import {
  allText as allCards,
  click,
  findAction,
  latest as latestCard,
  localTime,
  trafficTo,
} from './teams-walk.js';

const DAY = 86_400_000;
const CANARY = {
  answer: 'CANARY-ANSWER-0b7e my manager scares me',
  typed: 'CANARY-TYPED-62ad I cried after the offsite',
};

const clock = manualClock(new Date());
let h: TeamsHarness;
let hr: Person;
let jane: Person;
let sam: Person;
let kim: Person;
let lee: Person;
let engagementId = '';
let sponsorChat: FakeConversation;
let coachingChat: FakeConversation;
const samInvokes: string[] = [];

const stage = async () =>
  (await h.database.sql<{ stage: string }[]>`select stage from engagements where id = ${engagementId}`)[0]
    ?.stage;
const latest = (conversation: FakeConversation) => latestCard(h, conversation);
const allText = (conversation: FakeConversation) => allCards(h, conversation);
const clickAs = async (...args: Parameters<typeof click>) => {
  const clicked = await click(...args);
  if (args[1] === sam) samInvokes.push(clicked.text);
  expect(clicked.status).toBe(200);
  return clicked;
};
/** The group chats Teams holds, in the order they were made. */
const groupChats = () =>
  [...h.teams.fake.conversations.values()].filter((c) => c.conversationType === 'groupChat');
const chatWith = (...people: Person[]) => {
  const wanted = people.map((p) => p.user.id).sort();
  const found = groupChats().filter(
    (c) => JSON.stringify([...c.memberIds].sort()) === JSON.stringify(wanted),
  );
  if (found.length !== 1) throw new Error(`${found.length} group chats with exactly those members`);
  return found[0] as FakeConversation;
};
const entraIdsIn = (chat: FakeConversation) =>
  h.teams.graph.chats
    .get(chat.id)
    ?.members.map((m) => m.userId)
    .sort();

beforeAll(async () => {
  h = await startTeamsHarness(clock);
  ({ hr, jane, sam, kim, lee } = h.people);
  // The tenant's admin granted Triad the Graph application permissions.
  h.teams.graph.grant(TENANT_ID, GRAPH_PERMISSIONS);
});

afterAll(async () => {
  await h?.close();
});

describe('a Teams engagement where Triad creates the group chats through Microsoft Graph', () => {
  it('at start, Triad creates the sponsor chat with the client and sponsor, installs itself and welcomes them', async () => {
    const hrChat = h.chatOf(hr);
    await h.post(
      botAddedActivity(h.teams.fake, { conversationId: hrChat.id, byUserId: hr.user.id, botAppId: APP_ID }),
    );
    expect((await h.say(hr, 'start client:@jane sponsor:@sam coach:@kim coach:@lee weeks:12')).status).toBe(
      200,
    );
    engagementId = (await h.database.sql<{ id: string }[]>`select id from engagements`)[0]?.id ?? '';

    const { waiting } = await h.drain();

    expect(waiting).toEqual([]);
    sponsorChat = chatWith(jane, sam);
    expect(h.teams.graph.chats.get(sponsorChat.id)).toMatchObject({
      topic: `triad-sponsor-${engagementId.slice(0, 8)}`,
      installedApps: [APP_ID],
    });
    expect(entraIdsIn(sponsorChat)).toEqual([jane.user.aadObjectId, sam.user.aadObjectId].sort());
    expect(allText(sponsorChat)).toContain('Coaching for Jane Client');
    expect(allText(h.chatOf(jane))).toContain('Your coaching engagement has started');
    // Nobody is asked to make a chat, and HR hears nothing about permissions.
    expect(allText(h.chatOf(jane))).not.toContain('start a new group chat');
    expect(allText(hrChat)).not.toContain('Chat.Create');
  });

  it('the kickoff is scheduled and held in the chat Triad made', async () => {
    const at = localTime(clock.now(), 3, 10, sam.timezone);
    await clickAs(h, sam, sponsorChat, findAction(h, sponsorChat, 'meeting.schedule'), { at });
    expect(latest(sponsorChat)).toContain('Kickoff meeting scheduled');
    clock.advance(4 * DAY);
    await clickAs(h, jane, sponsorChat, findAction(h, sponsorChat, 'meeting.held'));
    expect(await stage()).toBe('coach_matching');
  });

  it('after matching, Triad creates the coaching chat and adds the coach to the sponsor chat', async () => {
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

    coachingChat = chatWith(jane, kim);
    expect(h.teams.graph.chats.get(coachingChat.id)?.installedApps).toEqual([APP_ID]);
    expect(allText(coachingChat)).toContain('Your coaching space');
    expect(sponsorChat.memberIds.sort()).toEqual([jane.user.id, sam.user.id, kim.user.id].sort());
    expect(allText(sponsorChat)).toContain('Kim Coach is Jane Client');
    expect(allText(janeChat)).not.toContain('start a new group chat');
    expect(allText(sponsorChat)).not.toContain('please add Kim Coach');
  });

  it('alignment is held; the client answers a reflection and shares it with the coach: only the coaching chat gets it', async () => {
    const janeChat = h.chatOf(jane);
    const at = localTime(clock.now(), 2, 15, jane.timezone);
    await clickAs(h, jane, janeChat, findAction(h, janeChat, 'meeting.schedule'), { at });
    clock.advance(3 * DAY);
    await clickAs(
      h,
      kim,
      sponsorChat,
      findAction(h, sponsorChat, 'meeting.held', (_d, c) => c.text.includes('alignment')),
    );
    expect(await stage()).toBe('coaching');

    expect((await issueReflectionPrompt({ engagementId, dueAt: clock.now() }, h.core)).outcome).toBe(
      'issued',
    );
    await h.drain();
    await clickAs(h, jane, janeChat, findAction(h, janeChat, 'reflection.answer'));
    await clickAs(h, jane, janeChat, findAction(h, janeChat, 'form.submit'), {
      inputs: { answer: CANARY.answer },
    });
    expect((await h.say(jane, CANARY.typed)).status).toBe(200);
    await clickAs(h, jane, janeChat, findAction(h, janeChat, 'reflection.share_with_coach'));
    expect(allText(coachingChat)).toContain(CANARY.answer);
  });

  it('reassignment: a fresh coaching chat with Lee; the sponsor chat swaps Kim for Lee; the old chat stays with Jane and Kim', async () => {
    await h.say(hr, 'reassign @jane coach:@lee');
    const oldCoaching = allText(coachingChat);

    await h.drain();
    expect((await h.drain()).waiting).toEqual([]);

    const fresh = chatWith(jane, lee);
    expect(fresh.id).not.toBe(coachingChat.id);
    expect(h.teams.graph.chats.get(fresh.id)?.topic).toMatch(/^triad-coaching-/);
    expect(allText(fresh)).toContain('Your new coaching space');
    expect(allText(fresh)).not.toContain(CANARY.answer);
    expect(sponsorChat.memberIds.sort()).toEqual([jane.user.id, sam.user.id, lee.user.id].sort());
    expect(allText(sponsorChat)).toContain('Lee Coach takes over the coaching');
    expect(allText(coachingChat)).toBe(oldCoaching);
    expect(coachingChat.memberIds.sort()).toEqual([jane.user.id, kim.user.id].sort());
  });

  it('HR ends it; nobody made a chat by hand: every group chat is one Graph created, once', async () => {
    await h.say(hr, 'end @jane');
    await h.drain();
    expect(await stage()).toBe('closed');
    expect(latest(sponsorChat)).toContain('Coaching for Jane Client is closed');
    expect(
      groupChats()
        .map((c) => c.id)
        .sort(),
    ).toEqual([...h.teams.graph.chats.keys()].sort());
    expect(h.teams.graph.chats.size).toBe(3);
    expect(
      h.teams.graph.requests.filter((r) => r.operation === 'createChat' && r.status === 201),
    ).toHaveLength(3);
  });
});

describe('what Teams and Graph received', () => {
  it('no private canary reached the sponsor chat, the sponsor, HR, a log line or Graph', () => {
    const watched = [sponsorChat, h.chatOf(sam), h.chatOf(hr)];
    const leaked = [
      trafficTo(h, watched),
      samInvokes.join('\n'),
      h.logLines.join('\n'),
      JSON.stringify(h.teams.graph.requests),
    ].join('\n');
    for (const canary of Object.values(CANARY)) expect(leaked).not.toContain(canary.slice(0, 16));
    const everywhere = h.teams.fake.activities
      .filter((a) => a.conversationId !== coachingChat.id)
      .map((a) => JSON.stringify(a.activity ?? {}))
      .join('\n');
    for (const canary of Object.values(CANARY)) expect(everywhere).not.toContain(canary.slice(0, 16));
    // The coaching chat holds what the client chose to share there (the answer, typed lines included).
    expect(trafficTo(h, [coachingChat])).toContain(CANARY.answer);
  });

  it('every Graph call carried a Graph token for the tenant and none failed', () => {
    expect(h.teams.graph.requests.every((r) => r.status < 400 || r.operation === 'token')).toBe(true);
    expect(h.teams.graph.requests.every((r) => r.tenantId === TENANT_ID || r.operation === 'token')).toBe(
      true,
    );
  });
});

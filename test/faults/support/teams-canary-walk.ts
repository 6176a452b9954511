import { issueReflectionPrompt } from '../../../src/use-cases/reflections/issue-reflection-prompt.js';
import { APP_ID } from '../../adapters/teams/support/teams-fakes.js';
import type { Person, TeamsHarness } from '../../e2e/teams/teams-harness.js';
import {
  cardsIn,
  changeMembers,
  click,
  findAction,
  groupChatWith,
  localTime,
  openUrlsIn,
} from '../../e2e/teams/teams-walk.js';
import { botAddedActivity, type FakeConversation } from '../../support/fake-bot-connector/index.js';

const DAY = 86_400_000;

/** Private text the walk plants: each must stay with the client (and, once shared, the coach). */
export const TEAMS_CANARIES = {
  preparation: 'CANARY-teams-prep-4b7e',
  goal: 'CANARY-teams-goal-8c1f',
  measure: 'CANARY-teams-measure-2d9a',
  answerByForm: 'CANARY-teams-answer-form-6e3b',
  answerTyped: 'CANARY-teams-answer-typed-0f5c',
  answerToNewCoach: 'CANARY-teams-second-answer-1a6d',
} as const;

/** The goal the client releases: it must reach the sponsor chat, exactly once. */
export const RELEASED_GOAL = 'Lead the Q3 planning with less escalation RELEASED-teams-5f2e';
export const RELEASED_MEASURE = 'Two planning reviews run by my team';

export interface WalkRecord {
  engagementId: string;
  sponsorChat: FakeConversation;
  coachingChat: FakeConversation;
  freshCoachingChat: FakeConversation;
  /** Invoke answers Teams showed to one person alone, by person key. */
  invokeAnswers: Record<string, string[]>;
  /** The client's export, as its download link (on their 1:1 chat's card) served it. */
  exportDownload: string;
  /** Steps walked (each armed with faults in the faulted run). */
  steps: string[];
}

/**
 * The Teams engagement walk of `test/e2e/teams/engagement-walk.test.ts`, with a canary in every private input:
 * install, start, the sponsor chat, expectations, kickoff, coach choice, the coaching chat, alignment with
 * preparation notes, two goal drafts (one released after a preview), a reflection answered by form and by
 * typing, sharing with the coach, a session, the sponsor writing, HR's status commands, a reassignment, an
 * export and the end. `arm` runs before each step (the faulted run injects faults there). It checks only what
 * it needs to go on; the tests compare what Teams received.
 */
export async function walkTeamsEngagement(
  h: TeamsHarness,
  arm: (step: string) => void = () => undefined,
): Promise<WalkRecord> {
  const { hr, jane, sam, kim, lee } = h.people;
  const clock = h.core.clock as { now(): Date; advance(ms: number): void };
  const invokeAnswers: Record<string, string[]> = {};
  const steps: string[] = [];
  const step = (name: string) => {
    steps.push(name);
    arm(name);
  };
  const act = async (
    person: Person,
    where: FakeConversation,
    actionId: string,
    options: Parameters<typeof click>[4] & { pick?: Parameters<typeof findAction>[3] } = {},
  ) => {
    const clicked = await click(h, person, where, findAction(h, where, actionId, options.pick), options);
    if (clicked.status !== 200) throw new Error(`${actionId} answered ${clicked.status}`);
    invokeAnswers[person.key] = [...(invokeAnswers[person.key] ?? []), clicked.text];
    return clicked;
  };
  const say = async (person: Person, text: string, where?: FakeConversation) => {
    const said = await h.say(person, text, where);
    if (said.status !== 200) throw new Error(`"${text.slice(0, 20)}" answered ${said.status}`);
    await h.drain();
  };
  /** Among the cards of a conversation: Triad may have written there since (HR told about Graph permissions). */
  const expectIn = (where: FakeConversation, text: string) => {
    if (!cardsIn(h, where).some((card) => card.text.includes(text))) {
      throw new Error(`expected "${text}" in ${where.id}`);
    }
  };

  step('install');
  const hrChat = h.chatOf(hr);
  const installed = await h.post(
    botAddedActivity(h.teams.fake, { conversationId: hrChat.id, byUserId: hr.user.id, botAppId: APP_ID }),
  );
  if (installed.status !== 200) throw new Error(`install answered ${installed.status}`);
  step('start');
  await say(hr, 'start client:@jane sponsor:@sam coach:@kim coach:@lee weeks:12');
  expectIn(hrChat, 'started for Jane Client');
  const [engagement] = await h.database.sql<{ id: string }[]>`select id from engagements`;
  const engagementId = engagement?.id ?? '';
  const janeChat = h.chatOf(jane);

  step('sponsor chat');
  const sponsorChat = await groupChatWith(h, jane, [jane, sam]);
  await h.drain();
  step('expectations');
  await act(sam, sponsorChat, 'sponsor.expectations');
  await act(sam, h.chatOf(sam), 'form.submit', { inputs: { expectations: 'Jane leads Q3 planning.' } });
  step('kickoff');
  await act(sam, sponsorChat, 'meeting.schedule', { at: localTime(clock.now(), 3, 10, sam.timezone) });
  clock.advance(4 * DAY);
  await act(jane, sponsorChat, 'meeting.held');

  step('coach choice');
  const choice = findAction(h, janeChat, 'coach.select', (_d, card) => card.text.includes('Kim Coach'));
  const kimId = String(choice.data.value).split(':')[1] ?? '';
  await act(jane, janeChat, 'coach.select', { pick: (d) => String(d.value).endsWith(kimId) });
  step('coaching chat');
  const coachingChat = await groupChatWith(h, jane, [jane, kim]);
  await changeMembers(h, sponsorChat, jane, { add: [kim] });
  await h.drain();

  step('alignment');
  await act(jane, janeChat, 'meeting.schedule', { at: localTime(clock.now(), 2, 15, jane.timezone) });
  await act(jane, janeChat, 'meeting.prepare');
  step('preparation notes');
  await act(jane, janeChat, 'form.submit', {
    inputs: { notes: `Ask for scope ${TEAMS_CANARIES.preparation}` },
  });
  clock.advance(3 * DAY);
  await act(kim, sponsorChat, 'meeting.held', { pick: (_d, c) => c.text.includes('alignment') });

  for (const [goal, measure] of [
    [RELEASED_GOAL, RELEASED_MEASURE],
    [`Leave by June ${TEAMS_CANARIES.goal}`, `Offer in hand ${TEAMS_CANARIES.measure}`],
  ] as const) {
    step('goal draft');
    clock.advance(60_000); // drafts made a minute apart are listed in the order they were made
    await say(jane, 'goal');
    await act(jane, janeChat, 'goal.draft');
    await act(jane, janeChat, 'form.submit', { inputs: { goal, successMeasure: measure } });
  }
  step('release');
  await say(jane, 'goals');
  await act(jane, janeChat, 'view.goals');
  const [first] = await h.database.sql<{ id: string }[]>`
    select id from private_entries where kind = 'goal' order by created_at limit 1`;
  await act(jane, janeChat, 'release.preview', { pick: (d) => d.value === first?.id });
  await act(jane, janeChat, 'release.confirm');

  step('reflection');
  await issueReflectionPrompt({ engagementId, dueAt: clock.now() }, h.core);
  await h.drain();
  await act(jane, janeChat, 'reflection.answer');
  step('answer by form');
  await act(jane, janeChat, 'form.submit', {
    inputs: { answer: `I avoid conflict ${TEAMS_CANARIES.answerByForm}` },
  });
  step('share with coach');
  await act(jane, janeChat, 'reflection.share_with_coach');
  step('typed answer');
  await say(jane, `and I over-prepare ${TEAMS_CANARIES.answerTyped}`);

  step('session');
  await act(kim, coachingChat, 'session.schedule', { at: localTime(clock.now(), 2, 9, kim.timezone) });
  step('sponsor writes');
  await say(sam, 'What did Jane write in her reflections?');
  await say(sam, 'Looking forward to the next alignment check-in.');
  step('hr status');
  for (const text of ['list', 'status @jane', 'pause @jane', `resume ${engagementId.slice(0, 8)}`]) {
    await say(hr, text);
  }

  step('reassign');
  await say(hr, 'reassign @jane coach:@lee');
  await h.drain();
  const freshCoachingChat = await groupChatWith(h, jane, [jane, lee]);
  await changeMembers(h, sponsorChat, sam, { add: [lee], remove: [kim] });
  await h.drain();

  step('second reflection');
  clock.advance(DAY);
  await issueReflectionPrompt({ engagementId, dueAt: clock.now() }, h.core);
  await h.drain();
  await act(jane, janeChat, 'reflection.answer');
  await act(jane, janeChat, 'form.submit', {
    inputs: { answer: `Said no twice ${TEAMS_CANARIES.answerToNewCoach}` },
  });
  step('export');
  await say(jane, 'export');
  const [link] = openUrlsIn(cardsIn(h, janeChat)[0]?.card ?? {});
  const download = await fetch(String(link?.url));
  if (download.status !== 200) throw new Error(`the export download answered ${download.status}`);
  const exportDownload = await download.text();
  step('end');
  await say(hr, 'end @jane');
  return { engagementId, sponsorChat, coachingChat, freshCoachingChat, invokeAnswers, exportDownload, steps };
}

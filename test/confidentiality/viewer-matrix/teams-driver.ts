import { DateTime } from 'luxon';
import { deliverOutboxEntry } from '../../../src/outbox/deliver-outbox-entry.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import { draftGoal } from '../../../src/use-cases/goals/draft-goal.js';
import { retryDeliveries } from '../../../src/use-cases/hr/retry-deliveries.js';
import { selectCoach } from '../../../src/use-cases/matching/select-coach.js';
import { markMeetingHeld } from '../../../src/use-cases/meetings/mark-meeting-held.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { savePreparation } from '../../../src/use-cases/preparation/save-preparation.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { issueReflectionPrompt } from '../../../src/use-cases/reflections/issue-reflection-prompt.js';
import { shareAnswerWithCoach } from '../../../src/use-cases/reflections/share-answer-with-coach.js';
import { confirmRelease } from '../../../src/use-cases/releases/confirm-release.js';
import { previewRelease } from '../../../src/use-cases/releases/preview-release.js';
import { withdrawRelease } from '../../../src/use-cases/releases/withdraw-release.js';
import { saveCoachNote } from '../../../src/use-cases/sessions/coach-notes.js';
import { markSessionHeld } from '../../../src/use-cases/sessions/mark-session-held.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { TENANT_ID } from '../../adapters/teams/support/teams-fakes.js';
import { type Person, startTeamsHarness, type TeamsHarness } from '../../e2e/teams/teams-harness.js';
import { changeMembers, groupChatWith } from '../../e2e/teams/teams-walk.js';
import { manualClock } from '../../support/core-deps.js';
import type { FakeConversation, PostResult } from '../../support/fake-bot-connector/index.js';
import { insightsWritten, reportSharedWithFormerCoach } from './assessment-story.js';
import {
  canaryOf,
  type Item,
  newObserved,
  type Observed,
  type ReadPath,
  see,
  type OrganisationAViewer as Viewer,
  viewers,
} from './matrix.js';

/**
 * The viewer matrix on Teams: the real botbuilder CloudAdapter endpoint behind signed Bot Framework tokens, the
 * fake Bot Connector, real PostgreSQL. The story's writes run as the core's use cases on the harness's own
 * dependencies (their Teams paths are covered by the e2e walk); every read path is Teams' own: typed commands in
 * the viewer's 1:1 chat (what the bot answered and posted), buttons pressed with any id both as card actions and
 * as dialogs (task modules), the export and goal dialogs, and what each member of each conversation can read
 * there at the end (deliveries in the group chats; Teams cards: every chat, plus every invoke answer).
 * Teams has no App Home, so `home` stays empty; the export card says the file is not delivered on Teams, so
 * `exports` shows no private text to anyone. HR of another organisation speaks from another tenant, which Triad
 * does not serve: the endpoint refuses it before any use case runs.
 */
const OTHER_TENANT = 'other-tenant-0000-0000-000000000000';
const text = (item: Item, words = 'I wrote this privately') => `${canaryOf(item)} ${words} ${canaryOf(item)}`;

interface Story {
  h: TeamsHarness;
  clock: ReturnType<typeof manualClock>;
  who: Record<Viewer, Person>;
  engagementId: string;
  observed: Observed;
}

const actorOf = (story: Story, viewer: Viewer): Actor => ({
  platform: 'teams',
  tenantId: TENANT_ID,
  platformUserId: story.who[viewer].user.id,
});

/** Delivers what is due, as the worker would; a failure is recorded on the row (Teams said no). */
async function deliver(story: Story): Promise<void> {
  const { h } = story;
  for (let round = 0; round < 10; round += 1) {
    const pending = await h.database.sql<{ id: string }[]>`
      select id from outbox where status = 'pending' and available_at <= ${h.core.clock.now()} order by seq`;
    if (pending.length === 0) return;
    for (const { id } of pending)
      await deliverOutboxEntry({ outboxId: id }, { ...h.core, messengers: { teams: h.messenger } });
  }
}

async function holdMeeting(story: Story, kind: 'kickoff' | 'alignment') {
  const { h } = story;
  const [meeting] = await h.database.sql<{ id: string }[]>`
    select id from meetings where engagement_id = ${story.engagementId} and kind = ${kind}`;
  const localDateTime = DateTime.fromJSDate(story.clock.now(), { zone: 'Europe/London' })
    .plus({ hours: 2 })
    .startOf('hour')
    .toFormat("yyyy-LL-dd'T'HH:mm");
  const client = actorOf(story, 'client');
  await scheduleMeeting({ actor: client, meetingId: meeting?.id ?? '', localDateTime }, h.core);
  story.clock.advance(4 * 3600_000);
  await markMeetingHeld({ actor: client, meetingId: meeting?.id ?? '' }, h.core);
  await deliver(story);
}

/** A coaching session `coach` schedules and marks held; the coach keeps `note` on it. Returns its id. */
async function heldSession(story: Story, coach: Viewer, note: Item): Promise<string> {
  const { h } = story;
  const actor = actorOf(story, coach);
  const localDateTime = DateTime.fromJSDate(story.clock.now(), { zone: 'Europe/London' })
    .plus({ hours: 2 })
    .startOf('hour')
    .toFormat("yyyy-LL-dd'T'HH:mm");
  const { meetingId } = await scheduleSession(
    { actor, engagementId: story.engagementId, localDateTime, timeZone: 'Europe/London' },
    h.core,
  );
  story.clock.advance(4 * 3600_000);
  await markSessionHeld({ actor, meetingId }, h.core);
  await deliver(story);
  await saveCoachNote({ actor, meetingId, notes: text(note) }, h.core);
  return meetingId;
}

/** The question after session `meetingId`, answered with the item's text. */
async function answeredAfter(story: Story, meetingId: string, item: Item): Promise<void> {
  const [question] = await story.h.database.sql<{ id: string }[]>`
    select id from reflection_prompts where engagement_id = ${story.engagementId} and cycle = ${`session:${meetingId}`}`;
  if (!question) throw new Error('no question after the session');
  await answerPrompt(
    { actor: actorOf(story, 'client'), promptId: question.id, text: text(item) },
    story.h.core,
  );
}

async function answered(story: Story, item: Item, how: 'typed' | 'form' = 'form'): Promise<string> {
  const { h } = story;
  story.clock.advance(7 * 24 * 3600_000);
  const issued = await issueReflectionPrompt(
    { engagementId: story.engagementId, dueAt: h.core.clock.now() },
    h.core,
  );
  if (issued.outcome !== 'issued') throw new Error(`prompt not issued: ${issued.outcome}`);
  await deliver(story);
  if (how === 'typed') {
    const said = await h.say(story.who.client, text(item));
    if (said.status !== 200) throw new Error(`the typed answer was answered ${said.status}`);
  } else
    await answerPrompt(
      { actor: actorOf(story, 'client'), promptId: issued.promptId, text: text(item) },
      h.core,
    );
  return issued.promptId;
}

async function goal(story: Story, item: Item): Promise<string> {
  const drafted = await draftGoal(
    { actor: actorOf(story, 'client'), goal: text(item), successMeasure: text(item, 'measured') },
    story.h.core,
  );
  return drafted.entryId;
}

async function tellStory(story: Story): Promise<void> {
  const { h, who } = story;
  const core = h.core;
  const client = actorOf(story, 'client');
  const share = async (promptId: string) => {
    await shareAnswerWithCoach({ actor: client, promptId }, core);
    await deliver(story);
  };
  const started = await h.say(
    who.removedHrAdmin,
    'start client:@jane sponsor:@sam coach:@kim coach:@lee weeks:12',
  );
  if (started.status !== 200) throw new Error(`start answered ${started.status}`);
  const [row] = await h.database.sql<{ id: string }[]>`select id from engagements`;
  story.engagementId = row?.id ?? '';
  const sponsorChat = await groupChatWith(h, who.client, [who.client, who.sponsor]);
  await deliver(story);
  await holdMeeting(story, 'kickoff');
  const [former] = await h.database.sql<{ id: string }[]>`
    select id from people where platform_user_id = ${who.formerCoach.user.id}`;
  await selectCoach({ actor: client, engagementId: story.engagementId, coachId: former?.id ?? '' }, core);
  const coachingChat = await groupChatWith(h, who.client, [who.client, who.formerCoach]);
  await changeMembers(h, sponsorChat, who.client, { add: [who.formerCoach] });
  await deliver(story);
  await holdMeeting(story, 'alignment');

  await answered(story, 'dmAnswer', 'typed');
  await answered(story, 'modalAnswer');
  await goal(story, 'goalDraft');
  const [closing] = await h.database.sql<{ id: string }[]>`
    select id from meetings where engagement_id = ${story.engagementId} and kind = 'closing'`;
  await savePreparation(
    { actor: client, meetingId: closing?.id ?? '', notes: text('preparationNotes') },
    core,
  );
  await share(await answered(story, 'coachingSpaceMessage'));
  const assessment = {
    core,
    engagementId: story.engagementId,
    hr: actorOf(story, 'hrAdmin'),
    client,
    deliver: () => deliver(story),
  };
  const reportId = await reportSharedWithFormerCoach(assessment);
  await answeredAfter(story, await heldSession(story, 'formerCoach', 'formerCoachNote'), 'sessionAnswer');

  const failing = await answered(story, 'failedShare');
  h.teams.fake.setFault({ status: 403, code: 'ConversationBlockedByUser', conversationId: coachingChat.id });
  await share(failing);
  h.teams.fake.clearFaults();

  const reassigned = await h.say(who.hrAdmin, 'reassign @jane coach:@lee');
  if (reassigned.status !== 200) throw new Error(`reassign answered ${reassigned.status}`);
  await deliver(story);
  await groupChatWith(h, who.client, [who.client, who.currentCoach]);
  await changeMembers(h, sponsorChat, who.sponsor, { add: [who.currentCoach], remove: [who.formerCoach] });
  await deliver(story);
  await heldSession(story, 'currentCoach', 'coachNote');
  await share(await answered(story, 'coachShare'));
  await previewRelease({ actor: client, entryId: await goal(story, 'releasePreview') }, core);
  const withdrawn = await previewRelease(
    { actor: client, entryId: await goal(story, 'withdrawnRelease') },
    core,
  );
  await confirmRelease({ actor: client, releaseId: withdrawn.releaseId }, core);
  await deliver(story);
  await withdrawRelease({ actor: client, releaseId: withdrawn.releaseId }, core);
  await deliver(story);
  const live = await previewRelease({ actor: client, entryId: await goal(story, 'liveRelease') }, core);
  await confirmRelease({ actor: client, releaseId: live.releaseId }, core);
  await deliver(story);
  await insightsWritten(assessment, reportId);
  core.settings = {
    ...core.settings,
    hrAdmins: core.settings.hrAdmins.filter((id) => id !== who.removedHrAdmin.user.id),
  };
}

/**
 * What each member of each conversation can read there now: every activity the bot posted, in its last version
 * (updated cards as updated, deleted ones gone). `since`: only activities touched from that index on. Group chats
 * are the spaces the outbox delivers to (`deliveries`); every chat, 1:1 ones included, is filed as Teams cards.
 */
function conversationContents(story: Story, path: ReadPath, since = 0) {
  const { h } = story;
  const touched = new Set(
    h.teams.fake.activities.slice(since).map((a) => `${a.conversationId}|${a.activityId}`),
  );
  for (const conversation of h.teams.fake.conversations.values()) {
    if (path === 'deliveries' && conversation.conversationType === 'personal') continue;
    const current = new Map<string, unknown>();
    for (const recorded of h.teams.fake.activitiesIn(conversation.id)) {
      if (recorded.operation === 'deleteActivity') current.delete(recorded.activityId);
      else current.set(recorded.activityId, recorded.activity);
    }
    for (const viewer of viewers) {
      if (!conversation.memberIds.includes(story.who[viewer].user.id)) continue;
      for (const [activityId, activity] of current) {
        if (since === 0 || touched.has(`${conversation.id}|${activityId}`))
          see(story.observed, viewer, path, activity);
      }
    }
  }
}

/** Runs one read request as `viewer`: the invoke or HTTP answer and what the bot posted to the viewer's chats. */
async function looking(story: Story, viewer: Viewer, path: ReadPath, act: () => Promise<PostResult>) {
  const { h } = story;
  const before = h.teams.fake.activities.length;
  const result = await act();
  if (result.body) {
    see(story.observed, viewer, path, result.body);
    see(story.observed, viewer, 'teamsCards', result.body);
  }
  const userId = story.who[viewer].user.id;
  for (const recorded of h.teams.fake.activities.slice(before)) {
    const members = h.teams.fake.conversations.get(recorded.conversationId)?.memberIds ?? [];
    if (recorded.activity && members.includes(userId)) see(story.observed, viewer, path, recorded.activity);
  }
}

/** Buttons pressed as `viewer` with every id of the engagement (forged unless the item is theirs), both ways. */
async function pressEverything(story: Story, viewer: Viewer, chat: FakeConversation) {
  const { h } = story;
  const person = story.who[viewer];
  const rows = await h.database.sql<{ actionId: string; value: string }[]>`
    select 'reflection.answer' as "actionId", id as value from reflection_prompts
      where engagement_id = ${story.engagementId}
    union all select 'goal.edit', id from private_entries where engagement_id = ${story.engagementId}
    union all select 'meeting.prepare', id from meetings where engagement_id = ${story.engagementId}
    union all select 'release.preview', id from private_entries where engagement_id = ${story.engagementId}
    union all select 'assessment.insight', id from private_entries where engagement_id = ${story.engagementId}
    union all select 'assessment.record', id from engagements where id = ${story.engagementId}
    union all select 'session.notes', id from meetings where engagement_id = ${story.engagementId}
    union all select 'session.notes.list', ${story.engagementId}`;
  const presses: Record<string, string>[] = [...rows, { actionId: 'goal.draft' }, { actionId: 'view.goals' }];
  for (const data of presses) {
    await looking(story, viewer, 'forms', () => h.dialog(person, chat, 'task/fetch', data));
    await looking(story, viewer, 'forms', () => h.invoke(person, chat, data));
  }
}

/** Everything `viewer` can ask for in their own chat: commands, forms with any id, the export. */
async function lookEverywhere(story: Story, viewer: Viewer, chat: FakeConversation) {
  const { h } = story;
  const person = story.who[viewer];
  for (const words of ['list', 'status @jane', 'goals', 'notes'])
    await looking(story, viewer, 'commandReplies', () => h.say(person, words, chat));
  await looking(story, viewer, 'commandReplies', () =>
    h.dialog(person, chat, 'task/fetch', { actionId: 'view.notes' }),
  );
  await looking(story, viewer, 'forms', async () => {
    await pressEverything(story, viewer, chat);
    return { status: 200, body: '' } as PostResult;
  });
  await looking(story, viewer, 'exports', () => h.say(person, 'export', chat));
  await looking(story, viewer, 'exports', () =>
    h.dialog(person, chat, 'task/fetch', { actionId: 'view.export' }),
  );
}

export async function runTeamsMatrix(): Promise<Observed> {
  const clock = manualClock(new Date());
  const h = await startTeamsHarness(clock);
  const { hr, jane, sam, kim, lee, stan } = h.people;
  const extra = (key: string, name: string): Person => {
    const email = `${key}@contoso.example`;
    const person = {
      key,
      timezone: 'Europe/London',
      user: h.teams.fake.addUser({ name, email, userPrincipalName: email } as never),
    };
    (h.people as Record<string, Person>)[key] = person;
    return person;
  };
  const who: Record<Viewer, Person> = {
    client: jane,
    currentCoach: lee,
    formerCoach: kim,
    sponsor: sam,
    hrAdmin: hr,
    removedHrAdmin: extra('remy', 'Remy Removed HR'),
    otherOrganisationHr: extra('olga', 'Olga Other HR'),
    stranger: stan,
  };
  h.core.settings = {
    ...h.core.settings,
    hrAdmins: [hr.user.id, who.removedHrAdmin.user.id, who.otherOrganisationHr.user.id],
  };
  const observed = newObserved();
  const story: Story = { h, clock, who, engagementId: '', observed };
  try {
    await tellStory(story);
    const beforeRetry = h.teams.fake.activities.length;
    await retryDeliveries(
      { actor: actorOf(story, 'hrAdmin'), engagement: { kind: 'id', id: story.engagementId } },
      h.core,
    );
    await deliver(story);
    conversationContents(story, 'retries', beforeRetry);
    conversationContents(story, 'deliveries');
    conversationContents(story, 'teamsCards');
    for (const viewer of viewers) {
      const chat = h.chatOf(who[viewer]);
      // HR of another organisation speaks from their own tenant's chat.
      if (viewer === 'otherOrganisationHr') chat.tenantId = OTHER_TENANT;
      await lookEverywhere(story, viewer, chat);
      // The role attack: make oneself the coach, then look again.
      await looking(story, viewer, 'commandReplies', () =>
        h.say(who[viewer], `reassign @jane coach:@${who[viewer].key}`, chat),
      );
      await deliver(story);
      await lookEverywhere(story, viewer, chat);
    }
    conversationContents(story, 'teamsCards');
    return observed;
  } finally {
    await h.close();
  }
}

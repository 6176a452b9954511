import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { deliverOutboxEntry } from '../../../src/outbox/deliver-outbox-entry.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import { draftGoal } from '../../../src/use-cases/goals/draft-goal.js';
import { reassignCoach } from '../../../src/use-cases/hr/reassign-coach.js';
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
import { type SlackHarness, startSlackHarness } from '../../e2e/slack/slack-harness.js';
import { typeInDm } from '../../e2e/slack/slack-walk.js';
import { manualClock } from '../../support/core-deps.js';
import { FAKE_TEAM_ID } from '../../support/fake-slack/defaults.js';
import { eventBody, slashCommandBody } from '../../support/slack-signing.js';
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
 * The viewer matrix on Slack: the real Bolt app behind signed requests, the fake Slack Web API, real
 * PostgreSQL. The story's writes run as the core's use cases on the app's own dependencies (their Slack paths
 * are covered by the e2e walks); every read path is Slack's own: App Home (app_home_opened), slash commands
 * (response_url), DM commands (ephemerals), buttons pressed with any id (modals opened), the export, and what
 * each member of each channel can read there at the end (deliveries; retries while HR retries).
 */
const ids: Record<Viewer, string> = {
  client: 'U0CLIENT01',
  currentCoach: 'U0COACHB01',
  formerCoach: 'U0COACHA01',
  sponsor: 'U0SPONSOR1',
  hrAdmin: 'U0HR000001',
  removedHrAdmin: 'U0HR000002',
  otherOrganisationHr: 'U0HROTHER1',
  stranger: 'U0STRANGE1',
};
const otherTeam = 'T0OTHERORG';
const actorOf = (viewer: Viewer): Actor => ({
  platform: 'slack',
  tenantId: FAKE_TEAM_ID,
  platformUserId: ids[viewer],
});
const text = (item: Item, words = 'I wrote this privately') => `${canaryOf(item)} ${words} ${canaryOf(item)}`;

interface Story {
  observed: Observed;
  h: SlackHarness;
  clock: ReturnType<typeof manualClock>;
  engagementId: string;
}

/** Delivers what is due, as the worker would; a failure is recorded on the row (the platform said no). */
async function deliver(story: Story): Promise<void> {
  const { h } = story;
  const core = h.deps.core;
  for (let round = 0; round < 10; round += 1) {
    const pending = await h.database.sql<{ id: string }[]>`
      select id from outbox where status = 'pending' and available_at <= ${core.clock.now()} order by seq`;
    if (pending.length === 0) return;
    for (const { id } of pending)
      await deliverOutboxEntry({ outboxId: id }, { ...core, messengers: { slack: h.messenger } });
  }
}

async function holdMeeting(story: Story, kind: 'kickoff' | 'alignment') {
  const core = story.h.deps.core;
  const [meeting] = await story.h.database.sql<{ id: string }[]>`
    select id from meetings where engagement_id = ${story.engagementId} and kind = ${kind}`;
  const localDateTime = DateTime.fromJSDate(story.clock.now(), { zone: 'Europe/London' })
    .plus({ hours: 2 })
    .startOf('hour')
    .toFormat("yyyy-LL-dd'T'HH:mm");
  await scheduleMeeting({ actor: actorOf('client'), meetingId: meeting?.id ?? '', localDateTime }, core);
  story.clock.advance(4 * 3600_000);
  await markMeetingHeld({ actor: actorOf('client'), meetingId: meeting?.id ?? '' }, core);
  await deliver(story);
}

/** A coaching session `coach` schedules and marks held; the coach keeps `note` on it. Returns its id. */
async function heldSession(story: Story, coach: Viewer, note: Item): Promise<string> {
  const core = story.h.deps.core;
  const actor = actorOf(coach);
  const localDateTime = DateTime.fromJSDate(story.clock.now(), { zone: 'Europe/London' })
    .plus({ hours: 2 })
    .startOf('hour')
    .toFormat("yyyy-LL-dd'T'HH:mm");
  const { meetingId } = await scheduleSession(
    { actor, engagementId: story.engagementId, localDateTime, timeZone: 'Europe/London' },
    core,
  );
  story.clock.advance(4 * 3600_000);
  await markSessionHeld({ actor, meetingId }, core);
  await deliver(story);
  await saveCoachNote({ actor, meetingId, notes: text(note) }, core);
  return meetingId;
}

/** The question after session `meetingId`, answered with the item's text. */
async function answeredAfter(story: Story, meetingId: string, item: Item): Promise<void> {
  const [question] = await story.h.database.sql<{ id: string }[]>`
    select id from reflection_prompts where engagement_id = ${story.engagementId} and cycle = ${`session:${meetingId}`}`;
  if (!question) throw new Error('no question after the session');
  await answerPrompt(
    { actor: actorOf('client'), promptId: question.id, text: text(item) },
    story.h.deps.core,
  );
}

async function answered(story: Story, item: Item, how: 'typed' | 'form' = 'form'): Promise<string> {
  story.clock.advance(7 * 24 * 3600_000);
  const core = story.h.deps.core;
  const issued = await issueReflectionPrompt(
    { engagementId: story.engagementId, dueAt: story.clock.now() },
    core,
  );
  if (issued.outcome !== 'issued') throw new Error(`prompt not issued: ${issued.outcome}`);
  await deliver(story);
  if (how === 'typed') await typeInDm(story.h, ids.client, text(item));
  else await answerPrompt({ actor: actorOf('client'), promptId: issued.promptId, text: text(item) }, core);
  return issued.promptId;
}

async function goal(story: Story, item: Item): Promise<string> {
  const core = story.h.deps.core;
  const drafted = await draftGoal(
    { actor: actorOf('client'), goal: text(item), successMeasure: text(item, 'measured') },
    core,
  );
  return drafted.entryId;
}

async function tellStory(story: Story): Promise<void> {
  const { h } = story;
  const core = h.deps.core;
  const client = actorOf('client');
  const share = async (promptId: string) => {
    await shareAnswerWithCoach({ actor: client, promptId }, core);
    await deliver(story);
  };
  await h.command(
    ids.removedHrAdmin,
    `start client:<@${ids.client}> sponsor:<@${ids.sponsor}> coach:<@${ids.formerCoach}> coach:<@${ids.currentCoach}>`,
  );
  const [row] = await h.database.sql<{ id: string; shortlist: string[] }[]>`
    select id, coach_shortlist as shortlist from engagements`;
  story.engagementId = row?.id ?? '';
  await deliver(story);
  await holdMeeting(story, 'kickoff');
  const [former] = await h.database.sql<{ id: string }[]>`
    select id from people where platform_user_id = ${ids.formerCoach}`;
  await selectCoach({ actor: client, engagementId: story.engagementId, coachId: former?.id ?? '' }, core);
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
    hr: actorOf('hrAdmin'),
    client,
    deliver: () => deliver(story),
  };
  const reportId = await reportSharedWithFormerCoach(assessment);
  await answeredAfter(story, await heldSession(story, 'formerCoach', 'formerCoachNote'), 'sessionAnswer');

  const failing = await answered(story, 'failedShare');
  h.fake.setFault({ method: 'chat.postMessage', respond: { error: 'channel_not_found' } });
  await share(failing);
  h.fake.clearFaults();

  await reassignCoach(
    {
      actor: actorOf('hrAdmin'),
      engagement: { kind: 'id', id: story.engagementId },
      coachUserId: ids.currentCoach,
    },
    core,
  );
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
    hrAdmins: core.settings.hrAdmins.filter((id) => id !== ids.removedHrAdmin),
  };
}

/** Every message now readable in every conversation, for each of its members (`since`: posted after that call). */
function channelContents(story: Story, observed: Observed, path: ReadPath, sinceCall = 0) {
  const { h } = story;
  const posted = new Set(
    h.fake.calls
      .slice(sinceCall)
      .filter((c) => c.method === 'chat.postMessage' && c.ok)
      .map((c) => JSON.stringify(c.args.blocks ?? c.args.text)),
  );
  for (const conversation of h.fake.conversations.all()) {
    const messages = h.fake
      .messagesIn(conversation.id)
      .filter((m) => sinceCall === 0 || posted.has(JSON.stringify(m.blocks ?? m.text)));
    for (const viewer of viewers) {
      if (!conversation.members.includes(ids[viewer])) continue;
      for (const message of messages) see(observed, viewer, path, message);
    }
  }
}

/** Runs one read action as `viewer`; everything Slack was asked to show during it is filed under `path`. */
async function looking(
  story: Story,
  observed: Observed,
  viewer: Viewer,
  path: ReadPath,
  act: () => Promise<unknown>,
) {
  const { h } = story;
  const calls = h.fake.calls.length;
  await act();
  for (const call of h.fake.calls.slice(calls)) {
    const channel = call.args.channel as string | undefined;
    const member = channel ? h.fake.conversations.get(channel)?.members.includes(ids[viewer]) : undefined;
    if (call.method === 'chat.postMessage' && member === false) continue;
    see(observed, viewer, path, call.args);
  }
}

/** Buttons pressed as `viewer` with every id of the engagement (forged unless the item is theirs). */
async function pressEverything(story: Story, viewer: Viewer) {
  const { h } = story;
  const rows = await h.database.sql<{ action: string; id: string }[]>`
    select 'reflection.answer' as action, id from reflection_prompts where engagement_id = ${story.engagementId}
    union all select 'goal.edit', id from private_entries where engagement_id = ${story.engagementId}
    union all select 'meeting.prepare', id from meetings where engagement_id = ${story.engagementId}
    union all select 'assessment.insight', id from private_entries where engagement_id = ${story.engagementId}
    union all select 'assessment.record', id from engagements where id = ${story.engagementId}
    union all select 'session.notes', id from meetings where engagement_id = ${story.engagementId}
    union all select 'session.notes.list', ${story.engagementId}`;
  for (const { action, id } of [...rows, { action: 'goal.draft', id: 'draft' }]) {
    const key = randomUUID();
    await h.action({
      user_id: ids[viewer],
      channel_id: h.fake.conversations.imWith(ids[viewer])?.id ?? 'D0NONE',
      message_ts: '1.000001',
      response_url: h.sink.urlFor(key),
      action: { action_id: action, type: 'button', value: id },
    });
    for (const post of h.sink.postsTo(key)) see(story.observed, viewer, 'forms', post.body);
  }
}

export async function runSlackMatrix(): Promise<Observed> {
  const clock = manualClock(new Date());
  const h = await startSlackHarness({
    clock,
    users: viewers.map((v) => ({ id: ids[v], name: v, tz: 'Europe/London' })),
    settings: { hrAdmins: [ids.hrAdmin, ids.removedHrAdmin, ids.otherOrganisationHr] },
  });
  const observed = newObserved();
  const story: Story = { h, clock, engagementId: '', observed };
  try {
    await tellStory(story);
    const beforeRetry = h.fake.calls.length;
    await retryDeliveries(
      { actor: actorOf('hrAdmin'), engagement: { kind: 'id', id: story.engagementId } },
      h.deps.core,
    );
    await deliver(story);
    channelContents(story, observed, 'retries', beforeRetry);
    channelContents(story, observed, 'deliveries');
    for (const viewer of viewers) {
      const team = viewer === 'otherOrganisationHr' ? otherTeam : FAKE_TEAM_ID;
      const command = async (words: string) => {
        const key = randomUUID();
        await h.post(
          slashCommandBody({
            command: '/coaching',
            text: words,
            user_id: ids[viewer],
            team_id: team,
            response_url: h.sink.urlFor(key),
          }),
        );
        for (const post of h.sink.postsTo(key)) see(observed, viewer, 'commandReplies', post.body);
      };
      await looking(story, observed, viewer, 'home', () =>
        h.post(
          eventBody(
            { type: 'app_home_opened', user: ids[viewer], channel: 'D0HOME', tab: 'home', event_ts: '1.0' },
            { team_id: team },
          ),
        ),
      );
      const home = h.fake.homeViewOf(ids[viewer]);
      if (home) see(observed, viewer, 'home', home.blocks);
      await looking(story, observed, viewer, 'commandReplies', async () => {
        await command('list');
        await command(`status <@${ids.client}>`);
        await typeInDm(h, ids[viewer], 'goals');
        await typeInDm(h, ids[viewer], 'notes');
      });
      await looking(story, observed, viewer, 'forms', () => pressEverything(story, viewer));
      await looking(story, observed, viewer, 'exports', () => typeInDm(h, ids[viewer], 'export'));
      // The role attack: make oneself the coach, then look at Home again.
      await command(`reassign <@${ids.client}> coach:<@${ids[viewer]}>`);
      await looking(story, observed, viewer, 'home', () =>
        h.post(
          eventBody(
            { type: 'app_home_opened', user: ids[viewer], channel: 'D0HOME', tab: 'home', event_ts: '2.0' },
            { team_id: team },
          ),
        ),
      );
    }
    return observed;
  } finally {
    await h.close();
  }
}

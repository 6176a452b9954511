import { DateTime } from 'luxon';
import { draftGoal } from '../../../src/use-cases/goals/draft-goal.js';
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
import { changeMembers, groupChatWith } from '../../e2e/teams/teams-walk.js';
import { insightsWritten, reportSharedWithFormerCoach } from './assessment-story.js';
import { canaryOf, type Item, type Viewer } from './matrix.js';
import { actorOf, deliver, type Tenants } from './teams-tenants.js';

/**
 * The matrix's story on Teams (steps 1–7 of matrix.ts) in tenant A, and tenant B's lean one: B's HR starts an
 * engagement whose client is Kim (external access), its people make the chats by hand, and Kim drafts a goal
 * there (goalInB). HR's steps are typed to Triad; the private writes run as the core's use cases.
 */
const text = (item: Item, words = 'I wrote this privately') => `${canaryOf(item)} ${words} ${canaryOf(item)}`;

const localTime = (t: Tenants) =>
  DateTime.fromJSDate(t.clock.now(), { zone: 'Europe/London' })
    .plus({ hours: 2 })
    .startOf('hour')
    .toFormat("yyyy-LL-dd'T'HH:mm");

const engagementOf = async (t: Tenants, tenantId: string) => {
  const [row] = await t.h.database.sql<{ id: string }[]>`
    select e.id from engagements e join organisations o on o.id = e.organisation_id
    where o.platform_tenant_id = ${tenantId}`;
  if (!row) throw new Error('no engagement');
  return row.id;
};

async function holdMeeting(t: Tenants, engagementId: string, kind: 'kickoff' | 'alignment') {
  const [meeting] = await t.h.database.sql<{ id: string }[]>`
    select id from meetings where engagement_id = ${engagementId} and kind = ${kind}`;
  const client = actorOf(t, 'client');
  await scheduleMeeting(
    { actor: client, meetingId: meeting?.id ?? '', localDateTime: localTime(t) },
    t.h.core,
  );
  t.clock.advance(4 * 3600_000);
  await markMeetingHeld({ actor: client, meetingId: meeting?.id ?? '' }, t.h.core);
  await deliver(t);
}

/** A coaching session `coach` schedules and marks held; the coach keeps `note` on it. Returns its id. */
async function heldSession(t: Tenants, engagementId: string, coach: Viewer, note: Item) {
  const actor = actorOf(t, coach);
  const { meetingId } = await scheduleSession(
    { actor, engagementId, localDateTime: localTime(t), timeZone: 'Europe/London' },
    t.h.core,
  );
  t.clock.advance(4 * 3600_000);
  await markSessionHeld({ actor, meetingId }, t.h.core);
  await deliver(t);
  await saveCoachNote({ actor, meetingId, notes: text(note) }, t.h.core);
  return meetingId;
}

async function answered(t: Tenants, engagementId: string, item: Item, how: 'typed' | 'form' = 'form') {
  t.clock.advance(7 * 24 * 3600_000);
  const issued = await issueReflectionPrompt({ engagementId, dueAt: t.clock.now() }, t.h.core);
  if (issued.outcome !== 'issued') throw new Error(`prompt not issued: ${issued.outcome}`);
  await deliver(t);
  if (how === 'typed') {
    const said = await t.a.asHarness.say(t.who.client, text(item));
    if (said.status !== 200) throw new Error(`the typed answer was answered ${said.status}`);
  } else
    await answerPrompt(
      { actor: actorOf(t, 'client'), promptId: issued.promptId, text: text(item) },
      t.h.core,
    );
  return issued.promptId;
}

async function goal(t: Tenants, item: Item, who: Viewer = 'client') {
  const drafted = await draftGoal(
    { actor: actorOf(t, who), goal: text(item), successMeasure: text(item, 'measured') },
    t.h.core,
  );
  return drafted.entryId;
}

/** Tenant B: its HR starts Kim's engagement, its people make the chats, Kim drafts a goal. Returns B's engagement. */
export async function tellStoryOfB(t: Tenants): Promise<string> {
  const { b, who } = t;
  const started = await b.asHarness.say(who.bHrAdmin, 'start client:@kim sponsor:@sam coach:@lee weeks:12');
  if (started.status !== 200) throw new Error(`B's start answered ${started.status}`);
  await b.asHarness.say(who.bHrAdmin, 'admins add @jane');
  const engagementId = await engagementOf(t, b.tenantId);
  await groupChatWith(b.asHarness, who.kimInB, [who.kimInB, who.bSponsor]);
  await groupChatWith(b.asHarness, who.kimInB, [who.kimInB, who.bCoach]);
  await deliver(t);
  await goal(t, 'goalInB', 'kimInB');
  return engagementId;
}

/** Steps 1–7 of the story in tenant A; returns A's engagement. */
export async function tellStoryOfA(t: Tenants): Promise<string> {
  const { who, h } = t;
  const a = t.a.asHarness;
  const core = h.core;
  const client = actorOf(t, 'client');
  const share = async (promptId: string) => {
    await shareAnswerWithCoach({ actor: client, promptId }, core);
    await deliver(t);
  };
  const started = await a.say(
    who.removedHrAdmin,
    'start client:@jane sponsor:@sam coach:@lee coach:@kim weeks:12',
  );
  if (started.status !== 200) throw new Error(`start answered ${started.status}`);
  const engagementId = await engagementOf(t, t.a.tenantId);
  const sponsorChat = await groupChatWith(a, who.client, [who.client, who.sponsor]);
  await deliver(t);
  await holdMeeting(t, engagementId, 'kickoff');
  const [former] = await h.database.sql<{ id: string }[]>`
    select id from people where platform_user_id = ${who.formerCoach.user.id}`;
  await selectCoach({ actor: client, engagementId, coachId: former?.id ?? '' }, core);
  const coachingChat = await groupChatWith(a, who.client, [who.client, who.formerCoach]);
  await changeMembers(a, sponsorChat, who.client, { add: [who.formerCoach] });
  await deliver(t);
  await holdMeeting(t, engagementId, 'alignment');

  await answered(t, engagementId, 'dmAnswer', 'typed');
  await answered(t, engagementId, 'modalAnswer');
  await goal(t, 'goalDraft');
  const [closing] = await h.database.sql<{ id: string }[]>`
    select id from meetings where engagement_id = ${engagementId} and kind = 'closing'`;
  await savePreparation(
    { actor: client, meetingId: closing?.id ?? '', notes: text('preparationNotes') },
    core,
  );
  await share(await answered(t, engagementId, 'coachingSpaceMessage'));
  const assessment = { core, engagementId, hr: actorOf(t, 'hrAdmin'), client, deliver: () => deliver(t) };
  const reportId = await reportSharedWithFormerCoach(assessment);
  const session = await heldSession(t, engagementId, 'formerCoach', 'formerCoachNote');
  const [question] = await h.database.sql<{ id: string }[]>`
    select id from reflection_prompts where engagement_id = ${engagementId} and cycle = ${`session:${session}`}`;
  await answerPrompt({ actor: client, promptId: question?.id ?? '', text: text('sessionAnswer') }, core);

  const failing = await answered(t, engagementId, 'failedShare');
  t.a.fake.setFault({ status: 403, code: 'ConversationBlockedByUser', conversationId: coachingChat.id });
  await share(failing);
  t.a.fake.clearFaults();

  const reassigned = await a.say(who.hrAdmin, 'reassign @jane coach:@kim');
  if (reassigned.status !== 200) throw new Error(`reassign answered ${reassigned.status}`);
  await deliver(t);
  await groupChatWith(a, who.client, [who.client, who.currentCoach]);
  await changeMembers(a, sponsorChat, who.sponsor, { add: [who.currentCoach], remove: [who.formerCoach] });
  await deliver(t);
  await heldSession(t, engagementId, 'currentCoach', 'coachNote');
  await share(await answered(t, engagementId, 'coachShare'));
  await previewRelease({ actor: client, entryId: await goal(t, 'releasePreview') }, core);
  const withdrawn = await previewRelease({ actor: client, entryId: await goal(t, 'withdrawnRelease') }, core);
  await confirmRelease({ actor: client, releaseId: withdrawn.releaseId }, core);
  await deliver(t);
  await withdrawRelease({ actor: client, releaseId: withdrawn.releaseId }, core);
  await deliver(t);
  const live = await previewRelease({ actor: client, entryId: await goal(t, 'liveRelease') }, core);
  await confirmRelease({ actor: client, releaseId: live.releaseId }, core);
  await deliver(t);
  await insightsWritten(assessment, reportId);
  core.settings = {
    ...core.settings,
    hrAdmins: core.settings.hrAdmins.filter((id) => id !== who.removedHrAdmin.user.id),
  };
  return engagementId;
}

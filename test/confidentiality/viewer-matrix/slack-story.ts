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
import { insightsWritten, reportSharedWithFormerCoach } from './assessment-story.js';
import { canaryOf, type Item, type Viewer } from './matrix.js';
import { A, actorOf, B, command, deliver, ids, type Organisations, typeInDm } from './slack-organisations.js';

/**
 * The matrix's story on Slack (steps 1–7 of matrix.ts) in organisation A, and organisation B's lean one: B's HR
 * starts an engagement whose client is Kim (through Slack Connect) and Kim drafts a goal there (goalInB). HR's
 * steps go through Slack (`/coaching start`, `reassign`, `admins remove`); the private writes run as the core's
 * use cases on the app's own dependencies (their Slack paths are covered by the e2e walks).
 */
const text = (item: Item, words = 'I wrote this privately') => `${canaryOf(item)} ${words} ${canaryOf(item)}`;

const localTime = (h: Organisations) =>
  DateTime.fromJSDate(h.core.clock.now(), { zone: 'Europe/London' })
    .plus({ hours: 2 })
    .startOf('hour')
    .toFormat("yyyy-LL-dd'T'HH:mm");

async function holdMeeting(h: Organisations, engagementId: string, kind: 'kickoff' | 'alignment') {
  const [meeting] = await h.database.sql<{ id: string }[]>`
    select id from meetings where engagement_id = ${engagementId} and kind = ${kind}`;
  const actor = actorOf('client');
  await scheduleMeeting({ actor, meetingId: meeting?.id ?? '', localDateTime: localTime(h) }, h.core);
  h.core.clock.advance(4 * 3600_000);
  await markMeetingHeld({ actor, meetingId: meeting?.id ?? '' }, h.core);
  await deliver(h);
}

/** A coaching session `coach` schedules and marks held; the coach keeps `note` on it. Returns its id. */
async function heldSession(h: Organisations, engagementId: string, coach: Viewer, note: Item) {
  const actor = actorOf(coach);
  const { meetingId } = await scheduleSession(
    { actor, engagementId, localDateTime: localTime(h), timeZone: 'Europe/London' },
    h.core,
  );
  h.core.clock.advance(4 * 3600_000);
  await markSessionHeld({ actor, meetingId }, h.core);
  await deliver(h);
  await saveCoachNote({ actor, meetingId, notes: text(note) }, h.core);
  return meetingId;
}

/** Next week's prompt, answered with the item's text (typed in the DM, or in the form); returns its id. */
async function answered(h: Organisations, engagementId: string, item: Item, how: 'typed' | 'form' = 'form') {
  h.core.clock.advance(7 * 24 * 3600_000);
  const issued = await issueReflectionPrompt({ engagementId, dueAt: h.core.clock.now() }, h.core);
  if (issued.outcome !== 'issued') throw new Error(`prompt not issued: ${issued.outcome}`);
  await deliver(h);
  if (how === 'typed') await typeInDm(h, 'client', text(item));
  else await answerPrompt({ actor: actorOf('client'), promptId: issued.promptId, text: text(item) }, h.core);
  return issued.promptId;
}

async function goal(h: Organisations, item: Item, who: Viewer = 'client') {
  const drafted = await draftGoal(
    { actor: actorOf(who), goal: text(item), successMeasure: text(item, 'measured') },
    h.core,
  );
  return drafted.entryId;
}

const engagementOf = async (h: Organisations, team: string) => {
  const [row] = await h.database.sql<{ id: string }[]>`
    select e.id from engagements e join organisations o on o.id = e.organisation_id
    where o.platform_tenant_id = ${team}`;
  if (!row) throw new Error(`no engagement in ${team}`);
  return row.id;
};

/** Organisation B: its HR starts Kim's engagement; Kim, acting from her own team, drafts a goal there. */
export async function tellStoryOfB(h: Organisations): Promise<string> {
  const started = await command(
    h,
    'bHrAdmin',
    `start client:<@${ids.kimInB}> sponsor:<@${ids.bSponsor}> coach:<@${ids.bCoach}>`,
  );
  if (!JSON.stringify(started).includes('started for'))
    throw new Error(`B's start: ${JSON.stringify(started)}`);
  await deliver(h);
  await goal(h, 'goalInB', 'kimInB');
  return engagementOf(h, B);
}

/** Steps 1–7 of the story in organisation A; returns A's engagement. */
export async function tellStoryOfA(h: Organisations): Promise<string> {
  const client = actorOf('client');
  const c = ids;
  const start = `start client:<@${c.client}> sponsor:<@${c.sponsor}> coach:<@${c.formerCoach}> coach:<@${c.currentCoach}>`;
  const started = await command(h, 'removedHrAdmin', start);
  if (!JSON.stringify(started).includes('started for'))
    throw new Error(`A's start: ${JSON.stringify(started)}`);
  const engagementId = await engagementOf(h, A);
  await deliver(h);
  await holdMeeting(h, engagementId, 'kickoff');
  const [former] = await h.database.sql<{ id: string }[]>`
    select id from people where platform_user_id = ${c.formerCoach}`;
  await selectCoach({ actor: client, engagementId, coachId: former?.id ?? '' }, h.core);
  await deliver(h);
  await holdMeeting(h, engagementId, 'alignment');
  const share = async (promptId: string) => {
    await shareAnswerWithCoach({ actor: client, promptId }, h.core);
    await deliver(h);
  };

  await answered(h, engagementId, 'dmAnswer', 'typed');
  await answered(h, engagementId, 'modalAnswer');
  await goal(h, 'goalDraft');
  const [closing] = await h.database.sql<{ id: string }[]>`
    select id from meetings where engagement_id = ${engagementId} and kind = 'closing'`;
  await savePreparation(
    { actor: client, meetingId: closing?.id ?? '', notes: text('preparationNotes') },
    h.core,
  );
  await share(await answered(h, engagementId, 'coachingSpaceMessage'));
  const assessment = {
    core: h.core,
    engagementId,
    hr: actorOf('hrAdmin'),
    client,
    deliver: () => deliver(h),
  };
  const reportId = await reportSharedWithFormerCoach(assessment);
  const session = await heldSession(h, engagementId, 'formerCoach', 'formerCoachNote');
  const [question] = await h.database.sql<{ id: string }[]>`
    select id from reflection_prompts where engagement_id = ${engagementId} and cycle = ${`session:${session}`}`;
  await answerPrompt({ actor: client, promptId: question?.id ?? '', text: text('sessionAnswer') }, h.core);

  const failing = await answered(h, engagementId, 'failedShare');
  h.cloud.workspace(A).setFault({ method: 'chat.postMessage', respond: { error: 'channel_not_found' } });
  await share(failing);
  h.cloud.workspace(A).clearFaults();

  await command(h, 'hrAdmin', `reassign <@${c.client}> coach:<@${c.currentCoach}>`);
  await deliver(h);
  await heldSession(h, engagementId, 'currentCoach', 'coachNote');
  await share(await answered(h, engagementId, 'coachShare'));
  await previewRelease({ actor: client, entryId: await goal(h, 'releasePreview') }, h.core);
  const withdrawn = await previewRelease(
    { actor: client, entryId: await goal(h, 'withdrawnRelease') },
    h.core,
  );
  await confirmRelease({ actor: client, releaseId: withdrawn.releaseId }, h.core);
  await deliver(h);
  await withdrawRelease({ actor: client, releaseId: withdrawn.releaseId }, h.core);
  await deliver(h);
  const live = await previewRelease({ actor: client, entryId: await goal(h, 'liveRelease') }, h.core);
  await confirmRelease({ actor: client, releaseId: live.releaseId }, h.core);
  await deliver(h);
  await insightsWritten(assessment, reportId);
  await command(h, 'hrAdmin', `admins remove <@${c.removedHrAdmin}>`);
  return engagementId;
}

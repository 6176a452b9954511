import { DateTime } from 'luxon';
import { composeHome } from '../../../src/use-cases/home/compose-home.js';
import { endEngagement } from '../../../src/use-cases/hr/end-engagement.js';
import { engagementStatus } from '../../../src/use-cases/hr/engagement-status.js';
import { listEngagements } from '../../../src/use-cases/hr/list-engagements.js';
import { pauseEngagement } from '../../../src/use-cases/hr/pause-engagement.js';
import { reassignCoach } from '../../../src/use-cases/hr/reassign-coach.js';
import { resumeEngagement } from '../../../src/use-cases/hr/resume-engagement.js';
import { selectCoach } from '../../../src/use-cases/matching/select-coach.js';
import { cancelMeeting } from '../../../src/use-cases/meetings/cancel-meeting.js';
import { markMeetingHeld } from '../../../src/use-cases/meetings/mark-meeting-held.js';
import { rescheduleMeeting } from '../../../src/use-cases/meetings/reschedule-meeting.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { issueReflectionPrompt } from '../../../src/use-cases/reflections/issue-reflection-prompt.js';
import { nudgePrompt } from '../../../src/use-cases/reflections/nudge-prompt.js';
import { purgeExpiredEngagements } from '../../../src/use-cases/retention/purge-expired-engagements.js';
import { cancelSession } from '../../../src/use-cases/sessions/cancel-session.js';
import { markSessionHeld } from '../../../src/use-cases/sessions/mark-session-held.js';
import { moveSession } from '../../../src/use-cases/sessions/move-session.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { openExpectationsForm } from '../../../src/use-cases/sponsor/open-expectations-form.js';
import { postSponsorExpectations } from '../../../src/use-cases/sponsor/post-sponsor-expectations.js';
import { chooseRelayThread, confirmRelay } from '../../../src/use-cases/sponsor/relay-choice.js';
import { relayToSponsorThread } from '../../../src/use-cases/sponsor/relay-to-sponsor-thread.js';
import { messageControls } from '../../support/outbox-reader.js';
import { attempt, missingId, pickFrom } from './attempt.js';
import type { Command, E, MeetingKind } from './commands.js';
import { actorFor, platformUser, type World } from './world.js';

type LifecycleCommand = Exclude<
  Command,
  {
    t:
      | 'answer'
      | 'answerForm'
      | 'plain'
      | 'promptAction'
      | 'goal'
      | 'editGoal'
      | 'goalView'
      | 'preview'
      | 'release'
      | 'activity'
      | 'export'
      | 'prepare';
  }
>;

const localTime = (world: World, days: number) =>
  DateTime.fromJSDate(world.core.clock.now(), { zone: 'Europe/London' })
    .plus({ days })
    .set({ hour: 10, minute: 0 })
    .toFormat("yyyy-LL-dd'T'HH:mm");

async function meetingId(world: World, e: E, kind: MeetingKind | 'session', pick = 0) {
  const meetings = await world.core.uow.read.meetings.listByEngagement(world.engagementIds[e]);
  return pickFrom(
    meetings.filter((m) => m.kind === kind),
    pick,
  );
}

/** Marks a meeting held, first scheduling it (again, when it was cancelled) and waiting for its time. */
async function holdMeeting(world: World, e: E, kind: MeetingKind, who: 'client' | 'sponsor'): Promise<void> {
  const deps = world.core;
  const actor = actorFor(who, e);
  const id = await meetingId(world, e, kind);
  const meeting = await deps.uow.read.meetings.get(id);
  if (meeting?.status === 'cancelled' || meeting?.status === 'unscheduled') {
    await attempt(world, who, e, () =>
      scheduleMeeting({ actor, meetingId: id, localDateTime: localTime(world, 1) }, deps),
    );
  }
  const scheduled = await deps.uow.read.meetings.get(id);
  if (scheduled?.startsAt && scheduled.startsAt > deps.clock.now())
    deps.clock.set(new Date(scheduled.startsAt.getTime() + 3600_000));
  await attempt(world, who, e, () => markMeetingHeld({ actor, meetingId: id }, deps));
}

/** The next step an engagement needs to reach coaching, done by the right person — so runs get deep. */
async function progress(world: World, e: E, pick: number): Promise<void> {
  const engagement = await world.core.uow.read.engagements.get(world.engagementIds[e]);
  const deps = world.core;
  switch (engagement?.stage) {
    case 'kickoff':
      return holdMeeting(world, e, 'kickoff', 'sponsor');
    case 'coach_matching': {
      const coachId = engagement.coachShortlist[pick % engagement.coachShortlist.length] ?? missingId;
      const actor = actorFor('client', e);
      await attempt(world, 'client', e, () =>
        selectCoach({ actor, engagementId: engagement.id, coachId }, deps),
      );
      return;
    }
    case 'alignment':
      return holdMeeting(world, e, 'alignment', 'client');
    case 'paused':
      await attempt(world, 'hr', e, () =>
        resumeEngagement({ actor: actorFor('hr', e), engagement: engagement.id }, deps),
      );
      return;
    case 'closed':
    case 'cancelled':
      world.core.clock.advance(31 * 24 * 3600_000);
      await attempt(world, 'job', e, () => purgeExpiredEngagements({}, deps));
      return;
    default:
      // Coaching: this week's prompt, then on to the next week.
      await attempt(world, 'job', e, () =>
        issueReflectionPrompt({ engagementId: world.engagementIds[e], dueAt: world.core.clock.now() }, deps),
      );
      world.core.clock.advance(7 * 24 * 3600_000);
  }
}

/** HR, sponsor, meeting, session and scheduler commands (the other engineers' use cases and the jobs). */
export async function runLifecycleCommand(world: World, command: LifecycleCommand): Promise<void> {
  const deps = world.core;
  switch (command.t) {
    case 'progress':
      return progress(world, command.e, command.pick);
    case 'clock':
      world.core.clock.advance(command.hours * 3600_000);
      return;
    case 'issue':
      await attempt(world, 'job', command.e, () =>
        issueReflectionPrompt(
          { engagementId: world.engagementIds[command.e], dueAt: deps.clock.now() },
          deps,
        ),
      );
      return;
    case 'nudge': {
      const prompts = await deps.uow.read.prompts.listByEngagement(world.engagementIds[command.e]);
      await attempt(world, 'job', command.e, () =>
        nudgePrompt({ promptId: pickFrom(prompts, command.pick) }, deps),
      );
      return;
    }
    case 'purge':
      await attempt(world, 'job', 0, () => purgeExpiredEngagements({}, deps));
      return;
    case 'home':
      await attempt(world, command.who, command.e, () =>
        composeHome({ actor: actorFor(command.who, command.e) }, deps),
      );
      return;
    default:
      return runPeopleCommand(world, command);
  }
}

async function runPeopleCommand(
  world: World,
  command: Extract<LifecycleCommand, { t: 'hr' | 'sponsorText' | 'meeting' | 'session' | 'selectCoach' }>,
): Promise<void> {
  const deps = world.core;
  const { e, who } = command;
  const actor = actorFor(who, e);
  const engagementId = world.engagementIds[e];
  const run = <T>(call: () => Promise<T>) => attempt(world, who, e, call);
  switch (command.t) {
    case 'hr': {
      const ref = { actor, engagement: engagementId };
      if (command.op === 'pause') await run(() => pauseEngagement(ref, deps));
      if (command.op === 'resume') await run(() => resumeEngagement(ref, deps));
      if (command.op === 'end') await run(() => endEngagement(ref, deps));
      if (command.op === 'status') await run(() => engagementStatus(ref, deps));
      if (command.op === 'list') await run(() => listEngagements({ actor, includeClosed: true }, deps));
      if (command.op === 'reassign') {
        const coachUserId = platformUser(command.pick % 2 === 0 ? 'coach2' : 'coach', e);
        await run(() => reassignCoach({ ...ref, coachUserId }, deps));
      }
      return;
    }
    case 'sponsorText':
      if (command.op === 'form') await run(() => openExpectationsForm({ actor, engagementId }, deps));
      if (command.op === 'expectations')
        await run(() => postSponsorExpectations({ actor, engagementId, text: command.text }, deps));
      if (command.op === 'relay')
        await run(async () => {
          // Nothing is posted until the sender picks the engagement and confirms: do both.
          const offered = await relayToSponsorThread(
            { actor, engagement: engagementId, text: command.text },
            deps,
          );
          const value = relayValue(offered.reply, 'relay.choose');
          if (!value) return offered;
          const chosen = await chooseRelayThread({ actor, value }, deps);
          return confirmRelay({ actor, value: relayValue(chosen.reply, 'relay.confirm') ?? value }, deps);
        });
      return;
    case 'meeting': {
      const id = await meetingId(world, e, command.kind);
      const time = { actor, meetingId: id, localDateTime: localTime(world, command.days) };
      if (command.op === 'held') await run(() => markMeetingHeld({ actor, meetingId: id }, deps));
      if (command.op === 'schedule') await run(() => scheduleMeeting(time, deps));
      if (command.op === 'reschedule') await run(() => rescheduleMeeting(time, deps));
      if (command.op === 'cancel') await run(() => cancelMeeting({ actor, meetingId: id }, deps));
      return;
    }
    case 'session': {
      const id = await meetingId(world, e, 'session', command.pick);
      const localDateTime = localTime(world, command.days);
      if (command.op === 'schedule')
        await run(() => scheduleSession({ actor, engagementId, localDateTime }, deps));
      if (command.op === 'held') await run(() => markSessionHeld({ actor, meetingId: id }, deps));
      if (command.op === 'cancel') await run(() => cancelSession({ actor, meetingId: id }, deps));
      if (command.op === 'move') await run(() => moveSession({ actor, meetingId: id, localDateTime }, deps));
      return;
    }
    case 'selectCoach': {
      const engagement = await deps.uow.read.engagements.get(engagementId);
      const shortlist = engagement?.coachShortlist ?? [];
      const coachId = shortlist[command.pick % Math.max(1, shortlist.length)] ?? missingId;
      await run(() => selectCoach({ actor, engagementId, coachId }, deps));
      return;
    }
  }
}

/** The value of a reply's button with `actionId`. */
function relayValue(reply: unknown, actionId: string): string | undefined {
  const button = messageControls(reply as never).find((c) => c.type === 'button' && c.actionId === actionId);
  return button?.type === 'button' ? button.value : undefined;
}

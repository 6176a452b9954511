import { endEngagement } from '../../../src/use-cases/hr/end-engagement.js';
import { engagementStatus } from '../../../src/use-cases/hr/engagement-status.js';
import { listEngagements } from '../../../src/use-cases/hr/list-engagements.js';
import { pauseEngagement } from '../../../src/use-cases/hr/pause-engagement.js';
import { reassignCoach } from '../../../src/use-cases/hr/reassign-coach.js';
import { resumeEngagement } from '../../../src/use-cases/hr/resume-engagement.js';
import { selectCoach } from '../../../src/use-cases/matching/select-coach.js';
import { cancelMeeting } from '../../../src/use-cases/meetings/cancel-meeting.js';
import { rescheduleMeeting } from '../../../src/use-cases/meetings/reschedule-meeting.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { cancelSession } from '../../../src/use-cases/sessions/cancel-session.js';
import { markSessionHeld } from '../../../src/use-cases/sessions/mark-session-held.js';
import { moveSession } from '../../../src/use-cases/sessions/move-session.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { openExpectationsForm } from '../../../src/use-cases/sponsor/open-expectations-form.js';
import { postSponsorExpectations } from '../../../src/use-cases/sponsor/post-sponsor-expectations.js';
import { chooseRelayThread, confirmRelay } from '../../../src/use-cases/sponsor/relay-choice.js';
import { relayToSponsorThread } from '../../../src/use-cases/sponsor/relay-to-sponsor-thread.js';
import { messageControls } from '../../support/outbox-reader.js';
import { attempt, missingId } from './attempt.js';
import type { Command, E } from './commands.js';
import { holdMeeting, localTime, markHeld, meetingId } from './meetings.js';
import { Leak } from './oracle.js';
import {
  actorFor,
  hasHrRights,
  hrOver,
  isPerson,
  ownOf,
  platformUser,
  type Role,
  type World,
} from './world.js';

type PeopleCommand = Extract<Command, { t: 'hr' | 'sponsorText' | 'meeting' | 'session' | 'selectCoach' }>;

/**
 * Whom HR names as the new coach: usually one of the shortlist, often someone who must be refused — the acting
 * HR admin, the other HR admin, this engagement's client or sponsor — or someone of the other engagement
 * (allowed unless it makes one person hold two roles here).
 */
function reassignTarget(pick: number, e: E, own: E): [Role, E] {
  const o = ownOf(e, 1);
  const targets: [Role, E][] = [
    ['coach', e],
    ['coach2', e],
    ['coach', e],
    ['coach2', e],
    ['coach', e],
    ['coach2', e],
    ['hr', own],
    ['hr', 0],
    ['client', e],
    ['sponsor', e],
    ['sponsor', o],
    ['client', o],
    ['coach', o],
  ];
  return targets[pick % targets.length] as [Role, E];
}

/** HR, sponsor, meeting, session and coach-choice commands, by the right person or anyone, on any engagement. */
export async function runPeopleCommand(world: World, command: PeopleCommand): Promise<void> {
  const deps = world.core;
  const { e, who } = command;
  const own = ownOf(e, command.other);
  const actor = actorFor(world, who, own);
  const engagementId = world.engagementIds[e];
  const kind = 'op' in command ? `${command.t}:${command.op}` : command.t;
  const run = <T>(call: () => Promise<T>) => attempt(world, who, own, call, kind);
  const hr = hrOver(world, actor, e);
  /** HR rights come from the organisation's admin list, per request: a success by anyone else is a defect. */
  const onlyHr = (done: unknown) => {
    if (done !== undefined && !hr)
      throw new Leak(`${kind} succeeded for the ${who} ${actor.platformUserId}, who has no HR rights`);
  };
  switch (command.t) {
    case 'hr': {
      const ref = { actor, engagement: { kind: 'id', id: engagementId } as const };
      if (command.op === 'pause') onlyHr(await run(() => pauseEngagement(ref, deps)));
      if (command.op === 'resume') onlyHr(await run(() => resumeEngagement(ref, deps)));
      if (command.op === 'end') onlyHr(await run(() => endEngagement(ref, deps)));
      if (command.op === 'status') onlyHr(await run(() => engagementStatus(ref, deps)));
      if (command.op === 'list') {
        const listed = await run(() => listEngagements({ actor, includeClosed: true }, deps));
        if (listed !== undefined && !hasHrRights(world, actor))
          throw new Leak(`list succeeded for the ${who} ${actor.platformUserId}, who has no HR rights`);
      }
      if (command.op === 'reassign') {
        const [role, of] = reassignTarget(command.pick, e, own);
        const coachUserId = platformUser(world, role, of);
        const changed = await run(() => reassignCoach({ ...ref, coachUserId }, deps));
        onlyHr(changed);
        if (changed?.changed) world.milestones.add('reassigned');
      }
      return;
    }
    case 'sponsorText': {
      if (command.op === 'form') await run(() => openExpectationsForm({ actor, engagementId }, deps));
      if (command.op === 'expectations')
        await run(() => postSponsorExpectations({ actor, engagementId, text: command.text }, deps));
      if (command.op === 'relay') {
        // Nothing is posted until the sender picks the engagement and confirms: do both.
        const relayed = await run(async () => {
          const offered = await relayToSponsorThread(
            { actor, engagement: { kind: 'id', id: engagementId }, text: command.text },
            deps,
          );
          const value = relayValue(offered.reply, 'relay.choose');
          if (!value) return offered;
          const chosen = await chooseRelayThread({ actor, value }, deps);
          return confirmRelay({ actor, value: relayValue(chosen.reply, 'relay.confirm') ?? value }, deps);
        });
        const sponsor = platformUser(world, 'sponsor', e);
        if (relayed && !hr && !isPerson(actor, sponsor, e))
          throw new Leak(`the ${who} of engagement ${own} relayed into engagement ${e}'s sponsor thread`);
      }
      return;
    }
    case 'meeting': {
      const id = await meetingId(world, e, command.kind);
      const time = { actor, meetingId: id, localDateTime: localTime(world, command.days) };
      if (command.op === 'held') await markHeld(world, who, own, e, id);
      if (command.op === 'hold') await holdMeeting(world, e, command.kind, 'client', { who, own });
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
      const chosen = await run(() => selectCoach({ actor, engagementId, coachId }, deps));
      if (chosen && !hr && !(who === 'client' && own === e))
        throw new Leak(`the ${who} of engagement ${own} chose engagement ${e}'s coach`);
      return;
    }
  }
}

/** The value of a reply's button with `actionId`. */
function relayValue(reply: unknown, actionId: string): string | undefined {
  const button = messageControls(reply as never).find((c) => c.type === 'button' && c.actionId === actionId);
  return button?.type === 'button' ? button.value : undefined;
}

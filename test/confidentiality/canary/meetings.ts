import { DateTime } from 'luxon';
import type { Meeting } from '../../../src/engagement/records.js';
import { selectCoach } from '../../../src/use-cases/matching/select-coach.js';
import { markMeetingHeld } from '../../../src/use-cases/meetings/mark-meeting-held.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { issueReflectionPrompt } from '../../../src/use-cases/reflections/issue-reflection-prompt.js';
import { attempt, pickFrom } from './attempt.js';
import type { MeetingKind } from './commands.js';
import { Leak } from './oracle.js';
import { actorFor, type E, hrOver, isPerson, type Role, type World } from './world.js';

/** Meetings in the canary property: times in the client's zone, and marking one held under the seed's rules. */
export const localTime = (world: World, days: number) =>
  DateTime.fromJSDate(world.core.clock.now(), { zone: 'Europe/London' })
    .plus({ days })
    .set({ hour: 10, minute: 0 })
    .toFormat("yyyy-LL-dd'T'HH:mm");

export async function meetingId(world: World, e: E, kind: MeetingKind | 'session', pick = 0) {
  const meetings = await world.core.uow.read.meetings.listByEngagement(world.engagementIds[e]);
  return pickFrom(
    meetings.filter((m) => m.kind === kind),
    pick,
  );
}

/** Marks a meeting held, first waiting for its time or scheduling it again when it was cancelled. */
export async function holdMeeting(
  world: World,
  e: E,
  kind: MeetingKind,
  who: 'client' | 'sponsor',
  marker?: { who: Role; own: E },
): Promise<void> {
  const deps = world.core;
  const actor = actorFor(world, who, e);
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
  await markHeld(world, marker?.who ?? who, marker?.own ?? e, e, id);
}

/**
 * Marks a meeting held and checks the seed's rules on a success: only a scheduled meeting whose start has
 * passed, only by someone of its engagement (or its organisation's HR), and the closing meeting — which closes
 * the engagement and starts the retention clock — only by the client or HR.
 */
export async function markHeld(world: World, who: Role, own: E, e: E, id: string, kind = 'meeting:held') {
  const deps = world.core;
  const actor = actorFor(world, who, own);
  const before = await deps.uow.read.meetings.get(id);
  const hr = hrOver(world, actor, e);
  // Roles by person, not by label: with crossRoles one person is the coach here and the sponsor there.
  const engagement = await deps.uow.read.engagements.get(world.engagementIds[e]);
  const [client, ...others] = await deps.uow.read.people.getMany(
    [engagement?.clientId, engagement?.sponsorId, engagement?.coachId].filter((id): id is string =>
      Boolean(id),
    ),
  );
  const ids = [client, ...others].map((p) => p?.platformUserId);
  const member = ids.some((id) => isPerson(actor, id, e));
  const isClient = isPerson(actor, world.people.client[e], e);
  const broken = before && heldRuleBroken(before, deps.clock.now(), member, isClient, hr);
  const held = await attempt(world, who, own, () => markMeetingHeld({ actor, meetingId: id }, deps), kind);
  if (!held?.changed || !before) return;
  world.milestones.add(`${before.kind} held`);
  if (broken)
    throw new Leak(`the ${before.kind} meeting was marked held by the ${who} of engagement ${own} ${broken}`);
}

function heldRuleBroken(
  meeting: Meeting,
  now: Date,
  member: boolean,
  isClient: boolean,
  hr: boolean,
): string | undefined {
  if (meeting.status !== 'scheduled' || !meeting.startsAt || meeting.startsAt > now)
    return `while ${meeting.status}${meeting.startsAt ? ' (not yet started)' : ''}`;
  if (!member && !hr) return 'which is not theirs';
  if (meeting.kind === 'closing' && !(hr || isClient)) return ': only the client or HR closes an engagement';
  return undefined;
}

/**
 * Takes one engagement straight to coaching (kickoff held, the first coach on the shortlist chosen, alignment
 * held) and issues its first prompt: half the runs start there, so coaching-stage sequences (shares, releases,
 * reassignments, retries) get long enough to combine.
 */
export async function startInCoaching(world: World, e: E): Promise<void> {
  const deps = world.core;
  await holdMeeting(world, e, 'kickoff', 'client');
  const engagement = await deps.uow.read.engagements.get(world.engagementIds[e]);
  const coachId = engagement?.coachShortlist[0];
  if (!engagement || !coachId) throw new Error('no shortlist to choose from');
  // A coach invited by e-mail who joined is the coach already; otherwise the client chooses the first.
  if (!engagement.coachId)
    await selectCoach({ actor: actorFor(world, 'client', e), engagementId: engagement.id, coachId }, deps);
  await holdMeeting(world, e, 'alignment', 'client');
  await issueReflectionPrompt({ engagementId: engagement.id, dueAt: deps.clock.now() }, deps);
}

import { openCoachNoteForm, saveCoachNote } from '../../../src/use-cases/sessions/coach-notes.js';
import { listCoachNotes } from '../../../src/use-cases/sessions/list-coach-notes.js';
import { markSessionHeld } from '../../../src/use-cases/sessions/mark-session-held.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { attempt, pickFrom } from './attempt.js';
import type { Command } from './commands.js';
import { localTime } from './meetings.js';
import { currentCoach, Leak } from './oracle.js';
import { actorFor, ownOf, type World } from './world.js';

type NoteCommand = Extract<Command, { t: 'coachNote' }>;

/**
 * Coach notes, by the coach or anyone: `hold` has the current coach hold a session first (so notes have
 * sessions to go on), `save` writes a note with its own canaries — readable by the coach who wrote it alone,
 * which the oracle knows (`world.noteCanaries`) — `form` opens the note form, `list` types `notes`. A note saved
 * by anyone but the engagement's current coach is a leak.
 */
export async function runNoteCommand(world: World, command: NoteCommand): Promise<void> {
  const { e, who } = command;
  const own = ownOf(e, command.other);
  const actor = actorFor(world, who, own);
  const deps = world.core;
  const engagementId = world.engagementIds[e];
  const kind = `coachNote:${command.op}`;
  const sessions = async () =>
    (await deps.uow.read.meetings.listByEngagement(engagementId)).filter((m) => m.kind === 'session');
  if (command.op === 'hold') {
    const coach = actorFor(world, 'coach', e);
    const booked = await attempt(world, 'coach', e, () =>
      scheduleSession({ actor: coach, engagementId, localDateTime: localTime(world, 1) }, deps),
    );
    if (!booked) return;
    const meeting = await deps.uow.read.meetings.get(booked.meetingId);
    if (meeting?.startsAt) deps.clock.set(new Date(meeting.startsAt.getTime() + 3600_000));
    const held = await attempt(
      world,
      'coach',
      e,
      () => markSessionHeld({ actor: coach, meetingId: booked.meetingId }, deps),
      kind,
    );
    if (held?.changed) await save(world, { ...command, who: 'coach', other: 0 }, booked.meetingId);
    return;
  }
  if (command.op === 'list') {
    await attempt(world, who, own, () => listCoachNotes({ actor }, deps), kind);
    return;
  }
  const held = (await sessions()).filter((m) => m.status === 'held');
  const meetingId = pickFrom(
    held.length > 0 && command.pick % 4 !== 3 ? held : await sessions(),
    command.pick,
  );
  if (command.op === 'form') {
    await attempt(world, who, own, () => openCoachNoteForm({ actor, meetingId }, deps), kind);
    return;
  }
  await save(world, command, meetingId);
}

/** `who` writes a note on `meetingId`: its canaries are theirs alone; only the current coach may write one. */
async function save(world: World, command: NoteCommand, meetingId: string): Promise<void> {
  const { e, who } = command;
  const own = ownOf(e, command.other);
  const actor = actorFor(world, who, own);
  const canary = world.nextCanary(own, actor.platformUserId);
  world.noteCanaries.add(canary);
  const notes = `${canary} ${command.noise} ${canary}`;
  const saved = await attempt(
    world,
    who,
    own,
    () => saveCoachNote({ actor, meetingId, notes }, world.core),
    'coachNote:save',
  );
  if (!saved) return;
  const coach = await currentCoach(world, e);
  if (own !== e || coach !== actor.platformUserId)
    throw new Leak(`the ${who} of engagement ${own} kept a note on engagement ${e}'s session`);
  world.milestones.add('coach note');
}

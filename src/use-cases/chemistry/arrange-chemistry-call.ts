import { z } from 'zod';
import { formatMeetingTime, parseMeetingTime, requireZone } from '../../engagement/meeting-time.js';
import { TriadError } from '../../errors.js';
import {
  chemistryCancelled,
  chemistryHeld,
  chemistryScheduled,
} from '../../messages/compose/chemistry-messages.js';
import type { OutboundMessage } from '../../messages/message.js';
import type { Unit } from '../../outbox/unit.js';
import { actorSchema, type ResolvedActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { requireOpen } from '../shared/engagement-access.js';
import { updateMeeting } from '../shared/engagement-update.js';
import { parseInput } from '../shared/parse-input.js';
import { type ReplyWords, type Send, transitionEngagement } from '../shared/transition-engagement.js';
import { choiceFor, loadChemistryCall } from './chemistry-access.js';

const callId = z.uuid('That intro call id is not valid.');

export const moveChemistryCallInput = z.object({
  actor: actorSchema,
  meetingId: callId,
  localDateTime: z.string().trim().min(1, 'Pick a date and time.').max(40),
  timeZone: z.string().trim().min(1).max(64).optional(),
});
export type MoveChemistryCallInput = z.infer<typeof moveChemistryCallInput>;

export const chemistryCallInput = z.object({ actor: actorSchema, meetingId: callId });
export type ChemistryCallInput = z.infer<typeof chemistryCallInput>;

/** Access for the three flows: the call's client or its coach, nobody else. */
const locator = (deps: CoreDeps, meetingId: string) => ({
  locate: (unit: Unit, resolved: ResolvedActor) => loadChemistryCall(unit, deps, resolved, meetingId),
});

/** Messages to both sides, each under its own key. */
export const keyed = (messages: readonly OutboundMessage[], key: string): Send[] =>
  messages.map((message, i) => [message, `${key}:${i}`] as const);

/** The client or the coach moves a booked intro call; both get the new time (and invite) in their own zone. */
export async function moveChemistryCall(raw: MoveChemistryCallInput, deps: CoreDeps) {
  const input = parseInput(moveChemistryCallInput, raw);
  const { changed, reply } = await transitionEngagement(deps, {
    actor: input.actor,
    access: locator(deps, input.meetingId),
    audience: 'private',
    decide: async ({ unit, current, located: { meeting, zone: ownZone }, now }) => {
      requireOpen(current);
      if (meeting.status !== 'scheduled') {
        throw new TriadError(
          'illegal_transition',
          `That intro call was ${meeting.status}.`,
          meeting.status === 'cancelled' ? 'Book a new one from your coach choice message.' : undefined,
        );
      }
      const zone = requireZone(input.timeZone ?? ownZone);
      const parsed = parseMeetingTime(input.localDateTime, zone, now);
      const words = movedWords(parsed.startsAt, zone, parsed.ambiguityNote);
      if (meeting.startsAt?.getTime() === parsed.startsAt.getTime()) return { unchanged: words };
      const moved = await updateMeeting(
        unit.repos,
        meeting,
        { startsAt: parsed.startsAt, organiserZone: zone },
        now,
      );
      return { change: {}, plan: { moved, words, note: parsed.ambiguityNote } };
    },
    messages: async ({ unit, engagement, plan: { moved, note }, located: { parties, actorName } }) =>
      keyed(
        chemistryScheduled(moved, parties, actorName, 'moved', note, await choiceFor(unit.repos, engagement)),
        `meeting:${moved.id}:v${moved.version}:moved`,
      ),
    audit: ({ plan: { moved } }) => ({
      action: 'chemistry_call_moved',
      details: { meetingId: moved.id, version: moved.version },
    }),
    reply: ({ plan: { words } }) => words,
  });
  return { changed, reply };
}

function movedWords(startsAt: Date, zone: string, note?: string): ReplyWords {
  const when = formatMeetingTime(startsAt, zone);
  return {
    summary: `Intro call moved to ${when}`,
    lines: [`Intro call moved to ${when}.`],
    notes: note ? [note] : [],
  };
}

/** The client or the coach cancels a booked intro call; cancelling twice is a no-op. Its place is freed. */
export async function cancelChemistryCall(raw: ChemistryCallInput, deps: CoreDeps) {
  const input = parseInput(chemistryCallInput, raw);
  const { changed, reply } = await transitionEngagement(deps, {
    actor: input.actor,
    access: locator(deps, input.meetingId),
    audience: 'private',
    decide: async ({ unit, located: { meeting }, now }) => {
      if (meeting.status === 'cancelled') return { unchanged: cancelledWords };
      if (meeting.status !== 'scheduled') {
        throw new TriadError('illegal_transition', 'That intro call has already been held.');
      }
      return { change: {}, plan: await updateMeeting(unit.repos, meeting, { status: 'cancelled' }, now) };
    },
    messages: async ({ unit, engagement, plan: meeting, located: { parties, actorName } }) =>
      keyed(
        chemistryCancelled(meeting, parties, { byName: actorName }, await choiceFor(unit.repos, engagement)),
        `meeting:${meeting.id}:v${meeting.version}:cancelled`,
      ),
    audit: ({ plan: meeting }) => ({
      action: 'chemistry_call_cancelled',
      details: { meetingId: meeting.id },
    }),
    reply: () => cancelledWords,
  });
  return { changed, reply };
}

const cancelledWords: ReplyWords = {
  summary: 'Intro call cancelled',
  lines: ['The intro call is cancelled; you have both been sent the calendar cancellation.'],
};

/** The client or the coach records that the intro call took place (once its time has come). */
export async function markChemistryCallHeld(raw: ChemistryCallInput, deps: CoreDeps) {
  const input = parseInput(chemistryCallInput, raw);
  const { changed, reply } = await transitionEngagement(deps, {
    actor: input.actor,
    access: locator(deps, input.meetingId),
    audience: 'private',
    decide: async ({ unit, current, located: { meeting, zone }, now }) => {
      if (meeting.status === 'held') return { unchanged: heldWords };
      requireOpen(current, { allowPaused: true });
      if (meeting.status !== 'scheduled') {
        throw new TriadError('illegal_transition', 'That intro call was cancelled.');
      }
      if (meeting.startsAt && meeting.startsAt > now) {
        throw new TriadError(
          'illegal_transition',
          `That intro call is planned for ${formatMeetingTime(meeting.startsAt, zone)}.`,
          'Mark it as held once it has taken place.',
        );
      }
      return {
        change: {},
        plan: await updateMeeting(unit.repos, meeting, { status: 'held', heldAt: now }, now),
      };
    },
    messages: async ({ unit, engagement, plan: meeting, located: { parties, actorName } }) =>
      keyed(
        chemistryHeld(meeting, parties, actorName, await choiceFor(unit.repos, engagement)),
        `meeting:${meeting.id}:held`,
      ),
    audit: ({ plan: meeting }) => ({ action: 'chemistry_call_held', details: { meetingId: meeting.id } }),
    reply: () => heldWords,
  });
  return { changed, reply };
}

const heldWords: ReplyWords = {
  summary: 'Intro call held',
  lines: ['The intro call is marked as held.'],
};

import { z } from 'zod';
import { TriadError } from '../../errors.js';
import { meetingLinkForm, meetingLinkPosted } from '../../messages/compose/meeting-link.js';
import { meetingName } from '../../messages/compose/meeting-words.js';
import { inTransaction, type Unit } from '../../outbox/unit.js';
import { type Actor, actorSchema, type ResolvedActor, resolveActor } from '../actor.js';
import { parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { replyAudience, replyPersonId, requireOpen } from '../shared/engagement-access.js';
import { updateMeeting } from '../shared/engagement-update.js';
import { transitionEngagement } from '../shared/transition-engagement.js';
import { loadMeeting } from './meeting-access.js';

const badLink = 'Give the full video-call link, starting with https:// (e.g. https://meet.example.com/abc).';

/** A video-call link: https only, at most 500 characters, no spaces. */
export const videoUrl = z
  .string()
  .trim()
  .max(500, 'That link is too long: 500 characters at most.')
  .refine((value) => z.url({ protocol: /^https$/ }).safeParse(value).success && !/\s/.test(value), {
    message: badLink,
  });

const meetingLinkInput = z.object({
  actor: actorSchema,
  meetingId: z.uuid('That meeting id is not valid.'),
});

/**
 * The meeting with its locked engagement, for whoever may arrange it: anyone in the triad or HR for triad
 * meetings, the client and the coach for sessions.
 */
async function meetingToLink(unit: Unit, deps: CoreDeps, resolved: ResolvedActor, meetingId: string) {
  const found = await unit.repos.meetings.get(meetingId);
  const session = found?.kind === 'session';
  return loadMeeting(
    unit,
    deps,
    resolved,
    meetingId,
    session ? 'session' : 'triad',
    session ? 'schedule_session' : 'schedule_meeting',
  );
}

function requireLinkable(meeting: { kind: Parameters<typeof meetingName>[0]; status: string }) {
  if (meeting.status === 'held' || meeting.status === 'cancelled') {
    throw new TriadError(
      'illegal_transition',
      `The ${meetingName(meeting.kind)} is ${meeting.status === 'held' ? 'already held' : 'cancelled'}.`,
    );
  }
}

/** "Add a video link": the form, pre-filled with the current link. */
export async function openMeetingLinkForm(raw: { actor: Actor; meetingId: string }, deps: CoreDeps) {
  const input = parseInput(meetingLinkInput, raw);
  return inTransaction(deps, async (unit) => {
    const resolved = await resolveActor(unit.repos, deps, input.actor);
    const { meeting, engagement, role } = await meetingToLink(unit, deps, resolved, input.meetingId);
    requireOpen(engagement);
    requireLinkable(meeting);
    const personId = replyPersonId(resolved, input.actor.platformUserId);
    return { form: await unit.reply(meetingLinkForm(meeting, personId, replyAudience(role))) };
  });
}

export const setMeetingLinkInput = meetingLinkInput.extend({ url: videoUrl });
export type SetMeetingLinkInput = z.input<typeof setMeetingLinkInput>;

/**
 * Whoever may arrange a meeting or session gives its video-call link (https only): stored on the meeting (calendar
 * invites read it there) and posted where the meeting lives. The same link again changes nothing.
 */
export async function setMeetingLink(raw: SetMeetingLinkInput, deps: CoreDeps) {
  const input = parseInput(setMeetingLinkInput, raw);
  const { changed, reply, located } = await transitionEngagement(deps, {
    actor: input.actor,
    access: { locate: (unit, resolved) => meetingToLink(unit, deps, resolved, input.meetingId) },
    audience: replyAudience,
    decide: async ({ unit, current, located: { meeting }, now }) => {
      requireOpen(current);
      requireLinkable(meeting);
      if (meeting.videoUrl === input.url) return { unchanged: savedWords(meeting.kind) };
      return { change: {}, plan: await updateMeeting(unit.repos, meeting, { videoUrl: input.url }, now) };
    },
    messages: ({ plan: meeting, located: { actorName } }) => [
      [meetingLinkPosted(meeting, actorName), `meeting:${meeting.id}:v${meeting.version}:link`],
    ],
    audit: ({ plan: meeting }) => ({
      action: 'meeting_link_set',
      details: { meetingId: meeting.id, version: meeting.version },
    }),
    reply: ({ plan: meeting }) => savedWords(meeting.kind),
  });
  return { meetingId: located.meeting.id, changed, reply };
}

const savedWords = (kind: Parameters<typeof meetingName>[0]) => ({
  summary: 'Video link saved',
  lines: [`The video link for the ${meetingName(kind)} is saved and shared with everyone invited.`],
});

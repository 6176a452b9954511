import type { Part } from '../../confidentiality/parts.js';
import { privatePart } from '../../confidentiality/parts.js';
import type { PrivateText } from '../../confidentiality/private-text.js';
import { opaque, words } from '../../confidentiality/words.js';
import type { ActionId, FormId } from '../../controls/controls.js';
import { formatMeetingTime } from '../../engagement/meeting-time.js';
import type { Meeting } from '../../engagement/records.js';
import type { AdminMessage, Block, Button, Form, PrivateMessage } from '../message.js';
import { context, header, section } from './text.js';

export const coachNoteActions = {
  open: 'session.notes',
  save: 'session.notes.save',
  list: 'session.notes.list',
  selfCheck: 'session.self_check',
} as const satisfies { open: ActionId; save: FormId; list: ActionId; selfCheck: ActionId };

/** The switch for the partnering self-check in the coach's DM after each session, showing what a press does. */
export const selfCheckButton = (engagementId: string, on: boolean): Button => ({
  type: 'button',
  actionId: coachNoteActions.selfCheck,
  label: words(on ? 'Stop the self-check after sessions' : 'Send me a self-check after each session'),
  value: opaque(`${engagementId}:${on ? 'off' : 'on'}`),
});

/**
 * The seed's self-check in the coach's own DM after a session they hold (bot-composed, nothing private). Its
 * delivery is the coach's alone: HR's failed-delivery views never count it, or a failure would tell HR a session
 * was held.
 */
export function partneringSelfCheckMessage(coachId: string, engagementId: string): AdminMessage {
  return {
    audience: 'admin',
    destination: { kind: 'hr', personId: coachId, engagementId, privateToPerson: true },
    summary: words('Your partnering self-check after the session'),
    blocks: [
      header('A self-check after your session'),
      section('Signals that we are not partnering — did any show up today?'),
      ...notPartneringSignals.map((signal) => context(`• ${signal}`)),
      { type: 'actions', elements: [selfCheckButton(engagementId, true)] },
      context('You asked for this self-check; only you get it.'),
    ],
  };
}

/** The coach's answer to the switch. */
export function selfCheckSetReply(coachId: string, engagementId: string, on: boolean): PrivateMessage {
  return coachReply(engagementId, coachId, on ? 'Self-check on' : 'Self-check off', [
    section(
      on
        ? 'After each session with this client is marked as held, you get the partnering self-check in your DM with Triad.'
        : 'You no longer get the partnering self-check after sessions with this client.',
    ),
    { type: 'actions', elements: [selfCheckButton(engagementId, on)] },
  ]);
}

const privacyLine =
  'These notes are yours alone: your client, the sponsor, HR and any later coach never see them, and they are ' +
  'deleted with the engagement.';

/**
 * The seed's "signals that we are not partnering" (text 003), offered to the coach as a private self-check when
 * they keep their notes after a session. Bot-composed: nobody else sees the form.
 */
export const notPartneringSignals: readonly string[] = [
  'Did I make meaning instead of asking them what they mean?',
  'Did I stay focused on the problem, or on my own thinking about it?',
  'Did I hold back observations about what was happening to them, or not accept when my input was wrong?',
  'Did I leave their greatness unacknowledged?',
  'Did I complete their sentences instead of leaving room for them to add meaning?',
  'Did I lead instead of following: choosing the path, or interrupting?',
];

/** "Private notes (coach)" on the session-held message in the coaching space: the use case admits the coach only. */
export const coachNotesButton = (meeting: Meeting): Button => ({
  type: 'button',
  actionId: coachNoteActions.open,
  label: words('My private notes (coach)'),
  value: opaque(meeting.id),
});

const coachReply = (engagementId: string, coachId: string, summary: string, blocks: readonly Block<Part>[]) =>
  ({
    audience: 'private',
    destination: { kind: 'reply', audience: 'private', personId: coachId, engagementId },
    summary: words(summary),
    blocks,
  }) satisfies PrivateMessage;

/** The coach's note form for one held session, pre-filled with their own note (its readers: that coach). */
export function coachNoteForm(
  meeting: Meeting,
  coachId: string,
  zone: string,
  maxLength: number,
  existing?: { text: PrivateText; readers: readonly string[] },
): Form<'private'> {
  return {
    audience: 'private',
    destination: {
      kind: 'reply',
      audience: 'private',
      personId: coachId,
      engagementId: meeting.engagementId,
    },
    formId: coachNoteActions.save,
    title: words('Private session notes'),
    submitLabel: words('Save privately'),
    context: { meetingId: opaque(meeting.id) },
    intro: [
      section(`Your notes on the session of ${formatMeetingTime(meeting.startsAt ?? new Date(0), zone)}.`),
      section('A self-check on partnering, if you want it — signals that we are not partnering:'),
      ...notPartneringSignals.map((signal) => context(`• ${signal}`)),
      context(privacyLine),
    ],
    fields: [
      {
        type: 'text',
        id: 'notes',
        label: words('Your notes'),
        multiline: true,
        maxLength,
        ...(existing ? { initial: privatePart(existing.text, meeting.engagementId, existing.readers) } : {}),
      },
    ],
  };
}

export function coachNoteSavedReply(meeting: Meeting, coachId: string, selfCheck: boolean): PrivateMessage {
  return coachReply(meeting.engagementId, coachId, 'Notes saved', [
    section('Your session notes are saved privately. Type “notes” in your DM with Triad to read them back.'),
    {
      type: 'actions',
      elements: [
        { ...coachNotesButton(meeting), label: words('Edit my notes') },
        selfCheckButton(meeting.engagementId, selfCheck),
      ],
    },
    context(privacyLine),
  ]);
}

/** One session's note in the coach's list: when, with whom, and the note (readers: that coach). */
export interface NoteLine {
  engagementId: string;
  clientName: string;
  sessionAt: Date | null;
  text: PrivateText;
  readers: readonly string[];
}

/** The coach's own notes in one engagement, newest first, and a button for each other engagement (`notes`). */
export function coachNotesList(
  personId: string,
  zone: string,
  notes: readonly NoteLine[],
  shown: {
    engagementId: string | undefined;
    others: readonly { engagementId: string; clientName: string }[];
  },
): PrivateMessage {
  const blocks: Block<Part>[] = [header('Your private session notes')];
  if (notes.length === 0) {
    blocks.push(
      section(
        'You have no session notes. After a coaching session is marked as held, the coach can keep private notes with “My private notes (coach)” on that message in the coaching space.',
      ),
    );
  }
  for (const note of notes) {
    const when = note.sessionAt ? formatMeetingTime(note.sessionAt, zone) : 'a session';
    blocks.push(section(`${note.clientName} · ${when}`));
    blocks.push({ type: 'section', text: [privatePart(note.text, note.engagementId, note.readers)] });
  }
  if (shown.others.length > 0) {
    blocks.push({
      type: 'actions',
      elements: shown.others.map((other) => ({
        type: 'button' as const,
        actionId: coachNoteActions.list,
        label: words(`Notes: ${other.clientName}`),
        value: opaque(other.engagementId),
      })),
    });
  }
  blocks.push(context(privacyLine));
  return {
    audience: 'private',
    destination: {
      kind: 'reply',
      audience: 'private',
      personId,
      ...(shown.engagementId ? { engagementId: shown.engagementId } : {}),
    },
    summary: words('Your private session notes'),
    blocks,
  };
}

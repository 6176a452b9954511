import { describe, expect, it } from 'vitest';
import { renderMessageActivity } from '../../../../adapters/teams/render/message-card.js';
import type { Gated } from '../../../../src/confidentiality/outbound-gate.js';
import type { Meeting, Person } from '../../../../src/engagement/records.js';
import { meetingAnnounced } from '../../../../src/messages/compose/meeting-announcements.js';
import { sponsorMeetingReminder } from '../../../../src/messages/compose/reminder-meeting.js';
import { sessionCancelled, sessionScheduled } from '../../../../src/messages/compose/session-messages.js';
import type { OutboundMessage } from '../../../../src/messages/message.js';
import { cardProblems, cardsOf } from '../support/validate-card.js';

/**
 * On Teams a meeting's time in a message several people read is an Adaptive Card TextBlock with DATE()/TIME()
 * (each reader's device shows their own zone); the activity's summary, which Teams cannot format, is the fallback.
 */
const created = new Date('2026-11-01T10:00:00Z');
const person = (id: string, name: string, timeZone: string): Person => ({
  id,
  organisationId: 'o1',
  platformUserId: `u-${id}`,
  displayName: name,
  timeZone,
  homeTeamId: null,
  directAddress: null,
  createdAt: created,
  updatedAt: created,
});
const ada = person('ada', 'Ada Client', 'Asia/Kolkata');
const sam = person('sam', 'Sam Sponsor', 'America/New_York');
const kim = person('kim', 'Kim Coach', 'Europe/London');
const meetingOf = (kind: Meeting['kind']): Meeting & { startsAt: Date } => ({
  id: '6f1c2a34-0000-4000-8000-000000000001',
  engagementId: 'e1',
  kind,
  status: 'scheduled',
  startsAt: new Date('2026-12-03T14:00:00Z'),
  durationMinutes: 60,
  organiserId: ada.id,
  organiserZone: ada.timeZone,
  threadAddress: null,
  heldAt: null,
  videoUrl: null,
  coachId: null,
  version: 1,
  createdAt: created,
  updatedAt: created,
});

const cardDate = '{{DATE(2026-12-03T14:00:00Z, SHORT)}} at {{TIME(2026-12-03T14:00:00Z)}}';
const fallback = 'Thu 3 Dec 2026, 19:30 (Kolkata time)';
/** The date functions as the adaptivecards library finds them (text-formatters.ts): strict RFC 3339, no spaces inside the braces. */
const microsoftDate = /\{{2}DATE\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z(?:, ?SHORT)\)\}{2}/;
const microsoftTime = /\{{2}TIME\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\)\}{2}/;

type Json = Record<string, unknown>;
const textBlocks = (card: Json): string[] =>
  (card.body as Json[]).filter((e) => e.type === 'TextBlock').map((e) => String(e.text));

const render = (message: OutboundMessage) => {
  const activity = renderMessageActivity(message as Gated<OutboundMessage>);
  const [card] = cardsOf(activity);
  if (!card) throw new Error('no card');
  return { activity, card };
};

describe('meeting times on Teams', () => {
  it.each<[string, () => OutboundMessage, string]>([
    [
      'a meeting announcement',
      () =>
        meetingAnnounced({
          meeting: meetingOf('kickoff'),
          client: ada,
          attendees: [ada, sam],
          organiserName: 'Ada Client',
          change: 'scheduled',
        }),
      `Kickoff meeting scheduled: ${fallback}`,
    ],
    [
      'a sponsor reminder',
      () => sponsorMeetingReminder(meetingOf('alignment'), [ada, sam, kim], 24),
      `Reminder: the sponsor alignment meeting is in 24 hours: ${fallback}`,
    ],
    [
      'a session message',
      () => sessionScheduled(meetingOf('session'), [ada, kim], 'Kim Coach', 'moved'),
      `Coaching session moved: ${fallback}`,
    ],
  ])('%s shows DATE()/TIME() in a TextBlock, the fallback in the summary', (_name, compose, summary) => {
    const { activity, card } = render(compose());
    expect(textBlocks(card)).toContain(`When: ${cardDate}`);
    const [when] = textBlocks(card).filter((text) => text.startsWith('When: '));
    expect(when).toMatch(microsoftDate);
    expect(when).toMatch(microsoftTime);
    expect(activity.summary).toBe(summary);
    expect(card.fallbackText).toBe(summary);
    expect(cardProblems(card)).toEqual([]);
  });

  it('keeps the words around a time inert in its TextBlock (Markdown is read there)', () => {
    const { card } = render(
      sessionCancelled(meetingOf('session'), '**Ada** [x](https://e.test)', [ada, kim]),
    );
    expect(textBlocks(card)).toContain(
      `\\*\\*Ada\\*\\* \\[x\\](https://e.test) cancelled the coaching session planned for ${cardDate}.`,
    );
    expect(cardProblems(card)).toEqual([]);
  });
});

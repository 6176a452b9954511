import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackMessenger } from '../../../adapters/slack/slack-messenger.js';
import { createDeliveryClient } from '../../../adapters/slack/slack-web-client.js';
import { passOutboundGate } from '../../../src/confidentiality/outbound-gate.js';
import type { Meeting, Person } from '../../../src/engagement/records.js';
import { meetingAnnounced } from '../../../src/messages/compose/meeting-announcements.js';
import { sessionReminder, sponsorMeetingReminder } from '../../../src/messages/compose/reminder-meeting.js';
import { sessionCancelled, sessionScheduled } from '../../../src/messages/compose/session-messages.js';
import type { OutboundMessage } from '../../../src/messages/message.js';
import { capturingLogger } from '../../support/core-deps.js';
import { FAKE_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../../support/fake-slack/index.js';

/**
 * Meeting messages read by several people (the sponsor thread, the coaching space) show the meeting's time with
 * Slack's date formatting, so each reader sees it in their own zone, in the notification text as in the blocks;
 * the fallback is the time in the client's zone with its friendly name. Asserted on the requests Slack receives.
 */
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';

let fake: FakeSlack;
let messenger: SlackMessenger;

beforeEach(async () => {
  fake = await startFakeSlack({
    users: [
      { id: CLIENT, name: 'ada' },
      { id: SPONSOR, name: 'sam' },
      { id: COACH, name: 'kim' },
    ],
  });
  const client = createDeliveryClient({
    token: FAKE_BOT_TOKEN,
    apiUrl: fake.url,
    logger: pino({ level: 'silent' }),
  });
  messenger = new SlackMessenger(client);
});

afterEach(async () => {
  expect(fake.internalErrors).toEqual([]);
  expect(fake.unexpectedCalls).toEqual([]);
  await fake.close();
});

const created = new Date('2026-11-01T10:00:00Z');
const person = (id: string, platformUserId: string, name: string, timeZone: string): Person => ({
  id,
  organisationId: 'o1',
  platformUserId,
  displayName: name,
  timeZone,
  homeTeamId: null,
  directAddress: null,
  createdAt: created,
  updatedAt: created,
});
// The client works from Kolkata, the sponsor from New York, the coach from London.
const ada = person('p-ada', CLIENT, 'Ada Client', 'Asia/Kolkata');
const sam = person('p-sam', SPONSOR, 'Sam Sponsor', 'America/New_York');
const kim = person('p-kim', COACH, 'Kim Coach', 'Europe/London');

const startsAt = new Date('2026-12-03T14:00:00Z');
const meetingOf = (kind: Meeting['kind'], version = 1): Meeting & { startsAt: Date } => ({
  id: `6f1c2a34-0000-4000-8000-00000000000${version}`,
  engagementId: 'e1',
  kind,
  status: 'scheduled',
  startsAt,
  durationMinutes: 60,
  organiserId: ada.id,
  organiserZone: ada.timeZone,
  threadAddress: null,
  heldAt: null,
  videoUrl: null,
  coachId: null,
  version,
  createdAt: created,
  updatedAt: created,
});

/** What every reader's Slack shows in their own zone; elsewhere, the client's time. */
const slackDate = '<!date^1796306400^{date_short_pretty} at {time}|Thu 3 Dec 2026, 19:30 (Kolkata time)>';

async function posted(space: 'sponsor' | 'coaching', message: OutboundMessage) {
  const { logger } = capturingLogger();
  const gated = await passOutboundGate(message, {
    lookups: {
      release: async () => undefined,
      hashMatches: () => false,
      spaceReaders: async () => undefined,
    },
    audit: async () => undefined,
    logger,
    auditAllowed: false,
  });
  const address = await messenger.openSpace({
    engagementId: 'e1',
    kind: space,
    memberPlatformUserIds: space === 'sponsor' ? [CLIENT, SPONSOR, COACH] : [CLIENT, COACH],
    title: `triad-${space}-e1`,
  });
  await messenger.send(address, gated, { outboxId: `out-${fake.callsTo('chat.postMessage').length}` });
  const args = fake.callsTo('chat.postMessage').at(-1)?.args as { text?: string; blocks?: unknown };
  return { text: args.text ?? '', blocks: JSON.stringify(args.blocks) };
}

describe('meeting times on Slack', () => {
  it.each<[string, 'sponsor' | 'coaching', () => OutboundMessage, RegExp]>([
    [
      'a meeting announcement',
      'sponsor',
      () =>
        meetingAnnounced({
          meeting: meetingOf('kickoff'),
          client: ada,
          attendees: [ada, sam],
          organiserName: 'Ada Client',
          change: 'scheduled',
        }),
      /^Kickoff meeting scheduled: /,
    ],
    [
      'a move',
      'sponsor',
      () =>
        meetingAnnounced({
          meeting: meetingOf('alignment', 2),
          client: ada,
          attendees: [ada, sam, kim],
          organiserName: 'Sam Sponsor',
          change: 'moved',
        }),
      /^Sponsor alignment meeting moved: /,
    ],
    [
      'a sponsor reminder',
      'sponsor',
      () => sponsorMeetingReminder(meetingOf('alignment'), [ada, sam, kim], 24),
      /Reminder: the sponsor alignment meeting is in 24 hours: /,
    ],
    [
      'a session message',
      'coaching',
      () => sessionScheduled(meetingOf('session'), [ada, kim], 'Kim Coach', 'scheduled'),
      /^Coaching session scheduled: /,
    ],
    [
      'a session move',
      'coaching',
      () => sessionScheduled(meetingOf('session', 3), [ada, kim], 'Ada Client', 'moved'),
      /^Coaching session moved: /,
    ],
    [
      'a session reminder',
      'coaching',
      () => sessionReminder(meetingOf('session'), [ada, kim], 1),
      /^Coaching session in an hour: /,
    ],
  ])('%s carries <!date^…> with the fallback in text and blocks', async (_name, space, compose, lead) => {
    const { text, blocks } = await posted(space, compose());
    expect(text).toMatch(lead);
    expect(text).toContain(slackDate);
    expect(text.endsWith(slackDate)).toBe(true);
    expect(blocks).toContain(JSON.stringify(`When: ${slackDate}`).slice(1, -1));
  });

  it('a cancelled session says when it was planned, in each reader’s zone', async () => {
    const { blocks } = await posted(
      'coaching',
      sessionCancelled(meetingOf('session'), 'Ada Client', [ada, kim]),
    );
    expect(blocks).toContain(JSON.stringify(`planned for ${slackDate}.`).slice(1, -1));
  });

  it('keeps each person’s own time beside the announcement, in their zone', async () => {
    const { blocks } = await posted(
      'sponsor',
      meetingAnnounced({
        meeting: meetingOf('kickoff'),
        client: ada,
        attendees: [ada, sam],
        organiserName: 'Ada Client',
        change: 'scheduled',
      }),
    );
    expect(blocks).toContain('Thu 3 Dec 2026, 19:30 (Kolkata time)');
    expect(blocks).toContain('Thu 3 Dec 2026, 09:00 (New York time)');
  });
});

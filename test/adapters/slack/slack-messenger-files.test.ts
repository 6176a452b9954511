import ICAL from 'ical.js';
import pino from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SlackMessenger } from '../../../adapters/slack/slack-messenger.js';
import { createDeliveryClient } from '../../../adapters/slack/slack-web-client.js';
import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import type { Meeting, Person } from '../../../src/engagement/records.js';
import { meetingAnnounced } from '../../../src/messages/compose/meeting-announcements.js';
import type { OutboundMessage } from '../../../src/messages/message.js';
import { FAKE_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../../support/fake-slack/index.js';

const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const OTHER = 'U0OTHER001';

let fake: FakeSlack;
let messenger: SlackMessenger;

beforeEach(async () => {
  fake = await startFakeSlack({
    users: [
      { id: CLIENT, name: 'ada' },
      { id: SPONSOR, name: 'sam' },
      { id: OTHER, name: 'eve' },
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

const at = new Date('2026-12-01T10:00:00Z');
const person = (id: string, name: string, timeZone: string): Person => ({
  id,
  organisationId: 'o1',
  platformUserId: id,
  displayName: name,
  timeZone,
  homeTeamId: null,
  directAddress: null,
  createdAt: at,
  updatedAt: at,
});
const meeting: Meeting = {
  id: '6f1c2a34-0000-4000-8000-000000000002',
  engagementId: 'e1',
  kind: 'kickoff',
  status: 'scheduled',
  startsAt: new Date('2026-12-08T15:00:00Z'),
  durationMinutes: 60,
  organiserId: 'p-ada',
  organiserZone: 'Europe/London',
  threadAddress: null,
  heldAt: null,
  videoUrl: null,
  coachId: null,
  version: 2,
  createdAt: at,
  updatedAt: at,
};

it('uploads a meeting message’s invite with files.uploadV2 into the same conversation and thread', async () => {
  const ada = person('p-ada', 'Ada Client', 'Europe/London');
  const sam = person('p-sam', 'Sam Sponsor', 'America/New_York');
  const address = await messenger.openSpace({
    engagementId: 'e1',
    kind: 'sponsor',
    memberPlatformUserIds: [CLIENT, SPONSOR],
    title: 'triad-sponsor-e1',
  });
  const message = meetingAnnounced({
    meeting,
    client: ada,
    attendees: [ada, sam],
    organiserName: 'Ada Client',
    change: 'moved',
  }) as unknown as Gated<OutboundMessage>;
  const sent = await messenger.send(address, message, { outboxId: 'out-1' });

  expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
  expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(1);
  const [file] = fake.files;
  expect(file?.name).toBe('triad-kickoff.ics');
  expect(file?.shares).toHaveLength(1);
  expect(file?.shares[0]?.channel).toBe(address.channel);
  const [top, upload] = fake.messagesIn(address.channel);
  expect(sent.messageId).toBe(`${address.channel}:${top?.ts}`);
  expect(upload?.thread_ts).toBe(top?.ts);
  // Nowhere else: no other conversation got a file.
  expect(fake.conversations.all().filter((c) => c.members.includes(OTHER))).toEqual([]);

  const text = file?.content?.toString('utf8') ?? '';
  const event = new ICAL.Event(
    new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent') ?? undefined,
  );
  expect(event.uid).toBe(`${meeting.id}@triad`);
  expect(event.sequence).toBe(2);
  expect(event.attendees.map((a) => a.getParameter('cn'))).toEqual(['Ada Client', 'Sam Sponsor']);
});

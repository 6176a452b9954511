import { expect, it } from 'vitest';
import { createLocalPlatform } from '../../../adapters/local/local-platform.js';
import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import type { Meeting, Person } from '../../../src/engagement/records.js';
import { meetingAnnounced } from '../../../src/messages/compose/meeting-announcements.js';
import type { OutboundMessage } from '../../../src/messages/message.js';

/** The local platform knows each reader's zone, so it shows a meeting's time in it, as Slack and Teams do. */
const created = new Date('2026-11-01T10:00:00Z');
const person = (id: string, name: string, timeZone: string): Person => ({
  id,
  organisationId: 'o1',
  platformUserId: id,
  displayName: name,
  timeZone,
  homeTeamId: null,
  directAddress: null,
  createdAt: created,
  updatedAt: created,
});
const ada = person('ada', 'Ada Client', 'Asia/Kolkata');
const sam = person('sam', 'Sam Sponsor', 'America/New_York');
const meeting: Meeting = {
  id: '6f1c2a34-0000-4000-8000-000000000001',
  engagementId: 'e1',
  kind: 'kickoff',
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
};

it('each reader of a meeting announcement sees its time in their own zone, the notification too', async () => {
  const platform = createLocalPlatform();
  for (const p of [ada, sam, person('lee', 'Lee Nozone', 'UTC')]) {
    platform.addPerson({
      platformUserId: p.id,
      displayName: p.displayName,
      timeZone: p.id === 'lee' ? undefined : p.timeZone,
      isBot: false,
      deleted: false,
    });
  }
  const address = await platform.messenger.openSpace({
    engagementId: 'e1',
    kind: 'sponsor',
    memberPlatformUserIds: ['ada', 'sam', 'lee'],
    title: 'Sponsor',
  });
  const message = meetingAnnounced({
    meeting,
    client: ada,
    attendees: [ada, sam],
    organiserName: 'Ada Client',
    change: 'scheduled',
  }) as Gated<OutboundMessage>;
  await platform.messenger.send(address, message, { outboxId: 'o1' });

  const [forAda] = platform.seenBy('ada');
  const [forSam] = platform.seenBy('sam');
  const [forLee] = platform.seenBy('lee');
  expect(forAda?.summary).toBe('Kickoff meeting scheduled: Thu 3 Dec 2026, 19:30 (Kolkata time)');
  expect(forSam?.summary).toBe('Kickoff meeting scheduled: Thu 3 Dec 2026, 09:00 (New York time)');
  expect(forSam?.text).toContain('When: Thu 3 Dec 2026, 09:00 (New York time)');
  // Someone whose zone the platform does not know reads the fallback: the client's time.
  expect(forLee?.text).toContain('When: Thu 3 Dec 2026, 19:30 (Kolkata time)');
});

import { expect, it } from 'vitest';
import { renderMessageCard } from '../../../../adapters/teams/render/message-card.js';
import type { Gated } from '../../../../src/confidentiality/outbound-gate.js';
import type { Meeting, Person } from '../../../../src/engagement/records.js';
import { meetingAnnounced } from '../../../../src/messages/compose/meeting-announcements.js';
import type { OutboundMessage } from '../../../../src/messages/message.js';

const at = new Date('2026-12-01T10:00:00Z');
const ada: Person = {
  id: 'p-ada',
  organisationId: 'o1',
  platformUserId: 'u-ada',
  displayName: 'Ada Client',
  timeZone: 'Europe/London',
  homeTeamId: null,
  directAddress: null,
  createdAt: at,
  updatedAt: at,
};
const meeting: Meeting = {
  id: '6f1c2a34-0000-4000-8000-000000000003',
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
  version: 1,
  createdAt: at,
  updatedAt: at,
};

it('a meeting card on Teams carries the add-to-calendar links and says where the invite is, not that a file failed', () => {
  const message = meetingAnnounced({
    meeting,
    client: ada,
    attendees: [ada],
    organiserName: 'Ada Client',
    change: 'scheduled',
  }) as unknown as Gated<OutboundMessage>;
  const card = JSON.stringify(renderMessageCard(message));
  expect(card).toContain('https://outlook.office.com/calendar/0/deeplink/compose?');
  expect(card).toContain('https://calendar.google.com/calendar/render?');
  expect(card).toContain('use the Add to Outlook or Add to Google Calendar link above');
  expect(card).not.toContain('cannot send files');
});

import { describe, expect, it } from 'vitest';
import { renderMessageText } from '../../adapters/local/render-text.js';
import { renderMessage } from '../../adapters/slack/render/blocks.js';
import { renderMessageCard } from '../../adapters/teams/render/message-card.js';
import { type GateDeps, passOutboundGate } from '../../src/confidentiality/outbound-gate.js';
import { words } from '../../src/confidentiality/words.js';
import type { CoachProfile } from '../../src/engagement/coach-profile.js';
import type { Engagement, Person } from '../../src/engagement/records.js';
import { coachChoice } from '../../src/messages/compose/matching-choice.js';
import type { OutboundMessage } from '../../src/messages/message.js';
import { cardProblems } from './teams/support/validate-card.js';

const ENGAGEMENT = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const KIM = '0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f';
const LEE = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const ORG = '11111111-2222-4333-8444-555555555555';

const gate: GateDeps = {
  lookups: { release: async () => undefined, spaceReaders: async () => ['client'], hashMatches: () => false },
  audit: async () => {},
  logger: { child: () => gate.logger, debug() {}, info() {}, warn() {}, error() {} } as never,
  auditAllowed: false,
};

const person = (id: string, displayName: string, timeZone: string) =>
  ({ id, organisationId: ORG, platformUserId: `U${displayName}`, displayName, timeZone }) as Person;

const kimProfile: CoachProfile = {
  id: '22222222-2222-4333-8444-555555555555',
  organisationId: ORG,
  personId: KIM,
  ownerId: null,
  bio: 'Kim coaches new leaders <!channel> through their first year.',
  focusAreas: ['Leadership transitions', 'Difficult conversations'],
  languages: ['English', 'Japanese'],
  timeZone: 'America/New_York',
  credentials: 'ICF PCC',
  photoUrl: 'https://example.com/kim.jpg',
  schedulingUrl: 'https://cal.example.com/kim',
  updatedById: KIM,
  version: 1,
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

const choice = () =>
  passOutboundGate(
    coachChoice(
      { id: ENGAGEMENT } as Engagement,
      [person(KIM, 'Kim', 'Asia/Tokyo'), person(LEE, 'Lee', 'Europe/Berlin')],
      { profiles: [kimProfile] },
    ),
    gate,
  );

describe('the coach choice with profiles, as each platform shows it', () => {
  it('on Slack: the profile as text, the photo as the section’s image accessory, Lee without a profile', async () => {
    const rendered = renderMessage(await choice());
    const json = JSON.stringify(rendered.blocks);
    expect(json).toContain('Kim · ICF PCC');
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('Focus: Leadership transitions, Difficult conversations');
    expect(json).toContain('Time zone: New York time');
    expect(json).toContain('Book a time: https://cal.example.com/kim');
    expect(json).toContain('No profile yet.');
    const withImage = rendered.blocks.filter((b) => 'accessory' in b && b.accessory);
    expect(withImage.map((b) => (b as { accessory: unknown }).accessory)).toEqual([
      { type: 'image', image_url: 'https://example.com/kim.jpg', alt_text: 'Photo of Kim' },
    ]);
  });

  it('on Teams: an Image element before the profile, a valid card', async () => {
    const card = renderMessageCard(await choice());
    expect(cardProblems(card)).toEqual([]);
    const images = card.body.filter((e) => e.type === 'Image');
    expect(images).toEqual([
      expect.objectContaining({ url: 'https://example.com/kim.jpg', altText: 'Photo of Kim', size: 'Small' }),
    ]);
    const json = JSON.stringify(card.body);
    expect(json).toContain('Languages: English, Japanese');
    expect(json).toContain('No profile yet.');
  });

  it('locally: the photo as a link line', async () => {
    const text = renderMessageText(await choice());
    expect(text).toContain('[photo: https://example.com/kim.jpg]');
    expect(text).toContain('Lee');
  });

  it.each([
    ['an http link', words('http://example.com/kim.jpg')],
    ['a link with markup', words('https://example.com/<!channel>')],
    ['a bare string', 'https://example.com/kim.jpg' as never],
  ])('the gate refuses a section image with %s', async (_case, url) => {
    const message: OutboundMessage = {
      audience: 'private',
      destination: { kind: 'space', engagementId: ENGAGEMENT, space: 'client_dm' },
      summary: words('Choose your coach'),
      blocks: [{ type: 'section', text: [], image: { url, alt: words('Photo') } }],
    };
    await expect(passOutboundGate(message, gate)).rejects.toThrow('Triad refused to send this');
  });
});

import { sponsorAuthored } from '../../confidentiality/parts.js';
import { opaque, words } from '../../confidentiality/words.js';
import type { FormId } from '../../controls/controls.js';
import type { Engagement, Person } from '../../engagement/records.js';
import type { Form, SharedMessage } from '../message.js';
import { context, header, section } from './text.js';

/** Sponsor-authored text in the sponsor thread: shareable by provenance, visible to client and coach. */
export const expectationsFormId = 'sponsor.expectations' satisfies FormId;
export const expectationsFieldId = 'expectations';
export const maxSponsorText = 3000;

export function sponsorExpectations(
  engagement: Engagement,
  sponsor: Person,
  client: Person,
  text: string,
): SharedMessage {
  return {
    audience: 'shared',
    destination: { kind: 'space', engagementId: engagement.id, space: 'sponsor' },
    summary: words(`${sponsor.displayName} shared expectations for ${client.displayName}'s coaching`),
    blocks: [
      header('Sponsor expectations'),
      section(
        `${sponsor.displayName} shared what the organisation expects from the coaching and what success looks like:`,
      ),
      { type: 'section', text: [sponsorAuthored(text, engagement.id, sponsor.id)] },
      context(
        `${client.displayName} decides which goals to pursue and presents them at the sponsor alignment meeting.`,
      ),
    ],
  };
}

export function relayedMessage(
  engagement: Engagement,
  author: Person,
  role: 'sponsor' | 'hr',
  client: Person,
  text: string,
): SharedMessage {
  const who = role === 'hr' ? `${author.displayName} (HR)` : `${author.displayName} (sponsor)`;
  return {
    audience: 'shared',
    destination: { kind: 'space', engagementId: engagement.id, space: 'sponsor' },
    summary: words(`Message from ${who}`),
    blocks: [
      section(
        `${who} wrote to Triad about ${client.displayName}'s coaching. Triad has no private channel, so it is posted here for everyone:`,
      ),
      { type: 'section', text: [sponsorAuthored(text, engagement.id, author.id)] },
    ],
  };
}

/** The form behind the "Share expectations" button, shown to the sponsor only. */
export function sponsorExpectationsForm(
  engagement: Engagement,
  sponsor: Person,
  client: Person,
): Form<'shared'> {
  return {
    audience: 'shared',
    destination: { kind: 'reply', audience: 'shared', personId: sponsor.id, engagementId: engagement.id },
    formId: expectationsFormId,
    title: words('Share expectations'),
    submitLabel: words('Post to the sponsor thread'),
    context: { engagementId: opaque(engagement.id) },
    intro: [
      section(
        `What does the organisation expect from ${client.displayName}'s coaching, and what would success look like? This is posted in the sponsor thread, where ${client.displayName} and the coach see it.`,
      ),
    ],
    fields: [
      {
        type: 'text',
        id: expectationsFieldId,
        label: words('Expectations and desired outcomes'),
        multiline: true,
        maxLength: maxSponsorText,
      },
    ],
  };
}

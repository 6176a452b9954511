import { opaque, words } from '../../confidentiality/words.js';
import type { Engagement, Meeting, Person } from '../../engagement/records.js';
import type { AdminMessage, PrivateMessage, SharedMessage } from '../message.js';
import {
  confidentialityNote,
  context,
  header,
  section,
  shortId,
  sponsorConfidentialityNote,
} from './text.js';

export interface StartedTriad {
  engagement: Engagement;
  client: Person;
  sponsor: Person;
  coaches: Person[];
  kickoff: Meeting;
  /** The e-mail address of a coach invited from outside the organisation, while they have not joined. */
  invitedCoach?: string | undefined;
}

export function clientWelcome({
  engagement,
  sponsor,
  coaches,
  kickoff,
  invitedCoach,
}: StartedTriad): PrivateMessage {
  const coachLine = invitedCoach
    ? `Your coach will be ${invitedCoach}, who has been invited to join.`
    : coaches.length === 1
      ? `Your coach will be ${coaches[0]?.displayName}.`
      : `After the kickoff you will choose your coach from ${coaches.length} coaches HR has shortlisted.`;
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId: engagement.id, space: 'client_dm' },
    summary: words('Your coaching engagement has started'),
    blocks: [
      header('Your coaching engagement has started'),
      section(
        `Welcome! Over the next ${engagement.weeks} weeks you will work with a coach, with ${sponsor.displayName} as your sponsor. ${coachLine}`,
      ),
      section(confidentialityNote),
      section(
        `First comes a 60-minute kickoff meeting with ${sponsor.displayName} to agree scope, roles and expectations.`,
      ),
      {
        type: 'actions',
        elements: [
          {
            type: 'datetime',
            actionId: 'meeting.schedule',
            label: words('Schedule the kickoff'),
            value: opaque(kickoff.id),
          },
        ],
      },
    ],
  };
}

export function sponsorWelcome({
  engagement,
  client,
  sponsor,
  coaches,
  kickoff,
}: StartedTriad): SharedMessage {
  return {
    audience: 'shared',
    destination: { kind: 'space', engagementId: engagement.id, space: 'sponsor' },
    summary: words(`Coaching for ${client.displayName}: sponsor space`),
    blocks: [
      header(`Coaching for ${client.displayName}`),
      section(
        `${sponsor.displayName}, welcome: you sponsor ${client.displayName}'s ${engagement.weeks}-week coaching engagement. This space is where the kickoff and alignment meetings are organised.`,
      ),
      section(
        sponsorConfidentialityNote(
          client.displayName,
          sponsor.displayName,
          coaches.length === 1 ? coaches[0]?.displayName : undefined,
        ),
      ),
      section(
        'At the kickoff you share what the organisation expects from the coaching and what success looks like. You can write it here now, too.',
      ),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            actionId: 'sponsor.expectations',
            label: words('Share expectations'),
            value: opaque(engagement.id),
          },
          {
            type: 'datetime',
            actionId: 'meeting.schedule',
            label: words('Schedule the kickoff'),
            value: opaque(kickoff.id),
          },
        ],
      },
    ],
  };
}

export function hrStarted(
  { engagement, client, sponsor, coaches, invitedCoach }: StartedTriad,
  hrPersonId: string,
): AdminMessage {
  return {
    audience: 'admin',
    destination: { kind: 'reply', audience: 'admin', personId: hrPersonId, engagementId: engagement.id },
    summary: words(`Engagement started for ${client.displayName}`),
    blocks: [
      section(
        `Engagement ${shortId(engagement)} started for ${client.displayName} (sponsor ${sponsor.displayName}, ${invitedCoach ? `coach ${invitedCoach} invited, not joined yet` : coaches.length === 1 ? `coach ${coaches[0]?.displayName}` : `${coaches.length} coaches shortlisted`}), ${engagement.weeks} weeks, ${engagement.cadence} reflections.`,
      ),
      context(
        'The client and sponsor have been messaged. You will see lifecycle status only, never coaching content.',
      ),
    ],
  };
}

import { words } from '../../confidentiality/words.js';
import type { Engagement, Person } from '../../engagement/records.js';
import type { AdminMessage } from '../message.js';
import { context, header, section } from './text.js';

export interface CoachWelcome {
  engagement: Engagement;
  client: Person;
  sponsor: Person | undefined;
  coach: Person;
}

/**
 * A direct message to the coach when their coaching space opens (first choice or reassignment): what the spaces
 * are for, and what they will and will not see. Addressed to the coach only, so it can name the client.
 */
export function coachWelcome({ engagement, client, sponsor, coach }: CoachWelcome): AdminMessage {
  const sponsorName = sponsor?.displayName ?? 'the sponsor';
  return {
    audience: 'admin',
    destination: { kind: 'hr', personId: coach.id, engagementId: engagement.id },
    summary: words(`Welcome, ${coach.displayName}: you are coaching ${client.displayName}`),
    blocks: [
      header(`Welcome, ${coach.displayName}`),
      section(
        `You are ${client.displayName}'s coach. Your coaching space with ${client.displayName} is open: schedule your sessions there, and read what ${client.displayName} chooses to share with you from their reflections.`,
      ),
      section(
        `You see only what ${client.displayName} shares with you, and meeting logistics. You never see ${client.displayName}'s private reflections and notes, nor anything ${sponsorName} tells Triad privately.`,
      ),
      section(
        `You have also joined the sponsor space with ${client.displayName} and ${sponsorName}, where the kickoff and alignment meetings are organised. Please keep coaching conversations out of it.`,
      ),
      context('HR sees lifecycle status only, never coaching content.'),
    ],
  };
}

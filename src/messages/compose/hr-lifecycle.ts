import { words } from '../../confidentiality/words.js';
import { formatDate } from '../../engagement/meeting-time.js';
import type { Engagement, EngagementStage, Person } from '../../engagement/records.js';
import type { PrivateMessage, SharedMessage } from '../message.js';
import { header, section } from './text.js';

/** What the triad is told when HR pauses, resumes, ends an engagement or reassigns the coach. Logistics only. */
export interface LifecycleParties {
  engagement: Engagement;
  client: Person;
  sponsor: Person;
  coach: Person | undefined;
}

const toClient = (engagement: Engagement, summary: string, lines: string[]): PrivateMessage => ({
  audience: 'private',
  destination: { kind: 'space', engagementId: engagement.id, space: 'client_dm' },
  summary: words(summary),
  blocks: [header(summary), ...lines.map((line) => section(line))],
});

const toSponsorSpace = (engagement: Engagement, summary: string, lines: string[]): SharedMessage => ({
  audience: 'shared',
  destination: { kind: 'space', engagementId: engagement.id, space: 'sponsor' },
  summary: words(summary),
  blocks: [header(summary), ...lines.map((line) => section(line))],
});

export function pausedForClient({ engagement }: LifecycleParties): PrivateMessage {
  return toClient(engagement, 'Your coaching engagement is paused', [
    'HR has paused your coaching engagement. Reflection prompts stop until it resumes.',
    'Everything you wrote stays private and is kept as it is.',
  ]);
}

export function pausedForSponsorSpace({ engagement, client }: LifecycleParties): SharedMessage {
  return toSponsorSpace(engagement, `Coaching for ${client.displayName} is paused`, [
    `HR has paused this coaching engagement. Scheduled meetings stay in the calendar; HR will resume the engagement when it is time.`,
  ]);
}

export function resumedForClient({ engagement }: LifecycleParties, stageWords: string): PrivateMessage {
  return toClient(engagement, 'Your coaching engagement has resumed', [
    `HR has resumed your coaching engagement, back at the ${stageWords} stage. Reflection prompts continue on their usual day.`,
  ]);
}

export function resumedForSponsorSpace(
  { engagement, client }: LifecycleParties,
  stageWords: string,
): SharedMessage {
  return toSponsorSpace(engagement, `Coaching for ${client.displayName} has resumed`, [
    `HR has resumed this coaching engagement, back at the ${stageWords} stage.`,
  ]);
}

const endWords = (stage: EngagementStage) => (stage === 'closed' ? 'closed' : 'cancelled');

export function endedForClient(
  { engagement, client }: LifecycleParties,
  stage: EngagementStage,
  purgeAfter: Date,
): PrivateMessage {
  return toClient(engagement, `Your coaching engagement is ${endWords(stage)}`, [
    `Your coaching engagement is now ${endWords(stage)}. Open meetings have been cancelled and reflection prompts have stopped.`,
    `Your private reflections and notes are kept until ${formatDate(purgeAfter, client.timeZone)} and then deleted. You can export them for yourself before then.`,
  ]);
}

export function endedForSponsorSpace(
  { engagement, client }: LifecycleParties,
  stage: EngagementStage,
  byHr: boolean,
): SharedMessage {
  const who = byHr ? 'HR has ended' : 'The closing meeting has been held, which ends';
  // Read by the client, the sponsor and the coach: thanks go to all of them, not to "you" the sponsor.
  return toSponsorSpace(engagement, `Coaching for ${client.displayName} is ${endWords(stage)}`, [
    `${who} this coaching engagement. Open meetings have been cancelled. Thank you all.`,
  ]);
}

/**
 * The new coaching space's welcome after a coach change. The space is new (the previous one is retired with its
 * history), read by the client and the new coach: it greets both, and leaves the change itself to the sponsor
 * space's message, which both read too, so neither hears the same sentence twice.
 */
export function coachChangedForCoachingSpace(
  { engagement, client }: LifecycleParties,
  previous: Person,
  next: Person,
): PrivateMessage {
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId: engagement.id, space: 'coaching' },
    summary: words(`Coaching space for ${client.displayName} and ${next.displayName}`),
    blocks: [
      header('Your new coaching space'),
      section(
        `Welcome, ${client.displayName} and ${next.displayName}. This space is just for the two of you (and Triad): schedule your sessions here and share what you choose from the reflections.`,
      ),
      section(
        `What was written with ${previous.displayName} stays in the earlier coaching space: ${next.displayName} does not see it, and none of it was shown to HR or the sponsor.`,
      ),
    ],
  };
}

export function coachChangedForSponsorSpace(
  { engagement }: LifecycleParties,
  previous: Person,
  next: Person,
): SharedMessage {
  return toSponsorSpace(engagement, `${next.displayName} takes over the coaching`, [
    `HR has asked ${next.displayName} to take over the coaching from ${previous.displayName}, who has left this space.`,
  ]);
}

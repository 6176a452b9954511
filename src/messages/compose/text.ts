import { logistics } from '../../confidentiality/parts.js';
import { opaque, words } from '../../confidentiality/words.js';
import type { Engagement, Person } from '../../engagement/records.js';
import type { Mention } from '../message.js';
import { meetingTime } from '../time-part.js';

/** Small builders for bot-composed (logistics) blocks. */
export const section = (text: string) => ({ type: 'section', text: [logistics(text)] }) as const;

export const context = (text: string) => ({ type: 'context', text: [logistics(text)] }) as const;

export const header = (text: string) => ({ type: 'header', text: words(text) }) as const;

/**
 * A meeting's time on a line of its own, shown to each reader in their own zone (`fallbackZone` where the
 * platform cannot): for messages several people read.
 */
export const whenLine = (at: Date, fallbackZone: string) =>
  ({ type: 'section', text: [logistics('When: '), meetingTime(at, fallbackZone)] }) as const;

export const mention = (person: Pick<Person, 'displayName'>) => person.displayName;

/** The people a message must notify (see `Mention`): ids and names only. */
export const notifying = (
  people: readonly Pick<Person, 'id' | 'platformUserId' | 'displayName'>[],
): Mention[] =>
  people.map((person) => ({
    personId: opaque(person.id),
    platformUserId: opaque(person.platformUserId),
    name: words(person.displayName),
  }));

export const shortId = (engagement: Pick<Engagement, 'id'>) => engagement.id.slice(0, 8);

export const confidentialityNote =
  'What you write to Triad in your private DM, and what you and your coach write in your coaching space, stays ' +
  'there. Your sponsor and HR never see it. Only text you choose to share — after seeing exactly what will be ' +
  'posted — reaches the sponsor thread.';

/**
 * The sponsor space's note, naming its readers rather than speaking of them as "the client", "the sponsor" and
 * "the coach" (the coach is named once known; before that, the coach is someone yet to join, not a reader).
 */
export const sponsorConfidentialityNote = (client: string, sponsor: string, coach?: string) => {
  const theCoach = coach ?? 'the coach';
  return (
    `This thread is shared by ${client}, ${sponsor} and ${theCoach}. Coaching conversations and reflections are ` +
    `confidential to ${client}: ${sponsor} sees only what ${client} chooses to share here, and meeting logistics. ` +
    `Please keep questions about private details out of Triad: it offers no private channel between ${sponsor} and ${theCoach}.`
  );
};

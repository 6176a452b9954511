import { type DmWord, dmWordOf, isHrCommandWord } from '../../commands/dm-words.js';
import type { DirectMessageRoles } from './direct-message-roles.js';

export const directMessageMeanings = [
  'help',
  'hr_command',
  'goals',
  'goal_form',
  'export',
  'profile_form',
  'notes',
  'answer',
  'relay_request',
  'unknown',
] as const;
export type DirectMessageMeaning = (typeof directMessageMeanings)[number];

/** The grammar's DM words: typed alone, they mean the same to everyone (the use cases refuse non-clients). */
const meaningOfWord: Readonly<Record<DmWord, DirectMessageMeaning>> = {
  help: 'help',
  goals: 'goals',
  goal: 'goal_form',
  export: 'export',
  profile: 'profile_form',
  notes: 'notes',
};

/**
 * What a message typed to Triad in a DM means, one rule for every platform:
 * 1. `help` (or nothing) → help for the sender's roles;
 * 2. the first word names an HR command and the sender has HR rights, or the whole message reads as a complete
 *    HR command → that HR command (refused without HR rights, as the same command typed after `/coaching`);
 * 3. `goals`, `goal`, `export` → the client's words; `profile` → a coach's own profile form; `notes` → the
 *    sender's own session notes (a coach's);
 * 4. the client of a live engagement → their reflection answer;
 * 5. the sponsor of a live engagement → a request to post in a sponsor thread (choose, then confirm);
 * 6. HR rights and neither client nor sponsor → read as an HR command (HR is not in the sponsor thread, so an
 *    HR admin's DM is never relayed there);
 * 7. anyone else → nothing to answer.
 */
export function directMessageMeaning(
  text: string,
  roles: DirectMessageRoles,
  read: { wholeCommand: boolean } = { wholeCommand: false },
): DirectMessageMeaning {
  const typed = text.trim().toLowerCase();
  const word = dmWordOf(typed);
  if (typed === '' || word === 'help') return 'help';
  if ((roles.hr || read.wholeCommand) && isHrCommandWord(typed.split(/\s+/)[0])) return 'hr_command';
  if (word) return meaningOfWord[word];
  if (roles.client) return 'answer';
  if (roles.sponsor) return 'relay_request';
  if (roles.hr) return 'hr_command';
  return 'unknown';
}

import {
  type CoachingCommand,
  type CommandDialect,
  CommandInputError,
  parseCoachingCommand,
} from '../../shared/commands/coaching-grammar.js';
import { mentionIndex, readTeamsText, type TeamsText } from './teams-text.js';

/**
 * A person as an HR command names them on Teams: an @mention (Teams gives the user's id), a Teams user id typed
 * out, an Entra object id (what the people picker submits), or an email address / UPN resolved via a roster.
 */
export type TeamsPersonRef =
  | { kind: 'user'; id: string; name?: string }
  | { kind: 'aad'; objectId: string }
  | { kind: 'email'; address: string };

export type TeamsCommand = CoachingCommand<TeamsPersonRef>;

const TEAMS_USER_ID = /^29:[A-Za-z0-9_-]{1,200}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@<>"]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}$/;

const quote = (text: string) => `“${text}”`;

/** The Teams spelling of the shared grammar: mentions are placeholder words bound to `mentions`. */
export function teamsDialect(mentions: TeamsText['mentions']): CommandDialect<TeamsPersonRef> {
  const shown = (token: string) => {
    const index = mentionIndex(token);
    return index === undefined ? token : `@${mentions[index]?.name ?? ''}`;
  };
  return {
    prefix: '',
    quote,
    words: (text) => text.split(/\s+/).filter((word) => word !== ''),
    looksLikePerson: (token) =>
      mentionIndex(token) !== undefined || TEAMS_USER_ID.test(token) || EMAIL.test(token),
    key: (person) =>
      person.kind === 'user'
        ? person.id
        : person.kind === 'aad'
          ? person.objectId.toLowerCase()
          : person.address.toLowerCase(),
    readPerson(token, role) {
      const index = mentionIndex(token);
      if (index !== undefined) {
        const mention = mentions[index];
        if (!mention?.id) {
          throw new CommandInputError(
            `Teams did not link ${quote(`@${mention?.name ?? ''}`)} to a person, so I can't tell who the ${role} is.`,
            'Type @ and pick the person from the list Teams shows.',
          );
        }
        if (mention.id.startsWith('28:')) {
          throw new CommandInputError(`${quote(`@${mention.name}`)} is a bot. Name a person as the ${role}.`);
        }
        return { kind: 'user', id: mention.id, name: mention.name };
      }
      if (TEAMS_USER_ID.test(token)) return { kind: 'user', id: token };
      if (GUID.test(token)) return { kind: 'aad', objectId: token.toLowerCase() };
      if (EMAIL.test(token)) return { kind: 'email', address: token.toLowerCase() };
      if (token === '') {
        throw new CommandInputError(`Name the ${role} after the colon, e.g. ${quote(`${role}:@jane`)}.`);
      }
      throw new CommandInputError(
        `I couldn't read ${quote(shown(token).slice(0, 40))} as a person for the ${role}.`,
        'Type @ and pick the person from the list Teams shows, or give their email address.',
      );
    },
  };
}

/** Reads an HR command from a Teams message (Triad's own @mention already dropped). */
export function parseTeamsCommand(activity: Parameters<typeof readTeamsText>[0]): TeamsCommand {
  const { text, mentions } = readTeamsText(activity);
  return parseCoachingCommand(text, teamsDialect(mentions));
}

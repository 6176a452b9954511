import type { TeamsChannelAccount } from 'botbuilder';
import { CommandInputError } from '../../../src/commands/command-input-error.js';
import { type CommandDialect, type CommandSpelling, shown } from '../../../src/commands/dialect.js';
import { TeamsInputError } from '../errors.js';
import type { TeamsDirectory } from '../teams-directory.js';
import { type Mention, mentionIndex } from './teams-text.js';

/**
 * A person as an HR command names them on Teams: an @mention (Teams gives the user's id), a Teams user id typed
 * out, an Entra object id (what the people picker submits), or an email address / UPN resolved via a roster.
 */
export type TeamsPersonRef =
  | { kind: 'user'; id: string; name?: string }
  | { kind: 'aad'; objectId: string }
  | { kind: 'email'; address: string };

const TEAMS_USER_ID = /^29:[A-Za-z0-9_-]{1,200}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@<>"]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}$/;

const quote = (text: string) => `“${text}”`;

/** How Teams writes commands: no prefix, “quoted”. */
export const teamsSpelling: CommandSpelling = {
  prefix: '',
  quote,
  naming:
    'Name people with @mentions (type @ and pick them), or by email address when they are in this chat.',
};

const NOT_REACHABLE_HINT =
  'Triad must be installed for them in Teams: an admin can pre-install it for everyone in the programme.';

export interface TeamsPeople {
  /** The mentions of the message, which its placeholder words stand for (none for a form). */
  mentions: readonly Mention[];
  directory: TeamsDirectory;
  /** The members of the chat the command came from, to find an email among (none for a form). */
  roster?: () => Promise<readonly TeamsChannelAccount[]>;
}

/**
 * The Teams spelling of the command grammar: mentions are placeholder words bound to `mentions`; people are
 * resolved to Teams user ids through the directory (Entra ids in the sender's 1:1 chat with Triad, emails among
 * the members of the chat the command came from), each checked to be reachable by Triad. No prefix; “quotes”.
 */
export function teamsDialect({ mentions, directory, roster }: TeamsPeople): CommandDialect<TeamsPersonRef> {
  const asTyped = (token: string) => {
    const index = mentionIndex(token);
    return index === undefined ? token : `@${mentions[index]?.name ?? ''}`;
  };
  const dialect: CommandDialect<TeamsPersonRef> = {
    prefix: '',
    naming:
      'Name people with @mentions (type @ and pick them), or by email address when they are in this chat.',
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
      throw new CommandInputError(
        `I couldn't read ${shown(dialect, asTyped(token))} as a person for the ${role}.`,
        'Type @ and pick the person from the list Teams shows, or give their email address.',
      );
    },
    async resolvePerson(person, role, check) {
      if (person.kind === 'email') {
        if (!directory.byEmail(person.address) && roster) directory.addRoster(await roster());
        const found = await directory.findByEmail(person.address);
        if (!found) {
          throw new TeamsInputError(
            `I can't find ${person.address} (the ${role}) among the people I can see here.`,
            'Mention them instead: type @ and pick the person from the list Teams shows.',
          );
        }
        return found.id;
      }
      if (person.kind === 'user' && check === 'id') return person.id;
      const account = await directory.account(person.kind === 'user' ? person.id : person.objectId);
      if (account?.id) return account.id;
      // Mentioned, so Teams knows them, but Triad is not installed for them yet: what is meant for them waits
      // (HR hears how to reach them) until Triad is installed for them or they open it.
      if (person.kind === 'user' && person.name) {
        directory.noteUnreached({ id: person.id, name: person.name });
        return person.id;
      }
      throw new TeamsInputError(`Triad can't reach the ${role} on Teams.`, NOT_REACHABLE_HINT);
    },
  };
  return dialect;
}

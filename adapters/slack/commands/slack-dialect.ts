import { CommandInputError } from '../../../src/commands/command-input-error.js';
import { type CommandDialect, shown } from '../../../src/commands/dialect.js';

/** `<@U123>` or `<@U123|name>` as Slack escapes a user mention in command text (W… ids on Enterprise Grid). */
const USER_MENTION = /^<@([UW][A-Z0-9]{1,20})(?:\|[^>]*)?>$/;

/**
 * An e-mail address as typed (`kim@firm.example`) or as Slack escapes it in command text
 * (`<mailto:kim@firm.example|kim@firm.example>`).
 */
const EMAIL = /^(?:<mailto:([^|>\s]+@[^|>\s]+\.[^|>\s]+)(?:\|[^>]*)?>|([^<>|\s]+@[^<>|\s]+\.[^<>|\s]+))$/i;

/** A Slack user id as a people picker submits it, written as the mention the grammar reads. */
export const asMention = (userId: string) => `<@${userId}>`;

/**
 * The Slack spelling of the command grammar: people are the escaped mentions Slack puts in command text (so
 * they are user ids already) — and a coach may be an e-mail address, passed on as such (the core looks it up,
 * or invites it through Slack Connect) — command text is shown in `code`, commands are `/coaching …`.
 */
export const slackDialect: CommandDialect<string> = {
  prefix: '/coaching ',
  quote: (text) => `\`${text}\``,
  words: (text) => text.match(/<[^>]*>|[^\s<]+/g) ?? [],
  looksLikePerson: (token) => token.startsWith('<') || EMAIL.test(token),
  key: (userId) => userId,
  readPerson(token, role) {
    const match = USER_MENTION.exec(token);
    if (match?.[1]) return match[1];
    // A coach may be named by e-mail: a member with that address, or someone Triad invites (Slack Connect).
    const email = EMAIL.exec(token);
    if (email && role === 'coach') return (email[1] ?? email[2] ?? '').toLowerCase();
    if (email) {
      throw new CommandInputError(
        `Only a coach can be named by e-mail address. Name the ${role} with an @mention.`,
        'Type @ and pick the person from the list so Slack links the mention.',
      );
    }
    if (/^<[#!]/.test(token)) {
      throw new CommandInputError(
        `${shown(slackDialect, token)} is a channel or a group, not a person. Name one person as the ${role}.`,
      );
    }
    throw new CommandInputError(
      `I couldn't read ${shown(slackDialect, token)} as a Slack user for the ${role}.`,
      'Type @ and pick the person from the list so Slack links the mention.',
    );
  },
  // The core checks each participant against Slack's directory in the use case itself.
  resolvePerson: async (userId) => userId,
};

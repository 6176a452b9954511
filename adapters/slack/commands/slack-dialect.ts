import { CommandInputError } from '../../../src/commands/command-input-error.js';
import { type CommandDialect, shown } from '../../../src/commands/dialect.js';

/** `<@U123>` or `<@U123|name>` as Slack escapes a user mention in command text (W… ids on Enterprise Grid). */
const USER_MENTION = /^<@([UW][A-Z0-9]{1,20})(?:\|[^>]*)?>$/;

/** A Slack user id as a people picker submits it, written as the mention the grammar reads. */
export const asMention = (userId: string) => `<@${userId}>`;

/**
 * The Slack spelling of the command grammar: people are the escaped mentions Slack puts in command text (so
 * they are user ids already), command text is shown in `code`, commands are `/coaching …`.
 */
export const slackDialect: CommandDialect<string> = {
  prefix: '/coaching ',
  quote: (text) => `\`${text}\``,
  words: (text) => text.match(/<[^>]*>|[^\s<]+/g) ?? [],
  looksLikePerson: (token) => token.startsWith('<'),
  key: (userId) => userId,
  readPerson(token, role) {
    const match = USER_MENTION.exec(token);
    if (match?.[1]) return match[1];
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

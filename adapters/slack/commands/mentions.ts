import { SlackInputError } from '../errors.js';

/** `<@U123>` or `<@U123|name>` as Slack escapes a user mention in command text (W… ids on Enterprise Grid). */
const USER_MENTION = /^<@([UW][A-Z0-9]{1,20})(?:\|[^>]*)?>$/;
/** An 8-character short id (as Triad prints it) or a full engagement uuid. */
const ENGAGEMENT_ID = /^(?:[0-9a-f]{8}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export type EngagementRef = { kind: 'engagement'; id: string } | { kind: 'client'; userId: string };

/** Shows a piece of command text back to the person inside backticks, cut to a readable length. */
export const shown = (token: string) => `\`${token.length > 40 ? `${token.slice(0, 37)}…` : token}\``;

/** The user id in an escaped mention, or a specific refusal saying why the token is not one. */
export function parseUserMention(token: string, role: string): string {
  const match = USER_MENTION.exec(token);
  if (match?.[1]) return match[1];
  if (token === '') {
    throw new SlackInputError(`Name the ${role} after the colon, e.g. \`${role}:@jane\`.`);
  }
  if (/^<[#!]/.test(token)) {
    throw new SlackInputError(
      `${shown(token)} is a channel or a group, not a person. Name one person as the ${role}.`,
    );
  }
  throw new SlackInputError(
    `I couldn't read ${shown(token)} as a Slack user for the ${role}.`,
    'Type @ and pick the person from the list so Slack links the mention.',
  );
}

/** Which engagement a command is about: a mention of its client, or its id (short or full). */
export function parseEngagementRef(token: string | undefined, example: string): EngagementRef {
  if (token === undefined || token === '') {
    throw new SlackInputError(
      'Which engagement? Name its client or its id.',
      `For example \`/coaching ${example} @jane\` or \`/coaching ${example} 1a2b3c4d\`.`,
    );
  }
  if (token.startsWith('<')) return { kind: 'client', userId: parseUserMention(token, 'client') };
  if (ENGAGEMENT_ID.test(token)) return { kind: 'engagement', id: token.toLowerCase() };
  throw new SlackInputError(
    `${shown(token)} is neither a person nor an engagement id.`,
    `Use the client's @mention or the 8-character id from \`/coaching list\`.`,
  );
}

import { z } from 'zod';
import { SlackInputError } from '../errors.js';
import { type EngagementRef, parseEngagementRef, parseUserMention, shown } from './mentions.js';

/** Longest command text Triad reads; Slack allows more, but no valid command comes near it. */
export const MAX_COMMAND_TEXT = 1000;
export const MAX_COACHES = 5;

export type CoachingCommand =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'start_form' }
  | {
      kind: 'start';
      clientUserId: string;
      sponsorUserId: string;
      coachUserIds: string[];
      weeks?: number;
      cadence?: 'weekly' | 'fortnightly';
    }
  | { kind: 'status' | 'pause' | 'resume' | 'end'; target: EngagementRef }
  | { kind: 'reassign'; target: EngagementRef; coachUserId: string };

export const subCommands = ['start', 'list', 'status', 'pause', 'resume', 'end', 'reassign', 'help'] as const;

const weeksSchema = z.coerce
  .number({ message: 'weeks must be a number, e.g. `weeks:12`.' })
  .int('weeks must be a whole number, e.g. `weeks:12`.')
  .min(4, 'weeks must be between 4 and 52.')
  .max(52, 'weeks must be between 4 and 52.');
const cadenceSchema = z.enum(['weekly', 'fortnightly'], {
  message: 'cadence must be `weekly` or `fortnightly`.',
});

interface Option {
  key: string;
  value: string;
  raw: string;
}

/** Splits command text into words, keeping Slack's `<…>` escapes whole and joining `key: value` pairs. */
export function tokenize(text: string): string[] {
  const words = text.match(/<[^>]*>|[^\s<]+/g) ?? [];
  const tokens: string[] = [];
  for (const word of words) {
    const previous = tokens.at(-1);
    if (previous !== undefined && /^[a-z]+:$/i.test(previous))
      tokens[tokens.length - 1] = `${previous}${word}`;
    else tokens.push(word);
  }
  return tokens;
}

function asOption(token: string): Option | undefined {
  const match = /^([a-z]+):(.*)$/is.exec(token);
  return match
    ? { key: (match[1] as string).toLowerCase(), value: match[2] as string, raw: token }
    : undefined;
}

function parseValue<T>(schema: z.ZodType<T>, value: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new SlackInputError(result.error.issues[0]?.message ?? 'That value is not valid.');
}

function parseStart(tokens: string[]): CoachingCommand {
  if (tokens.length === 0) return { kind: 'start_form' };
  const seen = new Map<string, string>();
  const coaches: string[] = [];
  let weeks: number | undefined;
  let cadence: 'weekly' | 'fortnightly' | undefined;
  for (const token of tokens) {
    const option = asOption(token);
    if (!option || !['client', 'sponsor', 'coach', 'weeks', 'cadence'].includes(option.key)) {
      throw new SlackInputError(
        `I don't understand ${shown(token)}.`,
        '`start` takes `client:@…`, `sponsor:@…`, one or more `coach:@…`, and optionally `weeks:N` and `cadence:weekly|fortnightly`.',
      );
    }
    if (option.key !== 'coach' && seen.has(option.key)) {
      throw new SlackInputError(`\`${option.key}:\` is given twice. Name it once.`);
    }
    if (option.key === 'client' || option.key === 'sponsor') {
      seen.set(option.key, parseUserMention(option.value, option.key));
    } else seen.set(option.key, option.value);
    if (option.key === 'coach') coaches.push(parseUserMention(option.value, 'coach'));
    if (option.key === 'weeks') weeks = parseWeeks(option.value);
    if (option.key === 'cadence') cadence = parseCadence(option.value);
  }
  const client = seen.get('client');
  const sponsor = seen.get('sponsor');
  if (client === undefined) throw new SlackInputError('Name the client, e.g. `client:@jane`.');
  if (sponsor === undefined) throw new SlackInputError('Name the sponsor, e.g. `sponsor:@sam`.');
  return checkedStart({
    clientUserId: client,
    sponsorUserId: sponsor,
    coachUserIds: coaches,
    ...(weeks !== undefined ? { weeks } : {}),
    ...(cadence !== undefined ? { cadence } : {}),
  });
}

export type StartCommand = Extract<CoachingCommand, { kind: 'start' }>;

/** The checks a start gets however it was typed (command text or the start form): coaches, everyone distinct. */
export function checkedStart(start: Omit<StartCommand, 'kind'>): StartCommand {
  const coaches = start.coachUserIds;
  if (coaches.length === 0) {
    throw new SlackInputError('Name at least one coach, e.g. `coach:@kim` (up to 5 for a shortlist).');
  }
  if (coaches.length > MAX_COACHES) {
    throw new SlackInputError(`A shortlist has at most ${MAX_COACHES} coaches; you named ${coaches.length}.`);
  }
  const everyone = [start.clientUserId, start.sponsorUserId, ...coaches];
  if (new Set(everyone).size !== everyone.length) {
    throw new SlackInputError(
      'The client, the sponsor and each coach must be different people.',
      'Check that nobody is named twice.',
    );
  }
  return { kind: 'start', ...start };
}

/** Reads a `weeks` value (command option or form field). */
export const parseWeeks = (value: string) => parseValue(weeksSchema, value.trim());
/** Reads a `cadence` value (command option or form field). */
export const parseCadence = (value: string) => parseValue(cadenceSchema, value.trim().toLowerCase());

function noMore(name: string, extra: string[]): void {
  if (extra.length > 0) {
    throw new SlackInputError(`\`${name}\` doesn't take ${shown(extra.join(' '))}.`, 'Try `/coaching help`.');
  }
}

/**
 * Reads `/coaching …` text into a command, or throws a SlackInputError whose words say exactly what is
 * wrong and how to write it instead.
 */
export function parseCoachingCommand(rawText: string): CoachingCommand {
  const text = rawText.trim();
  if (text.length > MAX_COMMAND_TEXT) {
    throw new SlackInputError(
      `That command is ${text.length} characters long; Triad reads at most ${MAX_COMMAND_TEXT}.`,
      'Name each person once with an @mention.',
    );
  }
  const [first, ...rest] = tokenize(text);
  const name = (first ?? 'help').toLowerCase();
  switch (name) {
    case 'help':
    case 'list':
      noMore(name, rest);
      return { kind: name };
    case 'start':
      return parseStart(rest);
    case 'status':
    case 'pause':
    case 'resume':
    case 'end': {
      const [target, ...extra] = rest;
      const ref = parseEngagementRef(target, name);
      noMore(name, extra);
      return { kind: name, target: ref };
    }
    case 'reassign': {
      const [target, ...extra] = rest;
      const ref = parseEngagementRef(target, 'reassign');
      const coachOption = extra.map(asOption).find((o) => o?.key === 'coach');
      if (!coachOption)
        throw new SlackInputError('Name the new coach, e.g. `/coaching reassign @jane coach:@kim`.');
      noMore(
        'reassign',
        extra.filter((t) => t !== coachOption.raw),
      );
      return { kind: 'reassign', target: ref, coachUserId: parseUserMention(coachOption.value, 'coach') };
    }
    default:
      throw new SlackInputError(
        `I don't know the command ${shown(first ?? '')}.`,
        `Try one of: ${subCommands.map((s) => `\`${s}\``).join(', ')} — or \`/coaching help\`.`,
      );
  }
}

import { z } from 'zod';
import { InputError as CommandInputError } from '../../../src/errors.js';

/**
 * The grammar of the HR commands (`start`, `list`, `status`, `pause`, `resume`, `end`, `reassign`, `help`), shared
 * by the platform adapters. What a person token looks like and how words are quoted is the platform's business
 * (a `CommandDialect`); the options, their order-free `key:value` syntax, the limits and the words of every
 * refusal are the same everywhere.
 */

/** A malformed command: the core's readable-input error (message: what is wrong, hint: how to write it). */
export { CommandInputError };

export interface CommandDialect<P> {
  /** What comes before a sub-command when it is written out: `/coaching ` on Slack, nothing on Teams. */
  readonly prefix: string;
  /** Shows a piece of command text back to the reader (`code` on Slack, “quoted” on Teams). */
  quote(text: string): string;
  /** Splits the text into words, keeping a platform's person token whole. */
  words(text: string): string[];
  /** Reads a word that should name a person; throws a CommandInputError saying why it does not. */
  readPerson(token: string, role: string): P;
  /** Whether a word is meant as a person (rather than an engagement id) where either may stand. */
  looksLikePerson(token: string): boolean;
  /** Identity of a person reference, to refuse the same person named twice. */
  key(person: P): string;
}

/** Longest command text read; no valid command comes near it. */
export const MAX_COMMAND_TEXT = 1000;
export const MAX_COACHES = 5;

export const subCommands = ['start', 'list', 'status', 'pause', 'resume', 'end', 'reassign', 'help'] as const;
export type SubCommand = (typeof subCommands)[number];

/** An 8-character short id (as Triad prints it) or a full engagement uuid. */
const ENGAGEMENT_ID = /^(?:[0-9a-f]{8}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export type EngagementTarget<P> = { kind: 'engagement'; id: string } | { kind: 'client'; person: P };

export interface StartCommand<P> {
  kind: 'start';
  client: P;
  sponsor: P;
  coaches: P[];
  weeks?: number;
  cadence?: 'weekly' | 'fortnightly';
}

export type CoachingCommand<P> =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'start_form' }
  | StartCommand<P>
  | { kind: 'status' | 'pause' | 'resume' | 'end'; target: EngagementTarget<P> }
  | { kind: 'reassign'; target: EngagementTarget<P>; coach: P };

const weeksSchema = z.coerce
  .number({ message: 'weeks must be a number, e.g. weeks:12.' })
  .int('weeks must be a whole number, e.g. weeks:12.')
  .min(4, 'weeks must be between 4 and 52.')
  .max(52, 'weeks must be between 4 and 52.');
const cadenceSchema = z.enum(['weekly', 'fortnightly'], {
  message: 'cadence must be weekly or fortnightly.',
});

interface Option {
  key: string;
  value: string;
  raw: string;
}

/** Joins a `key:` word with the word after it, so `client: @jane` reads like `client:@jane`. */
export function joinOptions(words: readonly string[]): string[] {
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
  throw new CommandInputError(result.error.issues[0]?.message ?? 'That value is not valid.');
}

/** Reads command text into a command, or throws a CommandInputError that says how to write it. */
export function parseCoachingCommand<P>(rawText: string, dialect: CommandDialect<P>): CoachingCommand<P> {
  const text = rawText.trim();
  const q = (t: string) => dialect.quote(t.length > 40 ? `${t.slice(0, 37)}…` : t);
  const example = (t: string) => dialect.quote(`${dialect.prefix}${t}`);
  if (text.length > MAX_COMMAND_TEXT) {
    throw new CommandInputError(
      `That command is ${text.length} characters long; Triad reads at most ${MAX_COMMAND_TEXT}.`,
      'Name each person once.',
    );
  }
  const [first, ...rest] = joinOptions(dialect.words(text));
  const name = (first ?? 'help').toLowerCase();

  const noMore = (extra: string[]) => {
    if (extra.length > 0) {
      throw new CommandInputError(
        `${q(name)} doesn't take ${q(extra.join(' '))}.`,
        `Try ${example('help')}.`,
      );
    }
  };
  const target = (token: string | undefined): EngagementTarget<P> => {
    if (token === undefined || token === '') {
      throw new CommandInputError(
        'Which engagement? Name its client or its id.',
        `For example ${example(`${name} @jane`)} or ${example(`${name} 1a2b3c4d`)}.`,
      );
    }
    if (dialect.looksLikePerson(token))
      return { kind: 'client', person: dialect.readPerson(token, 'client') };
    if (ENGAGEMENT_ID.test(token)) return { kind: 'engagement', id: token.toLowerCase() };
    throw new CommandInputError(
      `${q(token)} is neither a person nor an engagement id.`,
      `Mention the client, or use the 8-character id from ${example('list')}.`,
    );
  };

  switch (name) {
    case 'help':
    case 'list':
      noMore(rest);
      return { kind: name };
    case 'start':
      return parseStart(rest, dialect, q);
    case 'status':
    case 'pause':
    case 'resume':
    case 'end': {
      const [ref, ...extra] = rest;
      const parsed = target(ref);
      noMore(extra);
      return { kind: name, target: parsed };
    }
    case 'reassign': {
      const [ref, ...extra] = rest;
      const parsed = target(ref);
      const coachOption = extra.map(asOption).find((o) => o?.key === 'coach');
      if (!coachOption) {
        throw new CommandInputError(`Name the new coach, e.g. ${example('reassign @jane coach:@kim')}.`);
      }
      noMore(extra.filter((t) => t !== coachOption.raw));
      return { kind: 'reassign', target: parsed, coach: dialect.readPerson(coachOption.value, 'coach') };
    }
    default:
      throw new CommandInputError(
        `I don't know the command ${q(first ?? '')}.`,
        `Try one of: ${subCommands.join(', ')} — or ${example('help')}.`,
      );
  }
}

function parseStart<P>(
  tokens: string[],
  dialect: CommandDialect<P>,
  q: (t: string) => string,
): CoachingCommand<P> {
  if (tokens.length === 0) return { kind: 'start_form' };
  const seen = new Map<string, string>();
  const coaches: P[] = [];
  let weeks: number | undefined;
  let cadence: 'weekly' | 'fortnightly' | undefined;
  for (const token of tokens) {
    const option = asOption(token);
    if (!option || !['client', 'sponsor', 'coach', 'weeks', 'cadence'].includes(option.key)) {
      throw new CommandInputError(
        `I don't understand ${q(token)}.`,
        'start takes client:@…, sponsor:@…, one or more coach:@…, and optionally weeks:N and cadence:weekly or cadence:fortnightly.',
      );
    }
    if (option.key !== 'coach' && seen.has(option.key)) {
      throw new CommandInputError(`${q(`${option.key}:`)} is given twice. Name it once.`);
    }
    seen.set(option.key, option.value);
    if (option.key === 'coach') coaches.push(dialect.readPerson(option.value, 'coach'));
    if (option.key === 'weeks') weeks = parseValue(weeksSchema, option.value);
    if (option.key === 'cadence') cadence = parseValue(cadenceSchema, option.value.toLowerCase());
  }
  const client = seen.get('client');
  const sponsor = seen.get('sponsor');
  if (client === undefined) throw new CommandInputError(`Name the client, e.g. ${q('client:@jane')}.`);
  if (sponsor === undefined) throw new CommandInputError(`Name the sponsor, e.g. ${q('sponsor:@sam')}.`);
  if (coaches.length === 0) {
    throw new CommandInputError(
      `Name at least one coach, e.g. ${q('coach:@kim')} (up to 5 for a shortlist).`,
    );
  }
  if (coaches.length > MAX_COACHES) {
    throw new CommandInputError(
      `A shortlist has at most ${MAX_COACHES} coaches; you named ${coaches.length}.`,
    );
  }
  const clientRef = dialect.readPerson(client, 'client');
  const sponsorRef = dialect.readPerson(sponsor, 'sponsor');
  const everyone = [clientRef, sponsorRef, ...coaches].map((p) => dialect.key(p));
  if (new Set(everyone).size !== everyone.length) {
    throw new CommandInputError(
      'The client, the sponsor and each coach must be different people.',
      'Check that nobody is named twice.',
    );
  }
  return {
    kind: 'start',
    client: clientRef,
    sponsor: sponsorRef,
    coaches,
    ...(weeks !== undefined ? { weeks } : {}),
    ...(cadence !== undefined ? { cadence } : {}),
  };
}

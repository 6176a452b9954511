import { z } from 'zod';
import type { Cadence } from '../engagement/records.js';
import { CommandInputError } from './command-input-error.js';
import { type CommandDialect, type CommandSpelling, shown, written } from './dialect.js';
import { hrCommands } from './hr-commands.js';
import type { AnyCommandSpec, OptionSyntax, Syntax, Wording } from './syntax.js';

/** Longest command text read; no valid command comes near it. */
export const MAX_COMMAND_TEXT = 1000;

/** An 8-character short id (as Triad prints it) or a full engagement uuid. */
const ENGAGEMENT_ID = /^(?:[0-9a-f]{8}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Which engagement a command is about, as typed: its id, or its client as the platform names people. */
export type EngagementTarget<P> = { kind: 'id'; id: string } | { kind: 'client'; person: P };

export type OptionValue<P> = P | P[] | number | Cadence | string | undefined;

/** The verb a command was given and the person it acts on (`admins remove @lee`). */
export interface VerbTarget<P> {
  word: string;
  person: P;
}

/** A command read from text (or a form): the table entry, and its words read but people not yet resolved. */
export type ParsedCommand<P> =
  | { kind: 'form'; spec: AnyCommandSpec }
  | {
      kind: 'run';
      spec: AnyCommandSpec;
      target?: EngagementTarget<P>;
      verb?: VerbTarget<P>;
      options: Record<string, OptionValue<P>>;
    };

/** The table entry a word names (any case), if it names one. */
export const findCommand = (word: string | undefined): AnyCommandSpec | undefined =>
  word === undefined ? undefined : hrCommands.find((spec) => spec.name === word.toLowerCase());

/** How help and hints write commands on a platform. */
export const wordingOf = (dialect: CommandSpelling): Wording => ({
  quote: (text) => dialect.quote(text),
  written: (command) => written(dialect, command),
  ...(dialect.naming ? { naming: dialect.naming } : {}),
});

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

function asOption(token: string): { key: string; value: string } | undefined {
  const match = /^([a-z]+):(.*)$/is.exec(token);
  return match ? { key: (match[1] as string).toLowerCase(), value: match[2] as string } : undefined;
}

function readValue<T>(schema: z.ZodType<T>, value: string, field: string): T {
  const result = schema.safeParse(value.trim());
  if (result.success) return result.data;
  throw new CommandInputError(
    result.error.issues[0]?.message ?? 'That value is not valid.',
    undefined,
    field,
  );
}

const weeksSchema = (q: (t: string) => string) =>
  z.coerce
    .number({ message: `weeks must be a number, e.g. ${q('weeks:12')}.` })
    .int(`weeks must be a whole number, e.g. ${q('weeks:12')}.`)
    .min(4, 'weeks must be between 4 and 52.')
    .max(52, 'weeks must be between 4 and 52.');

const cadenceSchema = (q: (t: string) => string) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.toLowerCase() : value),
    z.enum(['weekly', 'fortnightly'], { message: `cadence must be ${q('weekly')} or ${q('fortnightly')}.` }),
  );

/** `start takes client:@…, sponsor:@…, one or more coach:@…, and optionally weeks:N and cadence:…`. */
function takesHint<P>(spec: AnyCommandSpec, dialect: CommandDialect<P>): string {
  const q = (t: string) => dialect.quote(t);
  const required: string[] = [];
  const optional: string[] = [];
  for (const [key, option] of Object.entries(spec.syntax.options ?? {})) {
    if (option.kind === 'person') required.push(q(`${key}:@…`));
    if (option.kind === 'people') required.push(`one or more ${q(`${key}:@…`)}`);
    if (option.kind === 'weeks') optional.push(q('weeks:N'));
    if (option.kind === 'cadence') optional.push(q('cadence:weekly|fortnightly'));
    if (option.kind === 'text') optional.push(q(`${key}:${option.example}`));
  }
  const tail = optional.length > 0 ? `, and optionally ${optional.join(' and ')}` : '';
  return `${q(spec.name)} takes ${required.join(', ')}${tail}.`;
}

/** Fills `{command}` in table words with the command as the platform writes it. */
const filled = <P>(text: string, dialect: CommandDialect<P>) =>
  text.replace(/\{([^}]*)\}/g, (_m, command: string) => written(dialect, command));

/** Reads one person, naming the field a form should show a refusal beside. */
function readPerson<P>(dialect: CommandDialect<P>, value: string, role: string, field: string): P {
  if (value === '') {
    throw new CommandInputError(
      `Name the ${role} after the colon, e.g. ${dialect.quote(`${role}:@jane`)}.`,
      undefined,
      field,
    );
  }
  try {
    return dialect.readPerson(value, role);
  } catch (error) {
    if (error instanceof CommandInputError && error.field === undefined) {
      throw new CommandInputError(error.readable, error.hint, field);
    }
    throw error;
  }
}

function noMore<P>(spec: AnyCommandSpec, extra: readonly string[], dialect: CommandDialect<P>): void {
  if (extra.length === 0) return;
  throw new CommandInputError(
    `${dialect.quote(spec.name)} doesn't take ${shown(dialect, extra.join(' '))}.`,
    `Try ${written(dialect, 'help')}.`,
  );
}

/** Words that are not an option of a command that has options and no engagement are refused at once. */
const refusesUnknownAtOnce = (syntax: Syntax) =>
  !syntax.target && Object.keys(syntax.options ?? {}).length > 0;

function missing<P>(key: string, option: OptionSyntax, dialect: CommandDialect<P>, count: number) {
  const q = (t: string) => dialect.quote(t);
  if (option.kind === 'person' && count === 0) {
    const role = option.role ?? key;
    const words = option.missing
      ? filled(option.missing, dialect)
      : `Name the ${role}, e.g. ${q(`${key}:${option.example}`)}.`;
    return new CommandInputError(words, undefined, key);
  }
  if (option.kind === 'people' && count < option.min) {
    return new CommandInputError(
      `Name at least one ${option.role ?? key}, e.g. ${q(`${key}:${option.example}`)} (up to ${option.max} for a shortlist).`,
      undefined,
      key,
    );
  }
  return undefined;
}

/** Reads a command's `key:value` words with the checks of its syntax; `extra` words are refused. */
function readOptions<P>(
  spec: AnyCommandSpec,
  tokens: readonly string[],
  dialect: CommandDialect<P>,
): Record<string, OptionValue<P>> {
  const q = (t: string) => dialect.quote(t);
  const syntax = spec.syntax.options ?? {};
  const values: Record<string, OptionValue<P>> = {};
  const extra: string[] = [];
  for (const token of tokens) {
    const option = asOption(token);
    const known = option ? syntax[option.key] : undefined;
    if (!option || !known) {
      if (!refusesUnknownAtOnce(spec.syntax)) {
        extra.push(token);
        continue;
      }
      throw new CommandInputError(`I don't understand ${shown(dialect, token)}.`, takesHint(spec, dialect));
    }
    const { key, value } = option;
    if (known.kind !== 'people' && values[key] !== undefined) {
      throw new CommandInputError(`${q(`${key}:`)} is given twice. Name it once.`, undefined, key);
    }
    if (known.kind === 'person') values[key] = readPerson(dialect, value, known.role ?? key, key);
    if (known.kind === 'people') {
      const people = (values[key] as P[] | undefined) ?? [];
      people.push(readPerson(dialect, value, known.role ?? key, key));
      values[key] = people;
    }
    if (known.kind === 'weeks') values[key] = readValue(weeksSchema(q), value, key);
    if (known.kind === 'cadence') values[key] = readValue(cadenceSchema(q), value, key) as Cadence;
    if (known.kind === 'text') values[key] = value.trim();
  }
  for (const [key, option] of Object.entries(syntax)) {
    const value = values[key];
    const count = Array.isArray(value) ? value.length : value === undefined ? 0 : 1;
    const refusal = missing(key, option, dialect, count);
    if (refusal) throw refusal;
  }
  noMore(spec, extra, dialect);
  for (const [key, option] of Object.entries(syntax)) {
    const count = (values[key] as P[] | undefined)?.length ?? 0;
    if (option.kind === 'people' && count > option.max) {
      throw new CommandInputError(
        `A shortlist has at most ${option.max} ${option.plural}; you named ${count}.`,
        undefined,
        key,
      );
    }
  }
  if (spec.syntax.distinctPeople) requireDistinct(spec, values, dialect);
  return values;
}

function requireDistinct<P>(
  spec: AnyCommandSpec,
  values: Record<string, OptionValue<P>>,
  dialect: CommandDialect<P>,
): void {
  const people = Object.entries(spec.syntax.options ?? {}).flatMap(([key, option]) => {
    const value = values[key];
    if (option.kind === 'person') return [value as P];
    if (option.kind === 'people') return value as P[];
    return [];
  });
  const keys = people.map((person) => dialect.key(person));
  if (new Set(keys).size !== keys.length) {
    const roles = Object.entries(spec.syntax.options ?? {})
      .filter(([, option]) => option.kind === 'person' || option.kind === 'people')
      .map(([key, option]) => `${option.kind === 'people' ? 'each' : 'the'} ${roleOf(key, option)}`);
    throw new CommandInputError(
      `${capitalised(listed(roles))} must be different people.`,
      'Check that nobody is named twice.',
    );
  }
}

const roleOf = (key: string, option: OptionSyntax) => ('role' in option ? option.role : undefined) ?? key;

const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
const listed = (items: readonly string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

function readTarget<P>(
  spec: AnyCommandSpec,
  token: string | undefined,
  dialect: CommandDialect<P>,
): EngagementTarget<P> {
  if (token === undefined || token === '') {
    throw new CommandInputError(
      'Which engagement? Name its client or its id.',
      `For example ${written(dialect, `${spec.name} @jane`)} or ${written(dialect, `${spec.name} 1a2b3c4d`)}.`,
    );
  }
  if (dialect.looksLikePerson(token)) {
    return { kind: 'client', person: readPerson(dialect, token, 'client', 'engagement') };
  }
  if (ENGAGEMENT_ID.test(token)) return { kind: 'id', id: token.toLowerCase() };
  throw new CommandInputError(
    `${shown(dialect, token)} is neither a person nor an engagement id.`,
    `Use the client's @mention or the 8-character id from ${written(dialect, 'list')}.`,
  );
}

/** `admins`, `admins add @lee`, `admins remove @lee`: an optional verb of the command's and its one person. */
function readVerb<P>(
  spec: AnyCommandSpec,
  tokens: readonly string[],
  dialect: CommandDialect<P>,
): { verb?: VerbTarget<P> } {
  const verbs = spec.syntax.verbs ?? {};
  const [word, who, ...extra] = tokens;
  if (word === undefined) return {};
  const usage = Object.keys(verbs)
    .map((verb) => written(dialect, `${spec.name} ${verb} @jane`))
    .join(' or ');
  const verb = verbs[word.toLowerCase()];
  if (!verb) {
    throw new CommandInputError(
      `I don't understand ${shown(dialect, word)} after ${dialect.quote(spec.name)}.`,
      `Type ${written(dialect, spec.name)} alone, or ${usage}.`,
    );
  }
  if (who === undefined || who === '') {
    throw new CommandInputError(
      `Name the ${verb.role}, e.g. ${written(dialect, `${spec.name} ${word.toLowerCase()} @jane`)}.`,
      undefined,
      'person',
    );
  }
  noMore(spec, extra, dialect);
  return { verb: { word: word.toLowerCase(), person: readPerson(dialect, who, verb.role, 'person') } };
}

/**
 * Reads command text into a command of the grammar table, or throws a CommandInputError whose words say exactly
 * what is wrong and how to write it instead. Empty text is `help`. Nothing is looked up.
 */
export function parseCommand<P>(rawText: string, dialect: CommandDialect<P>): ParsedCommand<P> {
  const text = rawText.trim();
  if (text.length > MAX_COMMAND_TEXT) {
    throw new CommandInputError(
      `That command is ${text.length} characters long; Triad reads at most ${MAX_COMMAND_TEXT}.`,
      'Name each person once with an @mention.',
    );
  }
  const [first, ...rest] = joinOptions(dialect.words(text));
  const spec = findCommand(first ?? 'help');
  if (!spec) {
    throw new CommandInputError(
      `I don't know the command ${shown(dialect, first ?? '')}.`,
      `Try one of: ${hrCommands.map((s) => dialect.quote(s.name)).join(', ')} — or ${written(dialect, 'help')}.`,
    );
  }
  if (spec.syntax.form && rest.length === 0) return { kind: 'form', spec };
  if (spec.syntax.verbs) return { kind: 'run', spec, ...readVerb(spec, rest, dialect), options: {} };
  if (!spec.syntax.target) return { kind: 'run', spec, options: readOptions(spec, rest, dialect) };
  const [ref, ...more] = rest;
  const target = readTarget(spec, ref, dialect);
  return { kind: 'run', spec, target, options: readOptions(spec, more, dialect) };
}

/**
 * Reads a command submitted through a platform's form (the start form): each field's values become the same
 * `key:value` words a person would type, so a form gets exactly the checks of the command text. A refusal names
 * its `field`.
 */
/**
 * Whether `text` reads as a complete HR command in the platform's dialect (a command word with everything it
 * needs): on a platform where commands are typed as messages, such a message is a command whoever sends it.
 */
export function readsAsCommand<P>(text: string, dialect: CommandDialect<P>): boolean {
  try {
    return parseCommand(text, dialect).kind === 'run';
  } catch (error) {
    if (error instanceof CommandInputError) return false;
    throw error;
  }
}

export function parseCommandInput<P>(
  name: string,
  fields: Readonly<Record<string, readonly string[]>>,
  dialect: CommandDialect<P>,
): ParsedCommand<P> {
  const spec = findCommand(name);
  if (!spec) throw new CommandInputError(`I don't know the command ${shown(dialect, name)}.`);
  const { engagement, ...options } = fields;
  const tokens = Object.entries(options).flatMap(([key, values]) => values.map((v) => `${key}:${v}`));
  const target = spec.syntax.target ? readTarget(spec, engagement?.[0], dialect) : undefined;
  return { kind: 'run', spec, ...(target ? { target } : {}), options: readOptions(spec, tokens, dialect) };
}

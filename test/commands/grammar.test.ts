import { describe, expect, it } from 'vitest';
import { localDialect } from '../../adapters/local/local-coaching-command.js';
import { slackDialect } from '../../adapters/slack/commands/slack-dialect.js';
import { teamsDialect } from '../../adapters/teams/commands/teams-dialect.js';
import { readTeamsText } from '../../adapters/teams/commands/teams-text.js';
import type { TeamsDirectory } from '../../adapters/teams/teams-directory.js';
import { CommandInputError } from '../../src/commands/command-input-error.js';
import { hrCommandNames, isHrCommandWord } from '../../src/commands/dm-words.js';
import { parseCommand } from '../../src/commands/parse-command.js';

/**
 * One grammar, three spellings: the same command typed on Slack, Teams and locally is read the same, and a bad
 * one is refused with the same words — only the platform's markup differs (Slack's `code`, Teams' “quotes”,
 * the `/coaching ` prefix). `{jane}` stands for a person as each platform names them.
 */
const people = ['jane', 'sam', 'kim', 'lee', 'ola', 'uma', 'viv'] as const;
type Name = (typeof people)[number];

const slack = (text: string) =>
  parseCommand(
    text.replace(/\{(\w+)\}/g, (_m, name: string) => `<@U0${name.toUpperCase()}|${name}>`),
    slackDialect,
  );

const local = (text: string) =>
  parseCommand(
    text.replace(/\{(\w+)\}/g, (_m, name: string) => `@${name}`),
    localDialect((handle) => (people.includes(handle as Name) ? `U0${handle.toUpperCase()}` : undefined)),
  );

/** As Teams sends it: each person an <at> tag with a mention entity carrying their Teams id. */
function teams(text: string) {
  const entities: unknown[] = [];
  const html = text.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const tag = `<at>${name}</at>`;
    entities.push({ type: 'mention', text: tag, mentioned: { id: `29:U0${name.toUpperCase()}`, name } });
    return tag;
  });
  const { text: read, mentions } = readTeamsText({ text: html, entities });
  return parseCommand(read, teamsDialect({ mentions, directory: {} as TeamsDirectory }));
}

const dialects = { slack, teams, local };

/** A refusal without markup: no backticks, no “quotes”, no `/coaching ` prefix. */
function refusal(parse: (text: string) => unknown, text: string): string {
  try {
    parse(text);
  } catch (error) {
    if (!(error instanceof CommandInputError)) throw error;
    return `${error.readable} ${error.hint ?? ''}`
      .replace(/[`“”]/g, '')
      .replace(/\/coaching /g, '')
      .trim();
  }
  throw new Error(`${text} was accepted`);
}

const badInputs = [
  'frobnicate',
  'list everything',
  'help me',
  'status',
  'pause jane',
  'resume 1a2b3c4d extra',
  'reassign {jane}',
  'reassign',
  'start sponsor:{sam} coach:{kim}',
  'start client:{jane} coach:{kim}',
  'start client:{jane} sponsor:{sam}',
  'start client:{jane} sponsor:{jane} coach:{kim}',
  'start client:{jane} client:{lee} sponsor:{sam} coach:{kim}',
  'start client:{jane} sponsor:{sam} coach:{kim} weeks:3',
  'start client:{jane} sponsor:{sam} coach:{kim} weeks:60',
  'start client:{jane} sponsor:{sam} coach:{kim} weeks:ten',
  'start client:{jane} sponsor:{sam} coach:{kim} weeks:4.5',
  'start client:{jane} sponsor:{sam} coach:{kim} cadence:daily',
  'start client:{jane} sponsor:{sam} coach:{kim} please',
  'start client:{jane} sponsor:{sam} coach:{kim} coach:{lee} coach:{ola} coach:{uma} coach:{viv} coach:{sam}',
  `start ${'x'.repeat(1001)}`,
];

describe('the command grammar in every dialect', () => {
  it.each(badInputs)('refuses %j with the same words on Slack, Teams and locally', (text) => {
    const words = Object.values(dialects).map((parse) => refusal(parse, text));
    expect(words[1]).toBe(words[0]);
    expect(words[2]).toBe(words[0]);
  });

  it.each([
    'start client:jane sponsor:{sam} coach:{kim}',
    'start client: sponsor:{sam} coach:{kim}',
    'status U0JANE',
  ])('refuses %j as no person it can read, each platform saying how to name one', (text) => {
    for (const parse of Object.values(dialects)) {
      expect(refusal(parse, text)).toMatch(
        /^(I couldn't read .* for the client\.|.* is neither a person nor an engagement id\.)/,
      );
    }
  });

  it.each([
    'start client:{jane} sponsor:{sam} coach:{kim} coach:{lee} weeks:10 cadence:Fortnightly',
    'start',
    'list',
    '',
    'status {jane}',
    'pause 1A2B3C4D',
    'reassign 1a2b3c4d coach:{lee}',
  ])('reads %j the same way on every platform', (text) => {
    const read = Object.values(dialects).map((parse) => {
      const { spec, ...rest } = parse(text);
      return JSON.stringify({ name: spec.name, ...rest }).replace(
        /29:|"kind":"user","id":|,"name":"\w+"/g,
        '',
      );
    });
    expect(read[1]).toBe(read[0]?.replace(/"(U0\w+)"/g, '{"$1"}'));
    expect(read[2]).toBe(read[0]);
  });

  it('names the HR command words from the table, in any case, and nothing else', () => {
    expect(hrCommandNames).toEqual(
      expect.arrayContaining(['start', 'list', 'status', 'pause', 'resume', 'end', 'reassign', 'help']),
    );
    expect(isHrCommandWord('Pause')).toBe(true);
    expect(isHrCommandWord('goals')).toBe(false);
    expect(isHrCommandWord(undefined)).toBe(false);
  });
});

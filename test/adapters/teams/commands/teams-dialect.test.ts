import { describe, expect, it } from 'vitest';
import { teamsDialect } from '../../../../adapters/teams/commands/teams-dialect.js';
import { plainTeamsText, readTeamsText } from '../../../../adapters/teams/commands/teams-text.js';
import { TeamsInputError } from '../../../../adapters/teams/errors.js';
import type { TeamsDirectory } from '../../../../adapters/teams/teams-directory.js';
import { CommandInputError } from '../../../../src/commands/command-input-error.js';
import { parseCommand } from '../../../../src/commands/parse-command.js';

/** Reading needs no directory: people are resolved only when a command runs. */
const noDirectory = {} as TeamsDirectory;

/** A Teams message read by the grammar in the Teams dialect: the command's name and what was read. */
function parseTeamsCommand(activity: Parameters<typeof readTeamsText>[0]) {
  const { text, mentions } = readTeamsText(activity);
  const { spec, ...rest } = parseCommand(text, teamsDialect({ mentions, directory: noDirectory }));
  return { name: spec.name, ...rest };
}

const BOT = '28:triad-app';
const people = {
  jane: { id: '29:jane', name: 'Jane Doe' },
  sam: { id: '29:sam', name: 'Sam Sponsor' },
  kim: { id: '29:kim', name: 'Kim Coach' },
  lee: { id: '29:lee', name: 'Lee Coach' },
};
type Who = keyof typeof people;

/** A Teams message with `@jane`-style words turned into <at> tags and mention entities, as Teams sends them. */
function message(text: string, options: { mentionBot?: boolean; unlinked?: Who[] } = {}) {
  const entities: unknown[] = [];
  const withTags = text.replace(/@(jane|sam|kim|lee)\b/g, (_m, who: Who) => {
    const person = people[who];
    const tag = `<at>${person.name}</at>`;
    if (!options.unlinked?.includes(who)) entities.push({ type: 'mention', text: tag, mentioned: person });
    return tag;
  });
  const botTag = '<at>Triad</at>';
  if (options.mentionBot)
    entities.unshift({ type: 'mention', text: botTag, mentioned: { id: BOT, name: 'Triad' } });
  return {
    text: options.mentionBot ? `${botTag} ${withTags}` : withTags,
    entities,
    recipient: { id: BOT },
  };
}

const refusal = (text: string, options?: Parameters<typeof message>[1]) => {
  try {
    parseTeamsCommand(message(text, options));
  } catch (error) {
    if (error instanceof CommandInputError) return `${error.readable} ${error.hint ?? ''}`.trim();
    throw error;
  }
  throw new Error(`"${text}" was accepted`);
};

describe('Teams HR commands', () => {
  it('reads start with mentions, a shortlist, weeks and cadence in any order', () => {
    expect(
      parseTeamsCommand(
        message('start coach:@kim client: @jane weeks:10 sponsor:@sam coach:@lee cadence:Fortnightly'),
      ),
    ).toEqual({
      name: 'start',
      kind: 'run',
      options: {
        client: { kind: 'user', id: '29:jane', name: 'Jane Doe' },
        sponsor: { kind: 'user', id: '29:sam', name: 'Sam Sponsor' },
        coach: [
          { kind: 'user', id: '29:kim', name: 'Kim Coach' },
          { kind: 'user', id: '29:lee', name: 'Lee Coach' },
        ],
        weeks: 10,
        cadence: 'fortnightly',
      },
    });
  });

  it('drops its own mention, as in a group chat, and reads emails and Entra ids', () => {
    const command = parseTeamsCommand(
      message('start client:Jane.Doe@Contoso.com sponsor:0F8B6C3A-2D4E-4F1A-9B7C-5E6D7F8A9B0C coach:29:kim', {
        mentionBot: true,
      }),
    );
    expect(command).toMatchObject({
      options: {
        client: { kind: 'email', address: 'jane.doe@contoso.com' },
        sponsor: { kind: 'aad', objectId: '0f8b6c3a-2d4e-4f1a-9b7c-5e6d7f8a9b0c' },
        coach: [{ kind: 'user', id: '29:kim' }],
      },
    });
  });

  it.each([
    ['', { name: 'help', kind: 'run', options: {} }],
    ['HELP', { name: 'help', kind: 'run', options: {} }],
    ['list', { name: 'list', kind: 'run', options: {} }],
    ['start', { name: 'start', kind: 'form' }],
    ['status 1A2B3C4D', { name: 'status', kind: 'run', target: { kind: 'id', id: '1a2b3c4d' }, options: {} }],
    [
      'pause @jane',
      {
        name: 'pause',
        kind: 'run',
        target: { kind: 'client', person: { kind: 'user', id: '29:jane', name: 'Jane Doe' } },
        options: {},
      },
    ],
    [
      'end jane@contoso.com',
      {
        name: 'end',
        kind: 'run',
        target: { kind: 'client', person: { kind: 'email', address: 'jane@contoso.com' } },
        options: {},
      },
    ],
    [
      'reassign 1a2b3c4d coach: @lee',
      {
        name: 'reassign',
        kind: 'run',
        target: { kind: 'id', id: '1a2b3c4d' },
        options: { coach: { kind: 'user', id: '29:lee', name: 'Lee Coach' } },
      },
    ],
  ])('reads %j', (text, expected) => {
    expect(parseTeamsCommand(message(text))).toEqual(expected);
  });

  it.each([
    ['start client:@jane sponsor:@jane coach:@kim', /different people/],
    ['start client:@jane sponsor:@sam', /at least one coach/],
    ['start client:@jane sponsor:@sam coach:@kim weeks:3', /between 4 and 52/],
    ['start client:@jane sponsor:@sam coach:@kim weeks:ten', /weeks must be a number/],
    ['start client:@jane sponsor:@sam coach:@kim cadence:daily', /cadence must be “weekly” or “fortnightly”/],
    ['start client:@jane client:@lee sponsor:@sam coach:@kim', /“client:” is given twice/],
    ['start client:jane sponsor:@sam coach:@kim', /couldn't read “jane” as a person for the client/],
    ['start client:@jane sponsor:@sam coach:@kim budget:9', /don't understand “budget:9”/],
    [
      'start client:@jane sponsor:@sam coach:@kim coach:@lee coach:1@x.io coach:2@x.io coach:3@x.io coach:4@x.io',
      /at most 5/,
    ],
    ['status', /Which engagement\?/],
    ['status someone', /neither a person nor an engagement id/],
    ['list everything', /“list” doesn't take “everything”/],
    ['reassign @jane', /Name the new coach/],
    ['promote @jane', /I don't know the command “promote”/],
  ])('refuses %j clearly', (text, expected) => {
    expect(refusal(text)).toMatch(expected);
  });

  it('refuses a mention Teams did not link to a user, and a bot', () => {
    expect(refusal('start client:@jane sponsor:@sam coach:@kim', { unlinked: ['sam'] })).toMatch(
      /did not link “@Sam Sponsor” to a person/,
    );
    const bot = {
      text: 'status <at>Bot</at>',
      entities: [{ type: 'mention', text: '<at>Bot</at>', mentioned: { id: '28:other', name: 'Bot' } }],
    };
    expect(() => parseTeamsCommand(bot)).toThrow(/is a bot/);
  });

  it('refuses over-long text before reading it', () => {
    expect(refusal(`start ${'x'.repeat(1200)}`)).toMatch(/at most 1000/);
  });
});

describe('Teams message text', () => {
  it('decodes HTML and keeps two mentions of people with the same name apart', () => {
    const read = readTeamsText({
      text: '<p>status &amp; <at>Kim</at> <at>Kim</at></p>',
      entities: [
        { type: 'mention', text: '<at>Kim</at>', mentioned: { id: '29:a', name: 'Kim' } },
        { type: 'mention', text: '<at>Kim</at>', mentioned: { id: '29:b', name: 'Kim' } },
      ],
    });
    expect(read.text.startsWith('status & ')).toBe(true);
    expect(read.mentions.map((m) => m.id)).toEqual(['29:a', '29:b']);
  });

  it('gives plain text back with mentions as @names', () => {
    expect(plainTeamsText(message('I spoke with @kim &amp; it helped', { mentionBot: true }))).toBe(
      'I spoke with @Kim Coach & it helped',
    );
  });
});

describe('Teams message text that tries to stall the event loop', () => {
  /** Teams' own limit for one message is about 28 KB; Triad reads at most 28,000 characters. */
  const atLimit = (unit: string) => unit.repeat(Math.floor(28_000 / unit.length));

  // Each case used to take seconds (quadratic backtracking); linear decoding reads them in milliseconds.
  it.each([
    ['only <', atLimit('<')],
    ['unclosed <at>', atLimit('<at>')],
    ['unclosed <br', atLimit('<br ')],
    ['</p> without <p>', atLimit('</p> ')],
    ['< followed by letters, never >', `${atLimit('<a')}`],
    ['an entity start, never ;', atLimit('&am')],
  ])('reads %s at the size limit well within a second', (_case, text) => {
    const started = performance.now();
    readTeamsText({ text, entities: [], recipient: { id: BOT } });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses text over the limit before reading it, with a clear answer', () => {
    const text = '<'.repeat(100 * 1024);
    const started = performance.now();
    let refusedWith: unknown;
    try {
      readTeamsText({ text });
    } catch (error) {
      refusedWith = error;
    }
    expect(performance.now() - started).toBeLessThan(2000);
    expect(refusedWith).toBeInstanceOf(TeamsInputError);
    expect((refusedWith as TeamsInputError).readable).toMatch(/at most 28,000 characters/);
  });

  it('still decodes tags, entities and mentions the way Teams sends them', () => {
    const read = readTeamsText({
      text: '<p>a &lt;b&gt; <b>bold</b><br/>next</p><p><at>Kim</at> x < y > z',
      entities: [{ type: 'mention', text: '<at>Kim</at>', mentioned: { id: '29:k', name: 'Kim' } }],
    });
    expect(plainTeamsText({ text: '<p>a &lt;b&gt; <b>bold</b><br/>next</p><p>end</p>' })).toBe(
      'a <b> bold\nnext\nend',
    );
    expect(read.mentions).toEqual([{ id: '29:k', name: 'Kim' }]);
    expect(read.text).toContain(' z');
  });
});

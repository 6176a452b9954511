import { describe, expect, it } from 'vitest';
import { slackDialect } from '../../../../adapters/slack/commands/slack-dialect.js';
import { CommandInputError } from '../../../../src/commands/command-input-error.js';
import { parseCommand } from '../../../../src/commands/parse-command.js';

/** The parsed command without its table entry: the command's name and what was read. */
const parseCoachingCommand = (text: string) => {
  const { spec, ...rest } = parseCommand(text, slackDialect);
  return { name: spec.name, ...rest };
};

const refusal = (text: string) => {
  try {
    parseCommand(text, slackDialect);
  } catch (error) {
    if (error instanceof CommandInputError) return error.readable;
    throw error;
  }
  throw new Error(`"${text}" was accepted`);
};

describe('/coaching command text', () => {
  it('reads a start with escaped mentions in both forms, a shortlist, weeks and cadence', () => {
    expect(
      parseCoachingCommand(
        'start client:<@U0CLIENT|ada> sponsor: <@U0SPONSOR> coach:<@U0COACH1|kim> coach:<@W0COACH2> weeks:10 cadence:Fortnightly',
      ),
    ).toEqual({
      name: 'start',
      kind: 'run',
      options: {
        client: 'U0CLIENT',
        sponsor: 'U0SPONSOR',
        coach: ['U0COACH1', 'W0COACH2'],
        weeks: 10,
        cadence: 'fortnightly',
      },
    });
  });

  it('opens the form for a bare start, shows help for nothing', () => {
    expect(parseCoachingCommand('start')).toEqual({ name: 'start', kind: 'form' });
    expect(parseCoachingCommand('  ')).toEqual({ name: 'help', kind: 'run', options: {} });
    expect(parseCoachingCommand('LIST')).toEqual({ name: 'list', kind: 'run', options: {} });
  });

  it.each([
    ['status <@U0CLIENT|ada>', 'status', { kind: 'client', person: 'U0CLIENT' }, {}],
    ['pause 1A2B3C4D', 'pause', { kind: 'id', id: '1a2b3c4d' }, {}],
    ['resume <@U0CLIENT>', 'resume', { kind: 'client', person: 'U0CLIENT' }, {}],
    [
      'end 0f1e2d3c-0000-4000-8000-000000000001',
      'end',
      { kind: 'id', id: '0f1e2d3c-0000-4000-8000-000000000001' },
      {},
    ],
    [
      'reassign <@U0CLIENT> coach:<@U0COACH3>',
      'reassign',
      { kind: 'client', person: 'U0CLIENT' },
      { coach: 'U0COACH3' },
    ],
  ])('reads %s', (text, name, target, options) => {
    expect(parseCoachingCommand(text)).toEqual({ name, kind: 'run', target, options });
  });

  it.each([
    ['start sponsor:<@U2> coach:<@U3>', 'Name the client, e.g. `client:@jane`.'],
    ['start client:<@U1> coach:<@U3>', 'Name the sponsor, e.g. `sponsor:@sam`.'],
    [
      'start client:<@U1> sponsor:<@U2>',
      'Name at least one coach, e.g. `coach:@kim` (up to 5 for a shortlist).',
    ],
    [
      'start client:@jane sponsor:<@U2> coach:<@U3>',
      "I couldn't read `@jane` as a Slack user for the client.",
    ],
    [
      'start client:<#C1|general> sponsor:<@U2> coach:<@U3>',
      '`<#C1|general>` is a channel or a group, not a person. Name one person as the client.',
    ],
    [
      'start client:<@U1> sponsor:<@U1> coach:<@U3>',
      'The client, the sponsor and each coach must be different people.',
    ],
    ['start client:<@U1> client:<@U4> sponsor:<@U2> coach:<@U3>', '`client:` is given twice. Name it once.'],
    ['start client:<@U1> sponsor:<@U2> coach:<@U3> weeks:3', 'weeks must be between 4 and 52.'],
    ['start client:<@U1> sponsor:<@U2> coach:<@U3> weeks:60', 'weeks must be between 4 and 52.'],
    ['start client:<@U1> sponsor:<@U2> coach:<@U3> weeks:ten', 'weeks must be a number, e.g. `weeks:12`.'],
    [
      'start client:<@U1> sponsor:<@U2> coach:<@U3> cadence:daily',
      'cadence must be `weekly` or `fortnightly`.',
    ],
    ['start client:<@U1> sponsor:<@U2> coach:<@U3> please', "I don't understand `please`."],
    [
      'start client:<@U1> sponsor:<@U2> coach:<@U3> coach:<@U4> coach:<@U5> coach:<@U6> coach:<@U7> coach:<@U8>',
      'A shortlist has at most 5 coaches; you named 6.',
    ],
    ['frobnicate', "I don't know the command `frobnicate`."],
    ['status', 'Which engagement? Name its client or its id.'],
    ['pause jane', '`jane` is neither a person nor an engagement id.'],
    ['reassign <@U1>', 'Name the new coach, e.g. `/coaching reassign @jane coach:@kim`.'],
    ['list everything', "`list` doesn't take `everything`."],
    [
      `start client:<@U1> sponsor:<@U2> coach:<@U3> ${'x'.repeat(1000)}`,
      'That command is 1045 characters long; Triad reads at most 1000.',
    ],
  ])('refuses %s with a specific answer', (text, answer) => {
    expect(refusal(text)).toBe(answer);
  });
});

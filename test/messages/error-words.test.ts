import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeLocalError, LocalInputError } from '../../adapters/local/local-errors.js';
import { SlackInputError, describeError as slackWords } from '../../adapters/slack/errors.js';
import { TeamsInputError, describeError as teamsWords } from '../../adapters/teams/errors.js';
import { CommandInputError } from '../../src/commands/command-input-error.js';
import { errorCodes, InputError, TriadError, UnavailableError } from '../../src/errors.js';
import { command, phrase } from '../../src/messages/command-hint.js';
import { describeError, errorWords } from '../../src/messages/error-words.js';

const zodError = z.object({ weeks: z.number().max(52, 'weeks must be between 4 and 52.') }).safeParse({
  weeks: 99,
}).error;

describe('one table of error words, each platform adding only its markup', () => {
  it('has words for every error code', () => {
    expect(Object.keys(errorWords).sort()).toEqual([...errorCodes].sort());
  });

  it.each<[string, unknown, string, { message: string; hint?: string }, string]>([
    [
      'a refusal with a command hint',
      new TriadError('not_authorised', 'Only HR can <do> that.', phrase`See ${command('help')}.`),
      ':no_entry: Only HR can &lt;do&gt; that.\nSee `/coaching help`.',
      { message: '⛔ Only HR can <do> that.', hint: 'See “help”.' },
      '⛔ Only HR can <do> that.\n  See /coaching help.',
    ],
    [
      'a conflict, with the table’s default hint',
      new TriadError('conflict', 'It changed.'),
      ':arrows_counterclockwise: It changed.\nSomeone changed this at the same time. Try again.',
      { message: '🔄 It changed.', hint: 'Someone changed this at the same time. Try again.' },
      '🔄 It changed.\n  Someone changed this at the same time. Try again.',
    ],
    [
      'the database out of reach',
      new UnavailableError(new Error('ECONNREFUSED')),
      ':hourglass: Nothing was saved: Triad could not reach its database. Please try again in a minute.',
      { message: '⏳ Nothing was saved: Triad could not reach its database. Please try again in a minute.' },
      '⏳ Nothing was saved: Triad could not reach its database. Please try again in a minute.',
    ],
    [
      'a client word in a hint',
      new TriadError(
        'not_found',
        'I can’t find that goal.',
        phrase`To list your goals, ${command('goals')}.`,
      ),
      ':mag: I can’t find that goal.\nTo list your goals, type `goals` in your DM with Triad.',
      {
        message: '🔍 I can’t find that goal.',
        hint: 'To list your goals, type “goals” in your chat with Triad.',
      },
      '🔍 I can’t find that goal.\n  To list your goals, type goals in your DM with Triad.',
    ],
    [
      'a request no parser could read',
      new InputError('Name the client.', 'e.g. client:@jane'),
      ':warning: Name the client.\ne.g. client:@jane',
      { message: '⚠️ Name the client.', hint: 'e.g. client:@jane' },
      '⚠️ Name the client.\n  e.g. client:@jane',
    ],
    [
      'a zod error that reached an adapter',
      zodError,
      ':warning: weeks must be between 4 and 52.\nTry `/coaching help`.',
      { message: '⚠️ weeks must be between 4 and 52.', hint: 'Try “help”.' },
      '⚠️ weeks must be between 4 and 52.\n  Try /coaching help.',
    ],
  ])('%s', (_name, error, slack, teams, local) => {
    expect(slackWords(error)).toBe(slack);
    expect(teamsWords(error)).toEqual(teams);
    expect(describeLocalError(error)).toBe(local);
  });

  it('is one readable-input error under every adapter’s name', () => {
    for (const InputErrorOfAdapter of [
      SlackInputError,
      TeamsInputError,
      LocalInputError,
      CommandInputError,
    ]) {
      const error = new InputErrorOfAdapter('That is not a command.', 'Try help.');
      expect(error).toBeInstanceOf(InputError);
      expect(describeError(error)).toEqual({
        code: 'validation_failed',
        lead: 'warning',
        message: 'That is not a command.',
        hint: 'Try help.',
      });
    }
  });

  it('leaves anything unexpected, raw driver errors included, to the platform’s error handler', () => {
    for (const error of [
      new TypeError('boom'),
      'weird',
      Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    ]) {
      expect(describeError(error)).toBeUndefined();
      expect(slackWords(error)).toBeUndefined();
      expect(teamsWords(error)).toBeUndefined();
      expect(describeLocalError(error)).toBeUndefined();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeError, SlackInputError } from '../../../adapters/slack/errors.js';
import { CommandInputError } from '../../../src/commands/command-input-error.js';
import { TriadError, UnavailableError } from '../../../src/errors.js';

describe('the words a Slack user reads for an error', () => {
  it.each([
    [
      new TriadError('not_authorised', 'Only HR programme owners can do that.', 'Ask your admin.'),
      ':no_entry: Only HR programme owners can do that.\nAsk your admin.',
    ],
    [
      new TriadError('unknown_user', "I can't find the client (U1)."),
      ":bust_in_silhouette: I can't find the client (U1).",
    ],
    [
      new TriadError('conflict', 'It changed.'),
      ':arrows_counterclockwise: It changed.\nSomeone changed this at the same time. Try again.',
    ],
    [
      new UnavailableError(new Error('ECONNREFUSED')),
      ':hourglass: Nothing was saved: Triad could not reach its database. Please try again in a minute.',
    ],
    [
      new SlackInputError('Name the client.', 'e.g. client:@jane'),
      ':warning: Name the client.\ne.g. client:@jane',
    ],
    [
      new CommandInputError("I don't know the command `frobnicate`.", 'Try `/coaching help`.'),
      ":warning: I don't know the command `frobnicate`.\nTry `/coaching help`.",
    ],
  ])('%s', (error, words) => {
    expect(describeError(error)).toBe(words);
  });

  it('escapes what the message quotes, so it cannot notify or link', () => {
    expect(describeError(new TriadError('not_found', 'I can’t find an engagement "<!channel>".'))).toBe(
      ':mag: I can’t find an engagement "&lt;!channel&gt;".',
    );
  });

  it('reads the first problem of a validation error', () => {
    const result = z
      .object({ weeks: z.number().max(52, 'weeks must be between 4 and 52.') })
      .safeParse({ weeks: 99 });
    expect(describeError(result.error)).toBe(
      ':warning: weeks must be between 4 and 52.\nTry `/coaching help`.',
    );
  });

  it('leaves anything unexpected to Bolt’s error handler', () => {
    expect(describeError(new TypeError('boom'))).toBeUndefined();
    expect(describeError('weird')).toBeUndefined();
  });
});

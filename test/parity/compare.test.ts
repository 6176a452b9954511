import { describe, expect, it } from 'vitest';
import { divergences, unrefused } from './compare.js';
import { describeShown, normalise, type Outcome } from './observe.js';
import { roles, type Step } from './script.js';

const idOf = Object.fromEntries(roles.map((r) => [r, `U0${r.toUpperCase()}`])) as Parameters<
  typeof normalise
>[1];
const quiet: Outcome = { shown: [], state: [], outbox: [] };

describe('the parity observer reads the same meaning out of every platform’s words', () => {
  it.each([
    [
      'Slack (mrkdwn, escapes, emoji, mentions)',
      ':no_entry: *Only HR programme owners* can do that.\nAsk HR.',
    ],
    ['Teams (emoji lead)', '⛔ Only HR programme owners can do that.'],
    ['local (plain)', '⚠ Only HR programme owners can do that.\n  Ask HR.'],
  ])('%s', (_platform, text) => {
    expect(describeShown({ to: 'stan', text }, idOf)).toBe('to stan: refused: not HR');
  });

  it('names, ids, dates and times become placeholders; quotes and backticks go', () => {
    const slack = normalise(
      'Engagement `1a2b3c4d` started for <@U0JANE> &amp; Sam Sponsor, Wed 9 Dec, 11:00',
      idOf,
    );
    const teams = normalise(
      'Engagement “1a2b3c4d” started for Jane Client & Sam Sponsor, Wed 9 Dec, 11:00',
      idOf,
    );
    expect(slack).toBe('engagement {id} started for {jane} & {sam}, {date}, {time}');
    expect(teams).toBe(slack);
  });
});

describe('the parity comparison', () => {
  const steps: Step[] = [
    { name: 'HR lists engagements', kind: 'command', who: 'hr', text: 'list' },
    { name: 'HR-only user types a sentence', kind: 'dm', who: 'hr', text: 'hello', refused: true },
  ];

  it('names each divergent step, the part that differs and what each platform did', () => {
    const same: Outcome = { ...quiet, shown: ['to hr: says "1 engagement"'] };
    const found = divergences(steps, {
      slack: [same, { ...quiet, shown: ['to hr: refused: not a sponsor'] }],
      teams: [same, { ...quiet, shown: ['to hr: refused: unknown command'] }],
      local: [same, { ...quiet, shown: ['to hr: refused: unknown command'] }],
    });
    expect(found).toEqual([
      [
        '#2 HR-only user types a sentence',
        '  shown:',
        '    slack:',
        '      to hr: refused: not a sponsor',
        '    teams:',
        '      to hr: refused: unknown command',
        '    local:',
        '      to hr: refused: unknown command',
      ].join('\n'),
    ]);
  });

  it('a step the script refuses must answer only the person acting and change nothing, on every platform', () => {
    const refused: Outcome = { ...quiet, shown: ['to hr: refused: unknown command'] };
    const relayed: Outcome = { ...refused, outbox: ['sponsor space [jane,sam]: "message from {hr}"'] };
    const found = unrefused(steps, {
      slack: [quiet, relayed],
      teams: [quiet, refused],
      local: [quiet, { ...quiet, shown: ['to sam: says "hello"'] }],
    });
    expect(found.map((line) => line.split(':')[0])).toEqual([
      '#2 HR-only user types a sentence on slack',
      '#2 HR-only user types a sentence on local',
    ]);
  });
});

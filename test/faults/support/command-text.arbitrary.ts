import fc from 'fast-check';

/**
 * `/coaching` texts that a person might type, mistype or craft: the grammar's words and options with good and
 * bad values, Slack's escapes, mrkdwn and link injection, odd Unicode and whitespace, over-long text, and
 * plain random strings. `people` are the user ids the fake Slack knows (plus unknown ones made here).
 */
export function coachingText(people: readonly string[]): fc.Arbitrary<string> {
  const userId = fc.oneof(
    fc.constantFrom(...people),
    fc.stringMatching(/^U[0-9A-Z]{8,10}$/),
    fc.constantFrom('U', 'W0', 'B0TRIAD00', 'USLACKBOT', ''),
  );
  const person = fc.oneof(
    userId.map((id) => `<@${id}>`),
    fc.tuple(userId, fc.string({ maxLength: 12 })).map(([id, name]) => `<@${id}|${name}>`),
    fc.string({ maxLength: 12 }).map((name) => `@${name}`),
    userId,
    fc.constantFrom('<@>', '<@|>', '<!channel>', '<!here|here>', '<#C0123|general>', '<!subteam^S01|@team>'),
  );
  const number = fc.oneof(
    fc.integer({ min: -100, max: 200 }).map(String),
    fc.constantFrom(
      '4',
      '12',
      '52',
      '53',
      '3',
      '0',
      '-1',
      '1e3',
      '12.5',
      'NaN',
      'Infinity',
      '０４',
      '99999999999999999999',
    ),
  );
  const option = fc.oneof(
    fc
      .tuple(fc.constantFrom('client', 'sponsor', 'coach', 'CLIENT', 'coaches'), person)
      .map(([k, v]) => `${k}:${v}`),
    number.map((n) => `weeks:${n}`),
    fc
      .oneof(fc.constantFrom('weekly', 'fortnightly', 'daily', 'WEEKLY', ''), fc.string({ maxLength: 10 }))
      .map((c) => `cadence:${c}`),
    fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([k, v]) => `${k}:${v}`),
  );
  const engagementRef = fc.oneof(
    fc.uuid(),
    fc.uuid().map((id) => id.slice(0, 8)),
    fc.stringMatching(/^[0-9a-f]{1,12}$/),
    person,
  );
  const word = fc.oneof(
    fc.constantFrom(
      'start',
      'list',
      'status',
      'pause',
      'resume',
      'end',
      'reassign',
      'help',
      'START',
      'Stop',
      '?',
    ),
    option,
    engagementRef,
    fc.constantFrom(
      '*bold*',
      '_x_',
      '`code`',
      '```',
      '<https://evil.example|click>',
      '&lt;',
      '&amp;',
      '>quote',
    ),
    fc.constantFrom(
      '\u200b',
      '\u202e',
      '\u0000',
      '\ud83d\ude00',
      'é',
      '\t',
      '\n',
      '"',
      "'",
      '“quoted”',
      '\\',
    ),
    fc.string({ maxLength: 20 }),
  );
  const space = fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', ' \u3000 ');
  const sentence = fc
    .tuple(word, fc.array(fc.tuple(space, word), { maxLength: 8 }))
    .map(([first, rest]) => first + rest.map(([s, w]) => s + w).join(''));
  return fc.oneof(
    { weight: 6, arbitrary: sentence },
    { weight: 1, arbitrary: fc.string({ maxLength: 200, unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.string({ minLength: 990, maxLength: 1_200 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n', 'start', 'help') },
  );
}

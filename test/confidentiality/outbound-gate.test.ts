import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAesGcmCipher } from '../../adapters/crypto/aes-gcm.cipher.js';
import {
  type GateDecision,
  type GateLookups,
  passOutboundGate,
} from '../../src/confidentiality/outbound-gate.js';
import { logistics, type Part, privatePart, sponsorAuthored } from '../../src/confidentiality/parts.js';
import { PrivateText } from '../../src/confidentiality/private-text.js';
import { opaque, timed, words } from '../../src/confidentiality/words.js';
import { command } from '../../src/messages/command-hint.js';
import type { Destination, Form, OutboundMessage } from '../../src/messages/message.js';
import { deserializePayload, serializePayload } from '../../src/messages/serialize.js';
import { meetingTime } from '../../src/messages/time-part.js';
import { capturingLogger } from '../support/core-deps.js';

/**
 * The second defence: the one outbound gate. Every refusal reason in src/confidentiality/outbound-gate.ts is
 * exercised here, and every decision's audit record and log line is checked to carry no content.
 */
const E = '00000000-0000-4000-8000-00000000000e';
const OTHER = '00000000-0000-4000-8000-00000000000f';
const canary = 'CANARY-gate-5d1e';
const secret = PrivateText.of(`${canary} my private worry`);
const sharedText = `Goal: ${canary} released`;

const hasher = createAesGcmCipher([{ id: 'k1', key: randomBytes(32) }]);
const hashText = (text: string) => hasher.hashText(text);
const releases: Record<string, { engagementId: string; status: string; consentHash: string | null }> = {
  live: { engagementId: E, status: 'released', consentHash: hashText(sharedText) },
  unconsented: { engagementId: E, status: 'released', consentHash: null },
  withdrawn: { engagementId: E, status: 'withdrawn', consentHash: hashText(sharedText) },
  superseded: { engagementId: E, status: 'superseded', consentHash: hashText(sharedText) },
  previewed: { engagementId: E, status: 'previewed', consentHash: null },
  elsewhere: { engagementId: OTHER, status: 'released', consentHash: hashText(sharedText) },
};
const lookups: GateLookups = {
  release: async (id) => releases[id],
  // The coaching space of E is the client's and coach's; 'coach2' replaced nobody here (a stranger to it).
  spaceReaders: async (id, space) =>
    id !== E
      ? undefined
      : { client_dm: ['client'], coaching: ['client', 'coach'], sponsor: ['sponsor', 'client', 'coach'] }[
          space
        ],
  hashMatches: (text, hash) => hasher.hashMatches(text, hash),
};
const released = (releaseId: string, text = sharedText, engagementId = E): Part => ({
  kind: 'released',
  text,
  engagementId,
  releaseId,
  textHash: hashText(sharedText),
});

const to = {
  sponsor: { kind: 'space', engagementId: E, space: 'sponsor' },
  dm: { kind: 'space', engagementId: E, space: 'client_dm' },
  coaching: { kind: 'space', engagementId: E, space: 'coaching' },
  hr: { kind: 'hr', personId: 'hr', engagementId: E },
  replyClient: { kind: 'reply', audience: 'private', personId: 'client', engagementId: E },
  replyCoach: { kind: 'reply', audience: 'private', personId: 'coach', engagementId: E },
  replyNewCoach: { kind: 'reply', audience: 'private', personId: 'coach2', engagementId: E },
  coachingElsewhere: { kind: 'space', engagementId: OTHER, space: 'coaching' },
  replySponsorPrivate: { kind: 'reply', audience: 'private', personId: 'sponsor', engagementId: E },
  replyOtherEngagement: { kind: 'reply', audience: 'private', personId: 'client', engagementId: OTHER },
  replyHr: { kind: 'reply', audience: 'admin', personId: 'hr', engagementId: E },
} satisfies Record<string, Destination>;

const audienceOf = (d: Destination) =>
  d.kind === 'space'
    ? d.space === 'sponsor'
      ? 'shared'
      : 'private'
    : d.kind === 'hr'
      ? 'admin'
      : d.audience;

function message(
  destination: Destination,
  parts: Part[],
  overrides: Record<string, unknown> = {},
): OutboundMessage {
  return {
    audience: audienceOf(destination),
    destination,
    summary: words('A message'),
    blocks: [{ type: 'section', text: parts }],
    ...overrides,
  } as OutboundMessage;
}

async function gate(item: OutboundMessage | Form) {
  const decisions: GateDecision[] = [];
  const { logger, lines } = capturingLogger();
  const deps = {
    lookups,
    audit: async (d: GateDecision) => void decisions.push(d),
    logger,
    auditAllowed: true,
  };
  const outcome = await passOutboundGate(item, deps).then(
    () => 'allowed',
    (error: { code?: string }) => error.code,
  );
  return { outcome, decisions, lines };
}

const at = new Date('2026-12-03T14:00:00Z');

const privateHere = (readers: readonly string[] = ['client']) => privatePart(secret, E, readers);
const sharedWithCoach = ['client', 'coach'];

const refusals: [string, OutboundMessage | Form][] = [
  ['audience_mismatch', message(to.sponsor, [logistics('hello')], { audience: 'private' })],
  // A command hint holds a command name and an id: one carrying text, or naming no command, is refused.
  ['malformed_command', message(to.sponsor, [{ ...command('list'), text: canary } as never])],
  ['malformed_command', message(to.hr, [{ kind: 'command', command: canary } as never])],
  ['malformed_command', message(to.hr, [{ ...command('resume'), engagement: `${canary} x` } as never])],
  ['non_string_text', message(to.sponsor, [{ kind: 'logistics', text: secret } as never])],
  // A meeting time holds an instant and a zone name: one carrying text, or a time that is not RFC 3339 UTC, is refused.
  ['malformed_time', message(to.sponsor, [{ ...meetingTime(at, 'Europe/London'), text: canary } as never])],
  ['malformed_time', message(to.hr, [{ kind: 'time', at: canary, fallbackZone: 'UTC' } as never])],
  [
    'malformed_time',
    message(to.sponsor, [{ kind: 'time', at: '2026-12-03T14:00:00Z', fallbackZone: canary } as never]),
  ],
  ['sponsor_authored_to_admin', message(to.replyHr, [sponsorAuthored('expectations', E, 'sponsor')])],
  ['released_to_admin', message(to.hr, [released('live')])],
  ['private_to_admin', message(to.hr, [privateHere()])],
  ['private_to_admin', message(to.replyHr, [privateHere()])],
  ['other_engagement', message(to.sponsor, [sponsorAuthored('x', OTHER, 'sponsor')])],
  ['other_engagement', message(to.sponsor, [released('elsewhere', sharedText, OTHER)])],
  ['unknown_release', message(to.sponsor, [released('nope')])],
  ['unknown_release', message(to.sponsor, [{ ...released('elsewhere'), engagementId: E } as Part])],
  ['release_withdrawn', message(to.sponsor, [released('withdrawn')])],
  ['release_superseded', message(to.sponsor, [released('superseded')])],
  ['release_previewed', message(to.sponsor, [released('previewed')])],
  // The gate hashes the text it is shown, whatever hash the part or its row claims.
  ['release_hash_mismatch', message(to.sponsor, [released('live', 'Goal: another text')])],
  ['release_hash_mismatch', message(to.sponsor, [released('unconsented')])],
  ['private_not_sealed', message(to.dm, [{ kind: 'private', text: `${canary}`, engagementId: E } as never])],
  ['private_to_shared', message(to.sponsor, [privateHere(sharedWithCoach) as never])],
  ['private_to_non_reader', message(to.coaching, [privateHere(['client'])])],
  // Shared with a later coach only: the coach of this space is not among its readers.
  ['private_to_non_reader', message(to.coaching, [privateHere(['client', 'coach2'])])],
  // A payload written before readers existed is readable by nobody.
  ['private_to_non_reader', message(to.dm, [{ kind: 'private', text: secret, engagementId: E } as never])],
  ['unknown_space', message(to.coachingElsewhere, [privatePart(secret, OTHER, sharedWithCoach)])],
  ['private_to_other_person', message(to.replyOtherEngagement, [privatePart(secret, OTHER, ['coach'])])],
  ['private_to_other_person', message(to.replySponsorPrivate, [privateHere()])],
  ['private_to_other_person', message(to.replyCoach, [privateHere(['client'])])],
  ['private_to_other_person', message(to.replyNewCoach, [privateHere(sharedWithCoach)])],
  [
    'private_to_shared',
    {
      audience: 'shared',
      destination: to.sponsor,
      formId: 'f',
      title: words('t'),
      submitLabel: words('s'),
      context: {},
      fields: [
        { type: 'text', id: 'a', label: words('a'), multiline: true, maxLength: 9, initial: privateHere() },
      ],
    } as never,
  ],
];

/** Reasons the gate's code can produce that no well-typed destination reaches (kept as defence in depth). */
const unreachable = new Set([
  // An 'hr' destination always has the admin audience, so `${kind}_to_admin` answers first.
  'private_to_hr',
]);

describe('the outbound gate', () => {
  it.each(refusals)(
    'refuses %s, audits the refusal without content and raises an alert',
    async (reason, item) => {
      const { outcome, decisions, lines } = await gate(item);
      expect(outcome).toBe('confidentiality_violation');
      expect(decisions).toHaveLength(1);
      expect(decisions[0]).toMatchObject({ outcome: 'refused', details: { reason } });
      expect(lines.join('')).toContain('"alert":"confidentiality_violation"');
      expect(JSON.stringify(decisions) + lines.join('')).not.toContain(canary);
    },
  );

  it('covers every refusal reason the gate can give', () => {
    const source = readFileSync(
      new URL('../../src/confidentiality/outbound-gate.ts', import.meta.url),
      'utf8',
    );
    const literal = [...source.matchAll(/'([a-z]+(?:_[a-z]+)+)'/g)].map((m) => m[1] as string);
    const reasons = literal.filter(
      (r) =>
        !['outbound_gate', 'confidentiality_violation', 'client_and_coach', 'sponsor_authored'].includes(r),
    );
    const tested = new Set(refusals.map(([reason]) => reason));
    for (const kind of ['sponsor_authored', 'released', 'private'])
      expect(tested).toContain(`${kind}_to_admin`);
    for (const status of ['withdrawn', 'superseded', 'previewed'])
      expect(tested).toContain(`release_${status}`);
    for (const reason of reasons) expect(tested.has(reason) || unreachable.has(reason)).toBe(true);
  });

  it.each<[string, OutboundMessage]>([
    ['logistics to HR', message(to.hr, [logistics('Engagement started')])],
    [
      'a command hint to HR, in a sentence',
      message(to.replyHr, [logistics('Resume it with '), command('resume', '1a2b3c4d'), logistics('.')]),
    ],
    ['a client’s command hint in the sponsor space', message(to.sponsor, [command('goals')])],
    [
      'a meeting time in the sponsor space, its summary too',
      message(to.sponsor, [logistics('When: '), meetingTime(at, 'Europe/London')], {
        summary: timed`Kickoff meeting scheduled: ${meetingTime(at, 'Europe/London')}`,
      }),
    ],
    ['a meeting time to HR', message(to.hr, [meetingTime(at, 'America/New_York')])],
    [
      'sponsor-authored text in its sponsor space',
      message(to.sponsor, [sponsorAuthored('We expect…', E, 's')]),
    ],
    ['a live release in its sponsor space', message(to.sponsor, [released('live')])],
    ['private text in the client’s DM', message(to.dm, [privateHere()])],
    ['shared-with-coach text in the coaching space', message(to.coaching, [privateHere(sharedWithCoach)])],
    ['private text in a reply to the client', message(to.replyClient, [privateHere()])],
    [
      'shared-with-coach text in a reply to the coach',
      message(to.replyCoach, [privateHere(sharedWithCoach)]),
    ],
  ])('allows %s and audits it with counts only', async (_name, item) => {
    const { outcome, decisions, lines } = await gate(item);
    expect(outcome).toBe('allowed');
    expect(decisions[0]).toMatchObject({ outcome: 'allowed', action: 'outbound_gate' });
    expect(decisions[0]?.details).not.toHaveProperty('reason');
    expect(JSON.stringify(decisions) + lines.join('')).not.toContain(canary);
  });

  it('counts parts by provenance and names released ids, never texts', async () => {
    const item = message(to.sponsor, [
      logistics('Casey shared:'),
      released('live'),
      sponsorAuthored('ok', E, 's'),
      command('help'),
    ]);
    const { decisions } = await gate(item);
    expect(decisions[0]?.details).toEqual({
      destination: 'space:sponsor',
      audience: 'shared',
      parts: { logistics: 1, command: 1, time: 0, sponsor_authored: 1, released: 1, private: 0 },
      releaseIds: ['live'],
    });
  });

  it('checks the parts inside fields and form intros too', async () => {
    const inFields = {
      ...message(to.sponsor, []),
      blocks: [{ type: 'fields', fields: [{ label: words('Goal'), value: [privateHere()] }] }],
    } as never;
    expect((await gate(inFields)).outcome).toBe('confidentiality_violation');
    const intro = {
      audience: 'admin',
      destination: to.replyHr,
      formId: 'f',
      title: words('t'),
      submitLabel: words('s'),
      context: {},
      intro: [{ type: 'context', text: [privateHere()] }],
      fields: [],
    } as never;
    expect((await gate(intro)).outcome).toBe('confidentiality_violation');
  });
});

/**
 * The strings that are not parts: every one a platform shows (summary, headers, titles, labels, hints,
 * placeholders) must be Words, every one it carries back (button, option and picker values, form context and
 * initial choices) an opaque id. Each place is tried with what a cast could smuggle in.
 */
const MEETING = '00000000-0000-4000-8000-0000000000a1';

const everyString = (): OutboundMessage => ({
  audience: 'shared',
  destination: to.sponsor,
  summary: words('Kickoff scheduled'),
  blocks: [
    { type: 'header', text: words('Kickoff scheduled') },
    { type: 'fields', fields: [{ label: words('Casey'), value: [logistics('Tue 1 Dec, 09:00')] }] },
    {
      type: 'actions',
      elements: [
        { type: 'button', actionId: 'meeting.cancel', label: words('Cancel it'), value: opaque(MEETING) },
        {
          type: 'select',
          actionId: 'coach.select',
          placeholder: words('Choose a coach'),
          options: [{ label: words('Jane'), value: opaque(E, 'coach') }],
        },
        {
          type: 'datetime',
          actionId: 'meeting.reschedule',
          label: words('Move it'),
          value: opaque(MEETING),
          initial: opaque('2026-12-01T09:00'),
        },
      ],
    },
  ],
});

const everyFormString = (): Form => ({
  audience: 'private',
  destination: to.replyClient,
  formId: 'goal.edit',
  title: words('Edit your goal'),
  submitLabel: words('Save privately'),
  context: { engagementId: opaque(E) },
  intro: [{ type: 'header', text: words('Your goal') }],
  fields: [
    {
      type: 'text',
      id: 'goal',
      label: words('Your goal'),
      multiline: true,
      maxLength: 99,
      hint: words('One sentence'),
      initial: privateHere(),
    },
    {
      type: 'choice',
      id: 'cadence',
      label: words('Cadence'),
      options: [{ label: words('Weekly'), value: opaque('weekly') }],
      initial: opaque('weekly'),
    },
    {
      type: 'datetime',
      id: 'when',
      label: words('When'),
      timeZone: 'Europe/London',
      initial: opaque('2026-12-01T09:00'),
    },
    { type: 'users', id: 'coach', label: words('Coach'), max: 1 },
  ],
});

/** A copy of `item` with the value at `path` replaced (the item is built fresh each time). */
function smuggle<T>(item: T, path: readonly (string | number)[], value: unknown): T {
  let at = item as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1) as string | number] = value;
  return item;
}

const wordPlaces: [reason: string, make: () => OutboundMessage | Form, path: (string | number)[]][] = [
  ['summary_not_words', everyString, ['summary']],
  ['header_not_words', everyString, ['blocks', 0, 'text']],
  ['field_label_not_words', everyString, ['blocks', 1, 'fields', 0, 'label']],
  ['button_label_not_words', everyString, ['blocks', 2, 'elements', 0, 'label']],
  ['select_placeholder_not_words', everyString, ['blocks', 2, 'elements', 1, 'placeholder']],
  ['option_label_not_words', everyString, ['blocks', 2, 'elements', 1, 'options', 0, 'label']],
  ['picker_label_not_words', everyString, ['blocks', 2, 'elements', 2, 'label']],
  ['form_title_not_words', everyFormString, ['title']],
  ['form_submit_label_not_words', everyFormString, ['submitLabel']],
  ['header_not_words', everyFormString, ['intro', 0, 'text']],
  ['form_field_label_not_words', everyFormString, ['fields', 0, 'label']],
  ['form_field_label_not_words', everyFormString, ['fields', 3, 'label']],
  ['form_field_hint_not_words', everyFormString, ['fields', 0, 'hint']],
  ['option_label_not_words', everyFormString, ['fields', 1, 'options', 0, 'label']],
];

const valuePlaces: typeof wordPlaces = [
  ['button_value_not_opaque', everyString, ['blocks', 2, 'elements', 0, 'value']],
  ['option_value_not_opaque', everyString, ['blocks', 2, 'elements', 1, 'options', 0, 'value']],
  ['picker_value_not_opaque', everyString, ['blocks', 2, 'elements', 2, 'value']],
  ['picker_initial_not_opaque', everyString, ['blocks', 2, 'elements', 2, 'initial']],
  ['form_context_not_opaque', everyFormString, ['context', 'engagementId']],
  ['option_value_not_opaque', everyFormString, ['fields', 1, 'options', 0, 'value']],
  ['form_field_initial_not_opaque', everyFormString, ['fields', 1, 'initial']],
  ['form_field_initial_not_opaque', everyFormString, ['fields', 2, 'initial']],
];

const notWords: [string, unknown][] = [
  ['a bare string cast to Words', `${canary} typed in private`],
  ['a PrivateText', secret],
  ['a private part', privateHere()],
  ['a sponsor-authored part', sponsorAuthored(`${canary} typed in the thread`, E, 'sponsor')],
  ['a released part', released('live')],
  ['a logistics part whose text is private', { kind: 'logistics', text: secret }],
];

const notOpaque: [string, unknown][] = [
  ['text with spaces', `${canary} my private worry`],
  ['a PrivateText', secret],
  ['Words', words('Cancel it')],
  ['an over-long token', 'a'.repeat(151)],
  ['an empty string', ''],
  ['a line break', `${MEETING}\n`],
];

describe('the outbound gate on the strings that are not parts', () => {
  it.each([
    ['a message', everyString],
    ['a form', everyFormString],
  ])('allows %s whose every string is Words and every value an opaque id', async (_name, make) => {
    const { outcome, decisions } = await gate(make());
    expect(outcome).toBe('allowed');
    expect(decisions[0]?.details).not.toHaveProperty('reason');
  });

  it('allows them after the outbox’s JSON round trip (the delivery-time re-check)', async () => {
    const payload = deserializePayload(serializePayload({ type: 'message', message: everyString() }));
    expect(payload.type === 'message' && (await gate(payload.message)).outcome).toBe('allowed');
  });

  describe.each(wordPlaces)('%s', (reason, make, path) => {
    it.each(notWords)('refuses %s there, audited without content', async (_what, value) => {
      const { outcome, decisions, lines } = await gate(smuggle(make(), path, value));
      expect(outcome).toBe('confidentiality_violation');
      expect(decisions).toEqual([
        expect.objectContaining({ outcome: 'refused', details: expect.objectContaining({ reason }) }),
      ]);
      expect(JSON.stringify(decisions) + lines.join('')).not.toContain(canary);
    });
  });

  describe.each(valuePlaces)('%s', (reason, make, path) => {
    it.each(notOpaque)('refuses %s there, audited without content', async (_what, value) => {
      const { outcome, decisions, lines } = await gate(smuggle(make(), path, value));
      expect(outcome).toBe('confidentiality_violation');
      expect(decisions).toEqual([
        expect.objectContaining({ outcome: 'refused', details: expect.objectContaining({ reason }) }),
      ]);
      expect(JSON.stringify(decisions) + lines.join('')).not.toContain(canary);
    });
  });

  it.each<[string, () => OutboundMessage | Form, (string | number)[], unknown]>([
    [
      'unknown_block',
      everyString,
      ['blocks', 0],
      { type: 'image', url: 'https://example.com/x.png', alt: canary },
    ],
    [
      'unknown_control',
      everyString,
      ['blocks', 2, 'elements', 0],
      { type: 'link', url: canary, text: canary },
    ],
    [
      'unknown_field',
      everyFormString,
      ['fields', 3],
      { type: 'static', id: 'x', label: words('x'), text: canary },
    ],
  ])('refuses %s: its strings could not be checked', async (reason, make, path, value) => {
    const { outcome, decisions, lines } = await gate(smuggle(make(), path, value));
    expect(outcome).toBe('confidentiality_violation');
    expect(decisions[0]).toMatchObject({ outcome: 'refused', details: { reason } });
    expect(JSON.stringify(decisions) + lines.join('')).not.toContain(canary);
  });
});

describe('the outbound gate on a summary with meeting times', () => {
  const summary = () => timed`Kickoff meeting scheduled: ${meetingTime(at, 'Europe/London')}`;
  const withSummary = (value: unknown) =>
    message(to.sponsor, [logistics('Kickoff')], { summary: value }) as OutboundMessage;

  it('allows one, after the outbox’s JSON round trip too, and counts no content', async () => {
    const payload = deserializePayload(
      serializePayload({ type: 'message', message: withSummary(summary()) }),
    );
    expect(payload.type === 'message' && (await gate(payload.message)).outcome).toBe('allowed');
    expect(summary().text).toBe('Kickoff meeting scheduled: Thu 3 Dec 2026, 14:00 (London time)');
  });

  it.each<[string, unknown]>([
    ['text that is not its pieces’ fallback', { ...summary(), text: `${canary} typed in private` }],
    ['a private part among its pieces', { ...summary(), pieces: [privateHere()] }],
    ['a released part among its pieces', { ...summary(), pieces: [released('live')] }],
    [
      'a time carrying text',
      { ...summary(), pieces: [{ ...meetingTime(at, 'Europe/London'), text: canary }] },
    ],
    ['a PrivateText for its text', { ...summary(), text: secret }],
  ])('refuses %s, audited without content', async (_what, value) => {
    const { outcome, decisions, lines } = await gate(withSummary(value));
    expect(outcome).toBe('confidentiality_violation');
    expect(decisions[0]).toMatchObject({ outcome: 'refused', details: { reason: 'summary_not_words' } });
    expect(JSON.stringify(decisions) + lines.join('')).not.toContain(canary);
  });
});

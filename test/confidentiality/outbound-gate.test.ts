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
import type { Destination, Form, OutboundMessage } from '../../src/messages/message.js';
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
  triad: async (id) => (id === E ? { clientId: 'client', coachId: 'coach' } : undefined),
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
    summary: 'A message',
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

const privateHere = (visibility: 'client' | 'client_and_coach' = 'client') =>
  privatePart(secret, E, visibility);

const refusals: [string, OutboundMessage | Form][] = [
  ['audience_mismatch', message(to.sponsor, [logistics('hello')], { audience: 'private' })],
  ['non_string_text', message(to.sponsor, [{ kind: 'logistics', text: secret } as never])],
  ['non_string_text', message(to.sponsor, [logistics('ok')], { summary: secret })],
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
  ['private_to_shared', message(to.sponsor, [privateHere('client_and_coach') as never])],
  ['client_only_to_coaching', message(to.coaching, [privateHere('client')])],
  ['unknown_engagement', message(to.replyOtherEngagement, [privatePart(secret, OTHER)])],
  ['private_to_other_person', message(to.replySponsorPrivate, [privateHere()])],
  ['private_to_other_person', message(to.replyCoach, [privateHere('client')])],
  [
    'private_to_shared',
    {
      audience: 'shared',
      destination: to.sponsor,
      formId: 'f',
      title: 't',
      submitLabel: 's',
      context: {},
      fields: [{ type: 'text', id: 'a', label: 'a', multiline: true, maxLength: 9, initial: privateHere() }],
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
      'sponsor-authored text in its sponsor space',
      message(to.sponsor, [sponsorAuthored('We expect…', E, 's')]),
    ],
    ['a live release in its sponsor space', message(to.sponsor, [released('live')])],
    ['private text in the client’s DM', message(to.dm, [privateHere()])],
    ['shared-with-coach text in the coaching space', message(to.coaching, [privateHere('client_and_coach')])],
    ['private text in a reply to the client', message(to.replyClient, [privateHere()])],
    [
      'shared-with-coach text in a reply to the coach',
      message(to.replyCoach, [privateHere('client_and_coach')]),
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
    ]);
    const { decisions } = await gate(item);
    expect(decisions[0]?.details).toEqual({
      destination: 'space:sponsor',
      audience: 'shared',
      parts: { logistics: 1, sponsor_authored: 1, released: 1, private: 0 },
      releaseIds: ['live'],
    });
  });

  it('checks the parts inside fields and form intros too', async () => {
    const inFields = {
      ...message(to.sponsor, []),
      blocks: [{ type: 'fields', fields: [{ label: 'Goal', value: [privateHere()] }] }],
    } as never;
    expect((await gate(inFields)).outcome).toBe('confidentiality_violation');
    const intro = {
      audience: 'admin',
      destination: to.replyHr,
      formId: 'f',
      title: 't',
      submitLabel: 's',
      context: {},
      intro: [{ type: 'context', text: [privateHere()] }],
      fields: [],
    } as never;
    expect((await gate(intro)).outcome).toBe('confidentiality_violation');
  });
});

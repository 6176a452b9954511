import { describe, expect, it } from 'vitest';
import { cardDataOf, readCardAction } from '../../../../adapters/teams/render/card-data.js';
import { formFieldValue, renderFormCard } from '../../../../adapters/teams/render/form-card.js';
import { renderMessageActivity, renderMessageCard } from '../../../../adapters/teams/render/message-card.js';
import { type GateDeps, passOutboundGate } from '../../../../src/confidentiality/outbound-gate.js';
import { logistics, privatePart, sponsorAuthored } from '../../../../src/confidentiality/parts.js';
import { PrivateText } from '../../../../src/confidentiality/private-text.js';
import { opaque, words } from '../../../../src/confidentiality/words.js';
import type { Form, OutboundMessage } from '../../../../src/messages/message.js';
import { cardProblems } from '../support/validate-card.js';

const ENGAGEMENT = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const CLIENT = '0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f';
const OUTBOX = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

const gate: GateDeps = {
  lookups: {
    release: async () => undefined,
    spaceReaders: async () => [CLIENT],
    hashMatches: () => false,
  },
  audit: async () => {},
  logger: { child: () => gate.logger, debug() {}, info() {}, warn() {}, error() {} } as never,
  auditAllowed: false,
};

const everything: OutboundMessage<'private'> = {
  audience: 'private',
  destination: { kind: 'space', engagementId: ENGAGEMENT, space: 'client_dm' },
  summary: words('Everything a card can hold'),
  blocks: [
    { type: 'header', text: words('A header for **Jane**') },
    {
      type: 'section',
      text: [
        logistics('Plain words with [a link](https://evil.example) and <at>Sam</at> '),
        privatePart(PrivateText.of('my private answer'), ENGAGEMENT, [CLIENT]),
      ],
    },
    { type: 'divider' },
    {
      type: 'fields',
      fields: [
        { label: words('Jane'), value: [logistics('Mon 1 Dec, 14:30')] },
        { label: words('Sam'), value: [logistics('Mon 1 Dec, 09:30')] },
      ],
    },
    { type: 'context', text: [logistics('A quieter note.')] },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          actionId: 'reflection.answer',
          label: words('Answer'),
          value: opaque('p-1'),
          style: 'primary',
        },
        {
          type: 'button',
          actionId: 'meeting.cancel',
          label: words('Cancel it'),
          value: opaque('m-1'),
          style: 'danger',
        },
        {
          type: 'datetime',
          actionId: 'meeting.reschedule',
          label: words('Move it'),
          value: opaque('m-1'),
          initial: opaque('2026-12-01T14:30'),
        },
        {
          type: 'datetime',
          actionId: 'meeting.schedule',
          label: words('Schedule the closing meeting'),
          value: opaque('m-2'),
        },
        {
          type: 'button',
          actionId: 'session.schedule',
          label: words('Schedule a session'),
          value: opaque(ENGAGEMENT),
        },
        {
          type: 'select',
          actionId: 'relay.choose',
          placeholder: words('Pick one'),
          options: [
            { label: words('One'), value: opaque('1') },
            { label: words('Two'), value: opaque('2') },
          ],
        },
      ],
    },
  ],
};

const form: Form<'private'> = {
  audience: 'private',
  destination: { kind: 'reply', audience: 'private', personId: CLIENT, engagementId: ENGAGEMENT },
  formId: 'reflection.answer',
  title: words('Your reflection'),
  submitLabel: words('Save'),
  context: { promptId: opaque('p-1') },
  intro: [{ type: 'section', text: [logistics('What did you learn this week?')] }],
  fields: [
    {
      type: 'text',
      id: 'answer',
      label: words('Your answer'),
      multiline: true,
      maxLength: 3000,
      initial: privatePart(PrivateText.of('earlier answer'), ENGAGEMENT, [CLIENT]),
    },
    {
      type: 'text',
      id: 'note',
      label: words('A note'),
      multiline: false,
      maxLength: 100,
      optional: true,
      hint: words('optional'),
    },
    { type: 'users', id: 'coaches', label: words('Coaches'), max: 5 },
    { type: 'users', id: 'client', label: words('Client'), max: 1 },
    {
      type: 'choice',
      id: 'cadence',
      label: words('Cadence'),
      options: [{ label: words('Weekly'), value: opaque('weekly') }],
      initial: opaque('weekly'),
    },
    { type: 'datetime', id: 'when', label: words('When'), timeZone: 'Europe/London' },
  ],
};

describe('Teams cards', () => {
  it('render every block and control as a valid Adaptive Card 1.5', async () => {
    const card = renderMessageCard(await passOutboundGate(everything, gate), { outboxId: OUTBOX });
    expect(cardProblems(card)).toEqual([]);
  });

  it('show typed text literally: text runs are never read as Markdown', async () => {
    const json = JSON.stringify(renderMessageCard(await passOutboundGate(everything, gate)));
    expect(json).not.toContain('"type":"TextBlock"');
    expect(json).toContain('[a link](https://evil.example) and <at>Sam</at> my private answer');
  });

  it('carry only ids in action data, with the outbox id for refreshing; a button to private text opens a dialog', async () => {
    const card = renderMessageCard(await passOutboundGate(everything, gate), { outboxId: OUTBOX });
    const actions: { type: string; data: Record<string, unknown> }[] = [];
    JSON.stringify(card, (_key, value) => {
      if (value && typeof value === 'object' && 'data' in value && String(value.type).startsWith('Action.')) {
        actions.push(value);
      }
      return value;
    });
    expect(actions.length).toBe(6);
    const [answer, ...inPlace] = actions;
    expect(answer).toMatchObject({
      type: 'Action.Submit',
      data: { msteams: { type: 'task/fetch' }, actionId: 'reflection.answer', value: 'p-1' },
    });
    for (const action of inPlace) expect(action.data.outboxId).toBe(OUTBOX);
    expect(JSON.stringify(actions)).not.toContain('my private answer');
  });

  it('render a form with every field type as a valid card', async () => {
    const card = renderFormCard(await passOutboundGate(form, gate));
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('"value":"earlier answer"');
  });

  it('keep the actions and say so when the content is too long for Teams', async () => {
    const long = 'word '.repeat(900);
    const many: OutboundMessage<'private'> = {
      ...everything,
      blocks: [
        ...Array.from({ length: 12 }, () => ({ type: 'section' as const, text: [logistics(long)] })),
        everything.blocks[5] as never,
      ],
    };
    const activity = renderMessageActivity(await passOutboundGate(many, gate));
    const card = activity.attachments[0].content;
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card).length).toBeLessThan(25_000);
    expect(JSON.stringify(card)).toContain('(truncated)');
    expect(JSON.stringify(card)).toContain('"actionId":"meeting.cancel"');
  });
});

describe('Teams card actions read back', () => {
  it('from an Action.Execute invoke, with inputs merged into the data', () => {
    const data = cardDataOf({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'meeting.schedule',
          data: {
            actionId: 'meeting.schedule',
            value: 'm-1',
            field: 'f1',
            f1_date: '2026-12-01',
            f1_time: '14:30',
          },
        },
      },
    });
    expect(readCardAction(data ?? {})).toEqual({
      ok: true,
      action: {
        actionId: 'meeting.schedule',
        value: 'm-1',
        field: 'f1',
        inputs: { f1_date: '2026-12-01', f1_time: '14:30' },
      },
    });
  });

  it('from an Action.Submit message, and a form submission with its context', () => {
    const data = cardDataOf({
      type: 'message',
      value: {
        actionId: 'form.submit',
        formId: 'reflection.answer',
        context: { promptId: 'p-1' },
        answer: 'text',
      },
    });
    expect(readCardAction(data ?? {})).toMatchObject({
      ok: true,
      action: { formId: 'reflection.answer', context: { promptId: 'p-1' }, inputs: { answer: 'text' } },
    });
  });

  it.each([
    ['no action id', { value: 'x' }],
    ['an action id that is not one', { actionId: 'DROP TABLE' }],
    ['a value too long', { actionId: 'meeting.held', value: 'x'.repeat(300) }],
    ['an outbox id that is not a uuid', { actionId: 'meeting.held', outboxId: 'nope' }],
    ['a context that is not ids', { actionId: 'form.submit', formId: 'x', context: { a: { b: 1 } } }],
  ])('refuses %s', (_case, data) => {
    expect(readCardAction(data as Record<string, unknown>).ok).toBe(false);
  });

  it('joins a submitted date and time into a local date-time', () => {
    const field = form.fields[5] as Form['fields'][number];
    expect(formFieldValue(field, { when_date: '2026-12-01', when_time: '14:30:00' })).toBe(
      '2026-12-01T14:30',
    );
    expect(formFieldValue(field, { when_date: '2026-12-01' })).toBeUndefined();
  });
});

it('keeps the sponsor-authored provenance out of the way of rendering', async () => {
  const shared: OutboundMessage<'shared'> = {
    audience: 'shared',
    destination: { kind: 'space', engagementId: ENGAGEMENT, space: 'sponsor' },
    summary: words('Sponsor expectations'),
    blocks: [{ type: 'section', text: [sponsorAuthored('Lead Q3 planning', ENGAGEMENT, 'sponsor-1')] }],
  };
  expect(JSON.stringify(renderMessageCard(await passOutboundGate(shared, gate)))).toContain(
    'Lead Q3 planning',
  );
});

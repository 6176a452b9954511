import { describe, expect, it } from 'vitest';
import { readFormMetadata, readFormValues, renderForm } from '../../../../adapters/slack/render/form.js';
import type { Gated } from '../../../../src/confidentiality/outbound-gate.js';
import { privatePart } from '../../../../src/confidentiality/parts.js';
import { PrivateText } from '../../../../src/confidentiality/private-text.js';
import { opaque, words } from '../../../../src/confidentiality/words.js';
import type { Form } from '../../../../src/messages/message.js';

const form = (overrides: Partial<Form> = {}) =>
  ({
    audience: 'private',
    destination: { kind: 'reply', audience: 'private', personId: 'p1', engagementId: 'e1' },
    formId: 'reflection.answer',
    title: words('Your reflection for this week, in private'),
    submitLabel: words('Save'),
    context: { promptId: opaque('pr-1'), engagementId: opaque('e1') },
    fields: [
      {
        type: 'text',
        id: 'answer',
        label: words('Answer'),
        multiline: true,
        maxLength: 5000,
        initial: privatePart(PrivateText.of('draft <!channel>'), 'e1', ['client']),
        hint: words('Only you see this.'),
      },
      { type: 'users', id: 'coaches', label: words('Coaches'), max: 5 },
      { type: 'users', id: 'client', label: words('Client'), max: 1 },
      {
        type: 'choice',
        id: 'cadence',
        label: words('Cadence'),
        initial: opaque('weekly'),
        options: [
          { label: words('Weekly'), value: opaque('weekly') },
          { label: words('Fortnightly'), value: opaque('fortnightly') },
        ],
      },
      {
        type: 'datetime',
        id: 'when',
        label: words('When'),
        timeZone: 'Europe/Berlin',
        initial: opaque('2026-12-01T09:00:00Z'),
      },
    ],
    ...overrides,
  }) as Gated<Form>;

describe('forms as Slack modals', () => {
  it('renders each field as an input whose block id is the field id, within Slack limits', () => {
    const view = renderForm(form(), { ch: 'C1' });
    expect(view.callback_id).toBe('reflection.answer');
    expect((view.title as { text: string }).text.length).toBeLessThanOrEqual(24);
    const blocks = view.blocks as unknown as { block_id: string; element: Record<string, unknown> }[];
    expect(blocks.map((b) => [b.block_id, b.element.type])).toEqual([
      ['answer', 'plain_text_input'],
      ['coaches', 'multi_users_select'],
      ['client', 'users_select'],
      ['cadence', 'static_select'],
      ['when', 'datetimepicker'],
    ]);
    expect(blocks[0]?.element).toMatchObject({ initial_value: 'draft <!channel>', max_length: 3000 });
    expect(blocks[4]?.element.initial_date_time).toBe(Date.parse('2026-12-01T09:00:00Z') / 1000);
    expect(readFormMetadata(view.private_metadata)).toEqual({
      c: { promptId: 'pr-1', engagementId: 'e1' },
      ch: 'C1',
    });
  });

  it('reads submitted values by field id', () => {
    expect(
      readFormValues({
        answer: { value: { type: 'plain_text_input', value: 'typed' } },
        coaches: { value: { type: 'multi_users_select', selected_users: ['U1', 'U2'] } },
        client: { value: { type: 'users_select', selected_user: 'U3' } },
        cadence: { value: { type: 'static_select', selected_option: { value: 'weekly' } } },
        when: { value: { type: 'datetimepicker', selected_date_time: 1764579600 } },
        empty: { value: { type: 'plain_text_input', value: null } },
      }),
    ).toEqual({
      answer: 'typed',
      coaches: ['U1', 'U2'],
      client: 'U3',
      cadence: 'weekly',
      when: 1764579600,
      empty: undefined,
    });
  });

  it('treats unreadable metadata as empty rather than failing', () => {
    expect(readFormMetadata('not json')).toEqual({ c: {} });
    expect(readFormMetadata(JSON.stringify({ c: { a: 1, b: 'x' } }))).toEqual({ c: { b: 'x' } });
  });
});

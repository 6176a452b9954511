import { describe, expect, it } from 'vitest';
import { renderBlocks, renderMessage } from '../../../../adapters/slack/render/blocks.js';
import { controlValue } from '../../../../adapters/slack/render/controls.js';
import { escapeMrkdwn, splitText, truncate } from '../../../../adapters/slack/render/text.js';
import type { Gated } from '../../../../src/confidentiality/outbound-gate.js';
import { logistics, privatePart } from '../../../../src/confidentiality/parts.js';
import { PrivateText } from '../../../../src/confidentiality/private-text.js';
import { opaque, words } from '../../../../src/confidentiality/words.js';
import type { Block, OutboundMessage } from '../../../../src/messages/message.js';

const gated = (message: OutboundMessage) => message as Gated<OutboundMessage>;
const dm = { kind: 'space', engagementId: 'e1', space: 'client_dm' } as const;
const section = (text: string): Block => ({ type: 'section', text: [logistics(text)] });

describe('escaping typed text', () => {
  it.each([
    ['<!channel> look', '&lt;!channel&gt; look'],
    ['<https://evil.example|click me>', '&lt;https://evil.example|click me&gt;'],
    ['<@U123> & co', '&lt;@U123&gt; &amp; co'],
  ])('shows %s literally', (typed, shown) => {
    expect(escapeMrkdwn(typed)).toBe(shown);
  });

  it('escapes private text in a DM and the notification summary', () => {
    const rendered = renderMessage(
      gated({
        audience: 'private',
        destination: dm,
        summary: words('Hi <!here>'),
        blocks: [
          { type: 'section', text: [privatePart(PrivateText.of('my <!channel> note'), 'e1', ['client'])] },
        ],
      }),
    );
    expect(rendered.text).toBe('Hi &lt;!here&gt;');
    expect(JSON.stringify(rendered.blocks)).toContain('my &lt;!channel&gt; note');
    expect(JSON.stringify(rendered)).not.toContain('<!');
  });
});

describe('Block Kit limits', () => {
  it('splits a long section into several sections of at most 3000 characters, losing nothing', () => {
    const long = Array.from({ length: 900 }, (_, i) => `word${i}`).join(' ');
    const blocks = renderBlocks([section(long)], 50) as { text: { text: string } }[];
    expect(blocks.length).toBeGreaterThan(1);
    for (const block of blocks) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    expect(blocks.map((b) => b.text.text).join(' ')).toBe(long);
  });

  it('never splits an escape sequence in two', () => {
    const text = `${'a'.repeat(2998)}<<<<`;
    const chunks = splitText(escapeMrkdwn(text), 3000);
    expect(chunks.every((c) => !/&[a-z]*$/.test(c))).toBe(true);
    expect(chunks.join('')).toBe(escapeMrkdwn(text));
  });

  it('cuts a header to 150 characters with a visible note', () => {
    const [header] = renderBlocks([{ type: 'header', text: words('H'.repeat(400)) }], 50) as {
      text: { text: string };
    }[];
    expect(header?.text.text.length).toBeLessThanOrEqual(150);
    expect(header?.text.text).toMatch(/\(truncated\)$/);
  });

  it('cuts a button label to 75 characters', () => {
    const [actions] = renderBlocks(
      [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              actionId: 'reflection.answer',
              label: words('L'.repeat(200)),
              value: opaque('id'),
            },
          ],
        },
      ],
      50,
    ) as { elements: { text: { text: string } }[] }[];
    expect(actions?.elements[0]?.text.text.length).toBeLessThanOrEqual(75);
    expect(truncate('short', 75)).toBe('short');
  });

  it('keeps at most 50 blocks, says how many were left out, and keeps the buttons', () => {
    const blocks: Block[] = Array.from({ length: 80 }, (_, i) => section(`line ${i}`));
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', actionId: 'meeting.held', label: words('Go'), value: opaque('v') }],
    });
    const rendered = renderBlocks(blocks, 50);
    expect(rendered).toHaveLength(50);
    const json = JSON.stringify(rendered);
    expect(json).toContain('(truncated) 32 more blocks not shown.');
    expect(rendered.at(-1)).toMatchObject({ type: 'actions' });
  });
});

describe('controls', () => {
  it('renders a date-time picker with a label and carries its value in the block id', () => {
    const rendered = renderBlocks(
      [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              actionId: 'sponsor.expectations',
              label: words('Share'),
              value: opaque('eng-1'),
            },
            {
              type: 'datetime',
              actionId: 'meeting.schedule',
              label: words('Schedule the kickoff'),
              value: opaque('meet-1'),
            },
          ],
        },
      ],
      50,
    ) as { type: string; block_id?: string; elements: { type: string; value?: string }[] }[];
    expect(rendered.map((b) => b.type)).toEqual(['actions', 'context', 'actions']);
    const picker = rendered[2];
    expect(picker?.elements[0]?.type).toBe('datetimepicker');
    expect(controlValue({ type: 'datetimepicker', block_id: picker?.block_id })).toBe('meet-1');
    expect(controlValue({ type: 'button', value: 'eng-1' })).toBe('eng-1');
    expect(controlValue({ type: 'static_select', selected_option: { value: 'c-2' } })).toBe('c-2');
  });
});

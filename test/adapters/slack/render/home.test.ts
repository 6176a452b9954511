import { describe, expect, it } from 'vitest';
import { renderHome } from '../../../../adapters/slack/render/home.js';
import type { Gated } from '../../../../src/confidentiality/outbound-gate.js';
import { logistics } from '../../../../src/confidentiality/parts.js';
import { words } from '../../../../src/confidentiality/words.js';
import type { OutboundMessage } from '../../../../src/messages/message.js';

const section = (title: string, lines: number) =>
  ({
    audience: 'admin',
    destination: { kind: 'reply', audience: 'admin', personId: 'p' },
    summary: words(title),
    blocks: [
      { type: 'header', text: words(title) },
      ...Array.from({ length: lines }, (_, i) => ({
        type: 'section',
        text: [logistics(`${title} line ${i}`)],
      })),
    ],
  }) as unknown as Gated<OutboundMessage>;

describe('the Home tab', () => {
  it('divides the sections of each engagement', () => {
    const view = renderHome([section('Your coaching', 2), section('Sponsoring jane', 1)]);
    expect(view.type).toBe('home');
    expect(view.blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'divider',
      'header',
      'section',
    ]);
  });

  it('stays within 100 blocks and says what it left out', () => {
    const view = renderHome([section('A', 60), section('B', 60)]);
    expect(view.blocks).toHaveLength(100);
    expect(JSON.stringify(view.blocks.at(-1))).toContain('(truncated) 24 more blocks not shown.');
  });
});

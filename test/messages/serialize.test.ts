import { describe, expect, it } from 'vitest';
import { privatePart } from '../../src/confidentiality/parts.js';
import { isPrivateText, PrivateText, revealPrivateText } from '../../src/confidentiality/private-text.js';
import { words } from '../../src/confidentiality/words.js';
import type { OutboundMessage } from '../../src/messages/message.js';
import { deserializePayload, serializePayload } from '../../src/messages/serialize.js';

const E = '00000000-0000-4000-8000-00000000000e';
const canary = 'CANARY-serialize-71c2';

const message = (text: OutboundMessage['blocks'][number]): OutboundMessage =>
  ({
    audience: 'private',
    destination: { kind: 'space', engagementId: E, space: 'client_dm' },
    summary: words('A question'),
    blocks: [text],
  }) as OutboundMessage;

describe('outbox payloads', () => {
  it('come back as written when they hold no private text', () => {
    const written = message({ type: 'section', text: [{ kind: 'logistics', text: 'Reflection time' }] });
    const read = deserializePayload(serializePayload({ type: 'message', message: written }));
    expect(read).toEqual({ type: 'message', message: written });
  });

  it('keep a private text and a logistics text that reads like its placeholder apart', () => {
    const placeholder = `${String(PrivateText.of(canary))} is how private text prints`;
    const part = privatePart(PrivateText.of(`${canary} a worry`), E, [E]);
    const written = message({ type: 'section', text: [{ kind: 'logistics', text: placeholder }, part] });
    const json = serializePayload({ type: 'message', message: written });
    expect(json).toContain(`"${canary} a worry"`);
    const read = deserializePayload(json);
    if (read.type !== 'message') throw new Error('not a message');
    const block = read.message.blocks[0];
    const [logistics, revived] = block?.type === 'section' ? block.text : [];
    expect(logistics).toEqual({ kind: 'logistics', text: placeholder });
    expect(revealPrivateText((revived as { text: PrivateText }).text)).toBe(`${canary} a worry`);
    const alone = message({ type: 'section', text: [{ kind: 'logistics', text: placeholder }] });
    expect(deserializePayload(serializePayload({ type: 'message', message: alone }))).toEqual({
      type: 'message',
      message: alone,
    });
  });

  it('revive private text, whether its tag is written as is or escaped', () => {
    const part = privatePart(PrivateText.of(`${canary} a worry`), E, [E]);
    const json = serializePayload({ type: 'message', message: message({ type: 'section', text: [part] }) });
    const escaped = json.replace('"$private"', '"\\u0024private"');
    expect(escaped).not.toContain('$private');
    for (const written of [json, escaped]) {
      const read = deserializePayload(written);
      if (read.type !== 'message') throw new Error('not a message');
      const block = read.message.blocks[0];
      const [revived] = block?.type === 'section' ? block.text : [];
      expect(revived?.kind).toBe('private');
      expect(isPrivateText((revived as { text: unknown }).text)).toBe(true);
    }
  });
});

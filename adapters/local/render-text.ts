import type { Gated } from '../../src/confidentiality/outbound-gate.js';
import type { Part } from '../../src/confidentiality/parts.js';
import { revealPrivateText } from '../../src/confidentiality/private-text.js';
import type { Block, Control, Form, OutboundMessage } from '../../src/messages/message.js';

/** Renders gated core messages and forms as terminal text for the local adapter. */
const partText = (part: Part): string => {
  switch (part.kind) {
    case 'private':
      return revealPrivateText(part.text);
    case 'released':
      return `“${part.text}”`;
    default:
      return part.text;
  }
};

const inline = (parts: readonly Part[]) => parts.map(partText).join('');

const control = (c: Control): string => {
  switch (c.type) {
    case 'button':
      return `[${c.label}] (${c.actionId} ${c.value})`;
    case 'select':
      return `[${c.placeholder}: ${c.options.map((o) => `${o.label}=${o.value}`).join(', ')}] (${c.actionId})`;
    case 'datetime':
      return `[${c.label} 📅] (${c.actionId} ${c.value})`;
  }
};

export function renderBlocks(blocks: readonly Block[]): string[] {
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'header':
        lines.push(`== ${block.text} ==`);
        break;
      case 'section':
        lines.push(inline(block.text));
        break;
      case 'context':
        lines.push(`  (${inline(block.text)})`);
        break;
      case 'fields':
        for (const field of block.fields) lines.push(`  ${field.label}: ${inline(field.value)}`);
        break;
      case 'divider':
        lines.push('  ---');
        break;
      case 'actions':
        lines.push(`  ${block.elements.map(control).join('  ')}`);
        break;
    }
  }
  return lines;
}

export function renderMessageText(message: Gated<OutboundMessage>): string {
  return renderBlocks(message.blocks).join('\n');
}

export function renderFormText(form: Gated<Form>): string {
  const lines = [`<< form: ${form.title} >>`, ...renderBlocks(form.intro ?? [])];
  for (const field of form.fields) {
    const initial = field.type === 'text' && field.initial ? ` (now: ${partText(field.initial)})` : '';
    lines.push(`  - ${field.label} [${field.id}]${initial}`);
  }
  lines.push(`  [${form.submitLabel}]`);
  return lines.join('\n');
}

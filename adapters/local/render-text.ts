import type { Gated } from '../../src/confidentiality/outbound-gate.js';
import type { Part } from '../../src/confidentiality/parts.js';
import { revealPrivateText } from '../../src/confidentiality/private-text.js';
import {
  type Phrase,
  type PhraseDialect,
  renderHint,
  renderPhrase,
} from '../../src/messages/command-hint.js';
import type { Block, Control, Form, OutboundMessage } from '../../src/messages/message.js';

/**
 * Renders gated core messages and forms as terminal text for the local adapter. A control is shown by
 * `controlLabel`, which the local platform uses to number buttons per person (`[#3 Answer]`); by default
 * it shows the action id and value, for tests and logs of ids.
 */
export type ControlLabel = (control: Control) => string;

/**
 * The local demo's words for a command hint: HR types `/coaching …`, a client types their words in their DM.
 * Slack's markup in shared parser messages (`code`) is shown plainly in a terminal.
 */
const localDialect: PhraseDialect = {
  text: (text) => text.replace(/`([^`]*)`/g, '$1'),
  hrCommand: (typed) => `/coaching ${typed}`,
  clientWord: (typed) => `type ${typed} in your DM with Triad`,
};

/** A phrase as terminal text. */
export const phraseText = (words: Phrase): string => renderPhrase(words, localDialect);

export const partText = (part: Part): string => {
  switch (part.kind) {
    case 'command':
      return renderHint(part, localDialect);
    case 'private':
      return revealPrivateText(part.text);
    case 'released':
      return `“${part.text}”`;
    default:
      return part.text;
  }
};

const inline = (parts: readonly Part[]) => parts.map(partText).join('');

export const describeControl: ControlLabel = (c) => {
  switch (c.type) {
    case 'button':
      return `[${c.label.text}] (${c.actionId} ${c.value})`;
    case 'select':
      return `[${c.placeholder.text}: ${c.options.map((o) => `${o.label.text}=${o.value}`).join(', ')}] (${c.actionId})`;
    case 'datetime':
      return `[${c.label.text} 📅] (${c.actionId} ${c.value})`;
  }
};

export function renderBlocks(
  blocks: readonly Block[],
  controlLabel: ControlLabel = describeControl,
): string[] {
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'header':
        lines.push(`== ${block.text.text} ==`);
        break;
      case 'section':
        lines.push(inline(block.text));
        if (block.image) lines.push(`  [photo: ${block.image.url.text}]`);
        break;
      case 'context':
        lines.push(`  (${inline(block.text)})`);
        break;
      case 'fields':
        for (const field of block.fields) lines.push(`  ${field.label.text}: ${inline(field.value)}`);
        break;
      case 'divider':
        lines.push('  ---');
        break;
      case 'actions':
        lines.push(`  ${block.elements.map(controlLabel).join('  ')}`);
        break;
    }
  }
  return lines;
}

/** The controls of a message or form, in the order they are shown. */
export function controlsOf(blocks: readonly Block[]): Control[] {
  return blocks.flatMap((block) => (block.type === 'actions' ? [...block.elements] : []));
}

export function renderMessageText(message: Gated<OutboundMessage>, controlLabel?: ControlLabel): string {
  return renderBlocks(message.blocks, controlLabel).join('\n');
}

export function renderFormText(form: Gated<Form>, controlLabel?: ControlLabel): string {
  const lines = [`<< form: ${form.title.text} >>`, ...renderBlocks(form.intro ?? [], controlLabel)];
  form.fields.forEach((field, index) => {
    const initial = field.type === 'text' && field.initial ? ` (now: ${partText(field.initial)})` : '';
    const choices = field.type === 'choice' ? ` (${field.options.map((o) => o.label.text).join(' / ')})` : '';
    lines.push(`  ${index + 1}. ${field.label.text}${choices}${initial}`);
  });
  lines.push(`  [${form.submitLabel.text}]`);
  return lines.join('\n');
}

import type { Gated } from '../../src/confidentiality/outbound-gate.js';
import type { Part } from '../../src/confidentiality/parts.js';
import { revealPrivateText } from '../../src/confidentiality/private-text.js';
import type { Summary } from '../../src/confidentiality/words.js';
import { formatMeetingTime } from '../../src/engagement/meeting-time.js';
import {
  type Phrase,
  type PhraseDialect,
  renderHint,
  renderPhrase,
} from '../../src/messages/command-hint.js';
import type { Block, Control, Form, OutboundMessage } from '../../src/messages/message.js';
import { type TimePart, timeFallback } from '../../src/messages/time-part.js';

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

/** A meeting time in the reader's own zone when the renderer knows it, else in its fallback zone. */
const timeText = (part: TimePart, readerZone?: string): string =>
  readerZone === undefined ? timeFallback(part) : formatMeetingTime(new Date(part.at), readerZone);

/** A notification summary as terminal text, its meeting times in the reader's zone when known. */
export const summaryText = (summary: Summary, readerZone?: string): string =>
  summary.kind === 'logistics'
    ? summary.text
    : summary.pieces
        .map((piece) => (piece.kind === 'time' ? timeText(piece, readerZone) : piece.text))
        .join('');

export const partText = (part: Part, readerZone?: string): string => {
  switch (part.kind) {
    case 'command':
      return renderHint(part, localDialect);
    case 'private':
      return revealPrivateText(part.text);
    case 'released':
      return `“${part.text}”`;
    case 'time':
      return timeText(part, readerZone);
    default:
      return part.text;
  }
};

const inline = (parts: readonly Part[], readerZone?: string) =>
  parts.map((part) => partText(part, readerZone)).join('');

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

/** `readerZone`: the zone of the person who reads the text, when known (meeting times are shown in it). */
export function renderBlocks(
  blocks: readonly Block[],
  controlLabel: ControlLabel = describeControl,
  readerZone?: string,
): string[] {
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'header':
        lines.push(`== ${block.text.text} ==`);
        break;
      case 'section':
        lines.push(inline(block.text, readerZone));
        if (block.image) lines.push(`  [photo: ${block.image.url.text}]`);
        break;
      case 'context':
        lines.push(`  (${inline(block.text, readerZone)})`);
        break;
      case 'fields':
        for (const field of block.fields)
          lines.push(`  ${field.label.text}: ${inline(field.value, readerZone)}`);
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

export function renderMessageText(
  message: Gated<OutboundMessage>,
  controlLabel?: ControlLabel,
  readerZone?: string,
): string {
  return renderBlocks(message.blocks, controlLabel, readerZone).join('\n');
}

export function renderFormText(form: Gated<Form>, controlLabel?: ControlLabel, readerZone?: string): string {
  const lines = [
    `<< form: ${form.title.text} >>`,
    ...renderBlocks(form.intro ?? [], controlLabel, readerZone),
  ];
  form.fields.forEach((field, index) => {
    const initial = field.type === 'text' && field.initial ? ` (now: ${partText(field.initial)})` : '';
    const choices = field.type === 'choice' ? ` (${field.options.map((o) => o.label.text).join(' / ')})` : '';
    lines.push(`  ${index + 1}. ${field.label.text}${choices}${initial}`);
  });
  lines.push(`  [${form.submitLabel.text}]`);
  return lines.join('\n');
}

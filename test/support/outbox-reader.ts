import type { Part } from '../../src/confidentiality/parts.js';
import { isPrivateText, revealPrivateText } from '../../src/confidentiality/private-text.js';
import { outboxRow } from '../../src/confidentiality/sealed-rows.js';
import type { OutboxEntry } from '../../src/engagement/records.js';
import { commandText, type Phrase, renderPhrase } from '../../src/messages/command-hint.js';
import type { Block, Control, OutboundMessage, SpaceKind } from '../../src/messages/message.js';
import { deserializePayload, type OutboxPayload } from '../../src/messages/serialize.js';
import { timeFallback } from '../../src/messages/time-part.js';
import type { Cipher } from '../../src/ports/cipher.js';
import type { UnitOfWork } from '../../src/ports/repositories.js';

/**
 * Reads outbox rows back the way the delivery worker would: decrypted with the cipher and deserialized, so
 * tests assert what people would receive (destination + message), not how it was produced.
 */
export interface DecodedOutboxRow {
  entry: OutboxEntry;
  key: string;
  payload: OutboxPayload;
  /** The message, when the payload is one (not a membership change). */
  message: OutboundMessage | undefined;
  /** Every visible text of the message (summary, headers, parts with private text revealed, labels). */
  text: string;
}

export async function readOutbox(
  core: { uow: UnitOfWork; cipher: Cipher },
  engagementId: string,
): Promise<DecodedOutboxRow[]> {
  const entries = await core.uow.read.outbox.listByEngagement(engagementId);
  return entries.map((entry) => decodeOutboxEntry(core.cipher, entry));
}

export function decodeOutboxEntry(cipher: Cipher, entry: OutboxEntry): DecodedOutboxRow {
  const payload = deserializePayload(cipher.open(entry, outboxRow(entry)));
  const message = payload.type === 'message' ? payload.message : undefined;
  return { entry, key: entry.idempotencyKey, payload, message, text: message ? messageText(message) : '' };
}

/** A command hint as its command words (`resume 1a2b3c4d`): each platform writes it in its own way. */
export const partText = (part: Part): string =>
  part.kind === 'command'
    ? commandText(part)
    : part.kind === 'time'
      ? timeFallback(part)
      : isPrivateText(part.text)
        ? revealPrivateText(part.text)
        : String(part.text);

/** A phrase (an error's hint) as plain text, its command hints as their command words. */
export const phraseText = (words: Phrase | undefined): string =>
  words === undefined ? '' : renderPhrase(words, { text: String, hrCommand: String, clientWord: String });

const controlText = (control: Control): string[] =>
  control.type === 'select'
    ? [control.placeholder.text, ...control.options.map((o) => o.label.text)]
    : [control.label.text];

function blockText(block: Block): string[] {
  switch (block.type) {
    case 'header':
      return [block.text.text];
    case 'section':
    case 'context':
      return block.text.map(partText);
    case 'fields':
      return block.fields.flatMap((f) => [f.label.text, ...f.value.map(partText)]);
    case 'actions':
      return block.elements.flatMap(controlText);
    default:
      return [];
  }
}

/** All readable text of a message, joined by newlines. */
export function messageText(message: OutboundMessage): string {
  return [message.summary.text, ...message.blocks.flatMap(blockText)].join('\n');
}

/** Every part of a message (to check provenance, e.g. that a sponsor message carries sponsor_authored text). */
export function messageParts(message: OutboundMessage): Part[] {
  return message.blocks.flatMap((block) => {
    if (block.type === 'section' || block.type === 'context') return [...block.text];
    if (block.type === 'fields') return block.fields.flatMap((f) => [...f.value]);
    return [];
  });
}

/** The controls (buttons, pickers) of a message. */
export function messageControls(message: OutboundMessage): Control[] {
  return message.blocks.flatMap((block) => (block.type === 'actions' ? [...block.elements] : []));
}

/** Messages to one space of an engagement (optionally one meeting's thread). */
export function messagesTo(
  rows: readonly DecodedOutboxRow[],
  space: SpaceKind,
  threadMeetingId?: string,
): DecodedOutboxRow[] {
  return rows.filter((row) => {
    const d = row.message?.destination;
    if (d?.kind !== 'space' || d.space !== space) return false;
    return threadMeetingId === undefined || d.threadMeetingId === threadMeetingId;
  });
}

/** Membership changes as "add coaching <personId>" strings, in a stable order. */
export function membershipChanges(rows: readonly DecodedOutboxRow[]): string[] {
  return rows
    .flatMap((row) =>
      row.payload.type === 'membership'
        ? [`${row.payload.change} ${row.payload.space} ${row.payload.personId}`]
        : [],
    )
    .sort();
}

/** Text of every reply or message as shown: handy for `expect(replyText(result.reply)).toContain(...)`. */
export const replyText = (reply: OutboundMessage): string => messageText(reply);

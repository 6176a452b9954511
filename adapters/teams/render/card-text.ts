import type { Part } from '../../../src/confidentiality/parts.js';
import { revealPrivateText } from '../../../src/confidentiality/private-text.js';
import { type Phrase, renderHint, renderPhrase } from '../../../src/messages/command-hint.js';

/** Adaptive Card elements as plain JSON (the shapes of schema 1.5, as Teams renders them). */
export type CardElement = { type: string; [key: string]: unknown };

export const CARD_VERSION = '1.5';
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export const TEAMS_LIMITS = {
  /** Teams refuses a message over about 28 KB; the card gets most of it. */
  cardJson: 24_000,
  /** One text run; longer text is cut with a visible note (answers are at most 3,000 characters). */
  textRun: 4_000,
  actionTitle: 60,
  /** Adaptive Card hosts show at most five actions in a row; more go in another action set. */
  actionsPerSet: 5,
  choiceTitle: 100,
  summary: 300,
} as const;

export const TRUNCATED_NOTE = '… (truncated)';

/** Cuts text to `max` characters, ending with a visible "(truncated)" note. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - TRUNCATED_NOTE.length))}${TRUNCATED_NOTE}`;
}

/**
 * Teams' words for a command hint: HR types the command in their chat with Triad, with no slash before it; a
 * client types their words in their chat with Triad. Text is plain: text runs are never read as Markdown.
 */
const teamsDialect = {
  text: (text: string) => text,
  hrCommand: (typed: string) => `“${typed}”`,
  clientWord: (typed: string) => `type “${typed}” in your chat with Triad`,
};

/** A phrase as Teams text. */
export const phraseText = (words: Phrase): string => renderPhrase(words, teamsDialect);

/** The text of one part. Private text is revealed only here, after the gate cleared the message. */
export function partText(part: Part): string {
  if (part.kind === 'command') return renderHint(part, teamsDialect);
  return part.kind === 'private' ? revealPrivateText(part.text) : part.text;
}

export const joinParts = (parts: readonly Part[]) => parts.map(partText).join('');

export interface RunStyle {
  weight?: 'Bolder';
  size?: 'Small' | 'Medium' | 'Large';
  isSubtle?: boolean;
}

/**
 * A text run. Unlike TextBlock text, a TextRun is never read as Markdown, so whatever a person typed
 * (`**`, `[link](…)`, `<at>`) is shown literally and can neither format, link nor mention.
 */
export function textRun(text: string, style: RunStyle = {}): CardElement {
  return { type: 'TextRun', text: truncate(text === '' ? ' ' : text, TEAMS_LIMITS.textRun), ...style };
}

/** A paragraph of runs. */
export function richText(inlines: CardElement[], extra: Record<string, unknown> = {}): CardElement {
  return { type: 'RichTextBlock', inlines, ...extra };
}

/** Plain, short text for titles and labels (not parsed as Markdown in these properties). */
export const title = (text: string, max: number = TEAMS_LIMITS.actionTitle) =>
  truncate(text.trim() === '' ? ' ' : text.trim(), max);

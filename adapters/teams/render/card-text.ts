import type { Part } from '../../../src/confidentiality/parts.js';
import { revealPrivateText } from '../../../src/confidentiality/private-text.js';
import { type Phrase, renderHint, renderPhrase } from '../../../src/messages/command-hint.js';
import { type TimePart, timeFallback } from '../../../src/messages/time-part.js';

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
  if (part.kind === 'time') return timeFallback(part);
  return part.kind === 'private' ? revealPrivateText(part.text) : part.text;
}

export const joinParts = (parts: readonly Part[]) => parts.map(partText).join('');

/**
 * A meeting time as Adaptive Card date functions: Teams shows it in each reader's own zone and locale. Only a
 * TextBlock evaluates them, with the instant in strict RFC 3339 UTC and no spaces inside the braces
 * (https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features).
 */
export const cardDate = (part: TimePart): string => `{{DATE(${part.at}, SHORT)}} at {{TIME(${part.at})}}`;

export const hasTime = (parts: readonly Part[]): boolean => parts.some((part) => part.kind === 'time');

/**
 * Text inert in a TextBlock, whose text is read as Markdown and for date functions: emphasis and link characters
 * are escaped, and a `{{` that is not Triad's own date function is broken up.
 */
const markdownInert = (text: string): string => text.replace(/[\\*_[\]]/g, '\\$&').replace(/\{\{/g, '{ {');

/**
 * Parts holding a meeting time as one TextBlock (RichTextBlock runs do not evaluate date functions): the time as
 * DATE()/TIME(), every other part as inert text. `label` is a field's label, shown bold before the text.
 */
export function timeTextBlock(parts: readonly Part[], style: RunStyle = {}, label?: string): CardElement {
  const text = parts
    .map((part) => (part.kind === 'time' ? cardDate(part) : markdownInert(partText(part))))
    .join('');
  const lead = label === undefined ? '' : `**${markdownInert(label)}**: `;
  return {
    type: 'TextBlock',
    text: truncate(`${lead}${text}`, TEAMS_LIMITS.textRun),
    wrap: true,
    ...style,
  };
}

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

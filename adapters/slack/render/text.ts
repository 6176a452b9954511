import type { Part } from '../../../src/confidentiality/parts.js';
import { revealPrivateText } from '../../../src/confidentiality/private-text.js';
import type { Summary } from '../../../src/confidentiality/words.js';
import {
  type Phrase,
  type PhraseDialect,
  renderHint,
  renderPhrase,
} from '../../../src/messages/command-hint.js';
import { epochSeconds, type TimePart, timeFallback } from '../../../src/messages/time-part.js';

/** Block Kit limits the renderers respect (https://docs.slack.dev/reference/block-kit). */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  imageAltText: 2000,
  contextText: 3000,
  buttonText: 75,
  optionText: 75,
  selectOptions: 100,
  placeholder: 150,
  actionsElements: 25,
  blockId: 255,
  buttonValue: 2000,
  notificationText: 3000,
  viewTitle: 24,
  viewButton: 24,
  inputLabel: 2000,
  inputHint: 2000,
  privateMetadata: 3000,
} as const;

export const TRUNCATED_NOTE = '… (truncated)';

/**
 * Escapes the three characters Slack's mrkdwn treats as control characters, so typed text like `<!channel>`,
 * `<@U123>` or `<https://evil|click>` is shown literally and can neither notify nor link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters, ending with a visible "(truncated)" note; never splits an escape. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - TRUNCATED_NOTE.length));
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';') && cut.length - amp < 6) cut = cut.slice(0, amp);
  return `${cut}${TRUNCATED_NOTE}`;
}

/**
 * Splits text into chunks of at most `max` characters, preferring paragraph, line and word boundaries and
 * never cutting an `&amp;`-style escape in two.
 */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = -1;
    for (const separator of ['\n\n', '\n', ' ']) {
      const at = rest.lastIndexOf(separator, max);
      if (at > max / 2) {
        cut = at + separator.length;
        break;
      }
    }
    if (cut < 0) {
      cut = max;
      const amp = rest.lastIndexOf('&', cut);
      if (amp >= 0 && amp > cut - 6 && !rest.slice(amp, cut).includes(';')) cut = amp;
    }
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut);
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}

/** Slack's words for a command hint: HR's commands after `/coaching`, a client's words typed in their DM. */
const slackDialect = (text: (text: string) => string, code: (text: string) => string): PhraseDialect => ({
  text,
  hrCommand: (typed) => code(`/coaching ${typed}`),
  clientWord: (typed) => `type ${code(typed)} in your DM with Triad`,
});
const plainDialect = slackDialect(
  (text) => text,
  (text) => text,
);
const mrkdwnDialect = slackDialect(escapeMrkdwn, (text) => `\`${text}\``);

/** A phrase as escaped mrkdwn, its command hints in code. */
export const phraseToMrkdwn = (words: Phrase): string => renderPhrase(words, mrkdwnDialect);

/** The plain text of one part. Private text is revealed here only because the gate already cleared it. */
export function partText(part: Part): string {
  if (part.kind === 'command') return renderHint(part, plainDialect);
  if (part.kind === 'time') return timeFallback(part);
  return part.kind === 'private' ? revealPrivateText(part.text) : part.text;
}

/**
 * A meeting time as Slack's date formatting: each reader sees it in their own zone and locale ("Today at 2:00
 * PM", "Dec 3rd at 2:00 PM"), in the message and its notification; clients that cannot format it show the
 * fallback, the time in the fallback zone with its friendly name
 * (https://docs.slack.dev/messaging/formatting-message-text#date-formatting).
 */
export const slackDate = (part: TimePart): string =>
  `<!date^${epochSeconds(part)}^{date_short_pretty} at {time}|${escapeMrkdwn(timeFallback(part))}>`;

/** One part as escaped mrkdwn: hints in code, times as Slack dates, everything else escaped. */
function partMrkdwn(part: Part): string {
  if (part.kind === 'command') return renderHint(part, mrkdwnDialect);
  if (part.kind === 'time') return slackDate(part);
  return escapeMrkdwn(partText(part));
}

/** Joins parts into escaped mrkdwn: the preview and the released post render the same text identically. */
export function partsToMrkdwn(parts: readonly Part[]): string {
  return parts.map(partMrkdwn).join('');
}

/** A notification summary as escaped mrkdwn, its meeting times as Slack dates. */
export function summaryToMrkdwn(summary: Summary): string {
  if (summary.kind === 'logistics') return escapeMrkdwn(summary.text);
  return summary.pieces
    .map((piece) => (piece.kind === 'time' ? slackDate(piece) : escapeMrkdwn(piece.text)))
    .join('');
}

/** Plain text for plain_text objects (not parsed as mrkdwn, so only the length needs care). */
export const plain = (text: string, max: number) => ({
  type: 'plain_text' as const,
  text: truncate(text.trim() === '' ? ' ' : text, max),
  emoji: true,
});

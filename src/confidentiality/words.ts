import { type TimePart, timeFallback, timePartSchema } from '../messages/time-part.js';
import type { LogisticsPart } from './parts.js';

declare const wordsBrand: unique symbol;
declare const opaqueBrand: unique symbol;
declare const timedBrand: unique symbol;

/**
 * Bot-composed logistics text for the strings of a message that are not parts: the notification summary,
 * headers, form titles, submit labels, field labels, hints and placeholders, button and option labels.
 * Only `words` makes one, so private text (a PrivateText, or a revealed string) cannot reach those strings
 * without a type error; at runtime it is a logistics part, which the outbound gate recognises after the
 * outbox's JSON round trip, and a bare string smuggled in with a cast is refused.
 */
export type Words = LogisticsPart & { readonly [wordsBrand]: true };

export const words = (text: string): Words => ({ kind: 'logistics', text }) as Words;

/** Whether a value is Words at runtime: a logistics part holding a string, nothing else. */
export const isWords = (value: unknown): value is Words =>
  typeof value === 'object' &&
  value !== null &&
  Object.getPrototypeOf(value) === Object.prototype &&
  (value as { kind?: unknown }).kind === 'logistics' &&
  typeof (value as { text?: unknown }).text === 'string';

/**
 * A notification summary that names a meeting's time: Words and times in order, so each platform can show every
 * reader the time in their own zone (the push notification too). `text` is the same summary with each time in its
 * fallback zone, for the places that cannot format times (Teams' activity summary, logs, the local demo). Only
 * `timed` makes one; the gate checks every piece and that `text` is exactly their fallback.
 */
export type TimedWords = {
  readonly kind: 'timed';
  readonly text: string;
  readonly pieces: readonly (Words | TimePart)[];
} & { readonly [timedBrand]: true };

/** What a message's notification summary is: Words, or Words with meeting times. */
export type Summary = Words | TimedWords;

const fallbackText = (pieces: readonly (Words | TimePart)[]): string =>
  pieces.map((piece) => (piece.kind === 'time' ? timeFallback(piece) : piece.text)).join('');

/** A summary from a template: `` timed`Kickoff meeting scheduled: ${meetingTime(at, zone)}` `` (strings too). */
export function timed(strings: TemplateStringsArray, ...values: readonly (string | TimePart)[]): TimedWords {
  const pieces: (Words | TimePart)[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') pieces.push(words(text));
    text = '';
  };
  strings.forEach((literal, index) => {
    text += literal;
    const value = values[index];
    if (typeof value === 'string') text += value;
    else if (value) {
      flush();
      pieces.push(value);
    }
  });
  flush();
  return { kind: 'timed', text: fallbackText(pieces), pieces } as unknown as TimedWords;
}

/** Whether a value is TimedWords at runtime: Words and well-formed times whose fallback is exactly `text`. */
export const isTimedWords = (value: unknown): value is TimedWords => {
  if (typeof value !== 'object' || value === null) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const { kind, text, pieces } = value as { kind?: unknown; text?: unknown; pieces?: unknown };
  if (kind !== 'timed' || typeof text !== 'string' || !Array.isArray(pieces)) return false;
  const valid = pieces.every((piece) => isWords(piece) || timePartSchema.safeParse(piece).success);
  return valid && fallbackText(pieces as (Words | TimePart)[]) === text;
};

/** Whether a value may be a summary: Words, or TimedWords. */
export const isSummary = (value: unknown): value is Summary => isWords(value) || isTimedWords(value);

/**
 * What a button, option or form carries back to Triad: opaque ids (engagement, prompt, meeting, choice keys),
 * joined with ':', never content. The outbound gate checks the shape of every one.
 */
export type OpaqueValue = string & { readonly [opaqueBrand]: true };

export const opaque = (...ids: readonly string[]): OpaqueValue => ids.join(':') as OpaqueValue;

/** Ids and uuid-like tokens joined by ':' — no spaces, at most 150 characters (Slack's block id limit is 255). */
const opaqueShape = /^[A-Za-z0-9_.:+-]{1,150}$/;

export const isOpaqueValue = (value: unknown): value is OpaqueValue =>
  typeof value === 'string' && opaqueShape.test(value);

import type { LogisticsPart } from './parts.js';

declare const wordsBrand: unique symbol;
declare const opaqueBrand: unique symbol;

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
 * What a button, option or form carries back to Triad: opaque ids (engagement, prompt, meeting, choice keys),
 * joined with ':', never content. The outbound gate checks the shape of every one.
 */
export type OpaqueValue = string & { readonly [opaqueBrand]: true };

export const opaque = (...ids: readonly string[]): OpaqueValue => ids.join(':') as OpaqueValue;

/** Ids and uuid-like tokens joined by ':' — no spaces, at most 150 characters (Slack's block id limit is 255). */
const opaqueShape = /^[A-Za-z0-9_.:+-]{1,150}$/;

export const isOpaqueValue = (value: unknown): value is OpaqueValue =>
  typeof value === 'string' && opaqueShape.test(value);

import { inspect } from 'node:util';

const REDACTED = '[private text]';
const secrets = new WeakMap<PrivateText, string>();

/**
 * Text the client or coach wrote in a private space, or anything derived from it.
 *
 * It is deliberately not a string: it cannot be passed where a sponsor- or HR-bound message expects text,
 * and it prints as "[private text]" in logs, JSON and template strings. The only ways out are
 * `revealPrivateText` (used by the private-space renderer and the cipher) and a client's release.
 */
export class PrivateText {
  private constructor(text: string) {
    secrets.set(this, text);
    Object.freeze(this);
  }

  static of(text: string): PrivateText {
    return new PrivateText(text);
  }

  get length(): number {
    return revealPrivateText(this).length;
  }

  /** Whether `other` holds the same text (e.g. a form saved twice); tells nothing else about either. */
  equals(other: PrivateText): boolean {
    return revealPrivateText(this) === revealPrivateText(other);
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/** The plain text, for rendering into a private space, encrypting, hashing a release, or the client's export. */
export function revealPrivateText(text: PrivateText): string {
  const value = secrets.get(text);
  if (value === undefined) throw new TypeError('not a PrivateText');
  return value;
}

export const isPrivateText = (value: unknown): value is PrivateText => value instanceof PrivateText;

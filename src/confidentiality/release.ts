import { TriadError } from '../errors.js';
import type { TextHasher } from '../ports/cipher.js';
import type { ReleasedPart } from './parts.js';
import { type PrivateText, revealPrivateText } from './private-text.js';

/** The client's recorded consent to release one exact text (who, when, what hash). */
export interface ReleaseConsent {
  readonly consentId: string;
  readonly engagementId: string;
  readonly clientId: string;
  readonly textHash: string;
  readonly grantedAt: Date;
}

/** A released, client-approved snapshot: the only conversion from private text to shareable text. */
export interface ReleasedText {
  readonly releaseId: string;
  readonly engagementId: string;
  readonly text: string;
  readonly textHash: string;
}

/**
 * Converts private text into released text. Refuses unless the consent was given for this exact text
 * (its keyed hash, recomputed here, is the consent's).
 */
export function releasePrivateText(
  releaseId: string,
  text: PrivateText,
  consent: ReleaseConsent,
  hasher: TextHasher,
): ReleasedText {
  const plain = revealPrivateText(text);
  if (!hasher.hashMatches(plain, consent.textHash)) {
    throw new TriadError(
      'stale_preview',
      'The text changed after you previewed it. Preview it again before you share it.',
    );
  }
  return { releaseId, engagementId: consent.engagementId, text: plain, textHash: consent.textHash };
}

export const releasedPart = (released: ReleasedText): ReleasedPart => ({
  kind: 'released',
  text: released.text,
  engagementId: released.engagementId,
  releaseId: released.releaseId,
  textHash: released.textHash,
});

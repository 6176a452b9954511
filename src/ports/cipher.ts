/** Authenticated encryption of private text at rest. `keyId` is stored beside the ciphertext for rotation. */
export interface Sealed {
  ciphertext: Buffer;
  keyId: string;
}

/** The tables whose rows hold sealed text. */
export type SealedTable =
  | 'private_entries'
  | 'releases'
  | 'outbox'
  | 'processed_requests'
  | 'slack_installations';

/**
 * The identity of the row a ciphertext is stored in, bound to it as associated data: a ciphertext copied into
 * another row (another table, id or engagement) no longer opens.
 */
export interface SealContext {
  table: SealedTable;
  rowId: string;
  /** Null only for outbox rows that belong to no engagement (HR notices). */
  engagementId: string | null;
}

/**
 * Keyed hashes of text (HMAC-SHA-256 under a key derived from the configured keys), for consents and releases:
 * equal texts can be recognised without the hash revealing the text to a dictionary attack. A hash names the
 * key it was made with (`<keyId>:<hex>`), so it can still be checked after the keys rotate.
 */
export interface TextHasher {
  hashText(text: string): string;
  /** Whether `text` has this hash, recomputed under the key the hash names (false for an unknown key). */
  hashMatches(text: string, hash: string): boolean;
}

export interface Cipher extends TextHasher {
  seal(plaintext: string, context: SealContext): Sealed;
  /** Throws `SealedTextRefused` when the ciphertext was tampered with, moved from another row, or its key is unknown. */
  open(sealed: Sealed, context: SealContext): string;
}

/**
 * Signs and checks the short texts of Triad's download links (HMAC with a key derived from the configured
 * encryption keys). A signature names the key it was made with, so links stay valid while keys rotate.
 */
export interface LinkSigner {
  /** A base64url signature of `text` (with its key id). */
  sign(text: string): string;
  /** Whether `signature` is a valid signature of `text` by any configured key (constant-time compare). */
  verify(text: string, signature: string): boolean;
}

/** Authenticated encryption of private text at rest. `keyId` is stored beside the ciphertext for rotation. */
export interface Sealed {
  ciphertext: Buffer;
  keyId: string;
}

export interface Cipher {
  seal(plaintext: string): Sealed;
  /** Throws when the ciphertext was tampered with or its key is unknown. */
  open(sealed: Sealed): string;
}

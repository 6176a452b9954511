import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Cipher, Sealed } from '../../src/ports/cipher.js';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/**
 * AES-256-GCM (authenticated encryption). Layout: version byte | iv (12) | tag (16) | ciphertext.
 * The first key encrypts; every listed key decrypts, so keys can be rotated without downtime.
 */
export function createAesGcmCipher(keys: readonly EncryptionKey[]): Cipher {
  const [current] = keys;
  if (!current) throw new Error('at least one encryption key is required');
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  return {
    seal(plaintext: string): Sealed {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(Buffer.from(current.id, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return {
        ciphertext: Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]),
        keyId: current.id,
      };
    },
    open({ ciphertext, keyId }: Sealed): string {
      const key = byId.get(keyId);
      if (!key) throw new Error(`unknown encryption key id ${keyId}`);
      if (ciphertext[0] !== VERSION) throw new Error('unknown ciphertext version');
      const iv = ciphertext.subarray(1, 1 + IV_BYTES);
      const tag = ciphertext.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(keyId, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([
        decipher.update(ciphertext.subarray(1 + IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}

import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { SealedTextRefused } from '../../src/errors.js';
import type { Cipher, SealContext, Sealed } from '../../src/ports/cipher.js';

/** v1: associated data = key id only (rows written before row binding; still opened). */
const V1 = 1;
/** v2: associated data = key id, table, row id and engagement id (what is written now). */
const V2 = 2;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HASH_KEY_INFO = 'triad text hash v1';

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

const associatedData = (version: number, keyId: string, context: SealContext): Buffer =>
  version === V1
    ? Buffer.from(keyId, 'utf8')
    : Buffer.from(JSON.stringify([V2, keyId, context.table, context.rowId, context.engagementId]), 'utf8');

/** IVs drawn per call to the CSPRNG: each call costs about as much as sealing a short message. */
const IVS_PER_DRAW = 256;

/**
 * Fresh random IVs, drawn from the CSPRNG 256 at a time (as node buffers the entropy of randomUUID) instead of one
 * `randomBytes` call per seal, the costliest step of sealing a Monday's prompts. Every IV's bytes are handed out
 * once; a process (each worker is one) draws its own.
 */
function randomIvs(): () => Buffer {
  let drawn = Buffer.alloc(0);
  let next = 0;
  return () => {
    if (next + IV_BYTES > drawn.length) {
      drawn = randomBytes(IV_BYTES * IVS_PER_DRAW);
      next = 0;
    }
    const iv = drawn.subarray(next, next + IV_BYTES);
    next += IV_BYTES;
    return iv;
  };
}

/** The hashing key of one encryption key: HKDF-SHA-256, so the encryption key itself never keys an HMAC. */
const hashingKey = (key: Buffer): Buffer =>
  Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), HASH_KEY_INFO, 32));

/**
 * AES-256-GCM (authenticated encryption). Layout: version byte | iv (12) | tag (16) | ciphertext.
 * Version 2 binds the ciphertext to its row (table, row id, engagement id) as associated data, so a ciphertext
 * copied into another row fails to open. Version 1 ciphertexts (key id only) are still opened, so rows written
 * before keep working; every write seals version 2.
 * The first key encrypts and hashes; every listed key decrypts and checks hashes, so keys rotate without downtime.
 */
export function createAesGcmCipher(keys: readonly EncryptionKey[]): Cipher {
  const [current] = keys;
  if (!current) throw new Error('at least one encryption key is required');
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const hashKeys = new Map(keys.map((k) => [k.id, hashingKey(k.key)]));
  const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();
  const nextIv = randomIvs();
  return {
    seal(plaintext: string, context: SealContext): Sealed {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(associatedData(V2, current.id, context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return {
        ciphertext: Buffer.concat([Buffer.from([V2]), iv, cipher.getAuthTag(), body]),
        keyId: current.id,
      };
    },
    open({ ciphertext, keyId }: Sealed, context: SealContext): string {
      const key = byId.get(keyId);
      const version = ciphertext[0];
      if (!key || (version !== V1 && version !== V2) || ciphertext.length < 1 + IV_BYTES + TAG_BYTES) {
        throw new SealedTextRefused(context);
      }
      const iv = ciphertext.subarray(1, 1 + IV_BYTES);
      const tag = ciphertext.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(associatedData(version, keyId, context));
        decipher.setAuthTag(tag);
        return Buffer.concat([
          decipher.update(ciphertext.subarray(1 + IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new SealedTextRefused(context);
      }
    },
    hashText(text: string): string {
      return `${current.id}:${hmac(hashKeys.get(current.id) as Buffer, text).toString('hex')}`;
    },
    hashMatches(text: string, hash: string): boolean {
      const at = hash.lastIndexOf(':');
      const key = at > 0 ? hashKeys.get(hash.slice(0, at)) : undefined;
      if (!key) return false;
      const expected = Buffer.from(hash.slice(at + 1), 'hex');
      const actual = hmac(key, text);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
  };
}

import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { LinkSigner } from '../../src/ports/link-signer.js';
import type { EncryptionKey } from './aes-gcm.cipher.js';

const LINK_KEY_INFO = 'triad download link v1';

/** A signing key per encryption key: HKDF-SHA-256 with its own label, so no key serves two purposes. */
const linkKey = (key: Buffer): Buffer =>
  Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), LINK_KEY_INFO, 32));

/**
 * HMAC-SHA-256 link signatures, `keyId.base64url(mac)`. The first key signs; every listed key verifies, so links
 * issued just before a key rotation still work for their few minutes.
 */
export function createHmacLinkSigner(keys: readonly EncryptionKey[]): LinkSigner {
  const [current] = keys;
  if (!current) throw new Error('at least one encryption key is required');
  const byId = new Map(keys.map((k) => [k.id, linkKey(k.key)]));
  const mac = (key: Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();
  return {
    sign(text) {
      return `${current.id}.${mac(byId.get(current.id) as Buffer, text).toString('base64url')}`;
    },
    verify(text, signature) {
      const at = signature.indexOf('.');
      const key = at > 0 ? byId.get(signature.slice(0, at)) : undefined;
      if (!key) return false;
      const given = Buffer.from(signature.slice(at + 1), 'base64url');
      const expected = mac(key, text);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

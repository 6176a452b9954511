import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAesGcmCipher } from '../../../adapters/crypto/aes-gcm.cipher.js';
import type { SealContext } from '../../../src/ports/cipher.js';

const E1 = '00000000-0000-4000-8000-0000000000e1';
const E2 = '00000000-0000-4000-8000-0000000000e2';
const row = (rowId: string, table: SealContext['table'] = 'private_entries', engagementId = E1) => ({
  table,
  rowId,
  engagementId,
});
const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

/** A ciphertext as written before row binding: version 1, key id as the only associated data. */
function sealV1(plaintext: string, key: { id: string; key: Buffer }) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(key.id, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { ciphertext: Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body]), keyId: key.id };
}

describe('AES-GCM sealed to its row', () => {
  const cipher = createAesGcmCipher([k1]);

  it('opens in the row it was sealed for, as format version 2', () => {
    const sealed = cipher.seal('my private worry', row('a'));
    expect(sealed.ciphertext[0]).toBe(2);
    expect(sealed.keyId).toBe('k1');
    expect(cipher.open(sealed, row('a'))).toBe('my private worry');
  });

  it('never seals two texts with the same IV, across the draws of randomness', () => {
    const sealer = createAesGcmCipher([k1]);
    // A thousand seals span several draws of 256 IVs; each IV is bytes 1–12 of its ciphertext.
    const sealed = Array.from({ length: 1000 }, (_, n) => sealer.seal(`text ${n}`, row(`r${n}`)));
    const ivs = new Set(sealed.map((s) => s.ciphertext.subarray(1, 13).toString('hex')));
    expect(ivs.size).toBe(1000);
    sealed.forEach((s, n) => {
      expect(sealer.open(s, row(`r${n}`))).toBe(`text ${n}`);
    });
  });

  it.each<[string, SealContext]>([
    ['another row id', row('b')],
    ['another table', row('a', 'releases')],
    ['another engagement', row('a', 'private_entries', E2)],
    ['no engagement', { table: 'private_entries', rowId: 'a', engagementId: null }],
  ])('refuses a ciphertext moved to %s', (_name, elsewhere) => {
    const sealed = cipher.seal('my private worry', row('a'));
    expect(() => cipher.open(sealed, elsewhere)).toThrow(
      expect.objectContaining({ name: 'SealedTextRefused', code: 'confidentiality_violation' }),
    );
  });

  it('refuses an altered ciphertext, an unknown key and an unknown version', () => {
    const sealed = cipher.seal('text', row('a'));
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[flipped.length - 1] = (flipped.at(-1) ?? 0) ^ 1;
    expect(() => cipher.open({ ...sealed, ciphertext: flipped }, row('a'))).toThrow('does not belong');
    expect(() => cipher.open({ ...sealed, keyId: 'gone' }, row('a'))).toThrow('does not belong');
    const v9 = Buffer.from(sealed.ciphertext);
    v9[0] = 9;
    expect(() => cipher.open({ ...sealed, ciphertext: v9 }, row('a'))).toThrow('does not belong');
  });

  it('still opens version 1 ciphertexts written before row binding (existing rows keep working)', () => {
    expect(cipher.open(sealV1('written last year', k1), row('a'))).toBe('written last year');
  });

  it('keeps rotation: a new first key seals, the old one still opens what it sealed', () => {
    const old = cipher.seal('before rotation', row('a'));
    const rotated = createAesGcmCipher([k2, k1]);
    expect(rotated.open(old, row('a'))).toBe('before rotation');
    expect(rotated.seal('after', row('a')).keyId).toBe('k2');
  });
});

describe('keyed text hashes', () => {
  const cipher = createAesGcmCipher([k1]);

  it('are HMACs naming their key, equal for equal texts, unknown without the key', () => {
    const hash = cipher.hashText('Goal: delegate');
    expect(hash).toMatch(/^k1:[0-9a-f]{64}$/);
    expect(cipher.hashText('Goal: delegate')).toBe(hash);
    expect(cipher.hashMatches('Goal: delegate', hash)).toBe(true);
    expect(cipher.hashMatches('Goal: delegatE', hash)).toBe(false);
    // Another deployment (another key) cannot recognise the text from the hash.
    expect(createAesGcmCipher([k2]).hashMatches('Goal: delegate', hash)).toBe(false);
    expect(createAesGcmCipher([{ id: 'k1', key: randomBytes(32) }]).hashMatches('Goal: delegate', hash)).toBe(
      false,
    );
  });

  it('still match after the keys rotate, and refuse malformed hashes', () => {
    const hash = cipher.hashText('Goal: delegate');
    const rotated = createAesGcmCipher([k2, k1]);
    expect(rotated.hashMatches('Goal: delegate', hash)).toBe(true);
    expect(rotated.hashText('Goal: delegate')).toMatch(/^k2:/);
    for (const bad of ['', 'k1', 'k1:', 'k1:zz', `unknown:${'0'.repeat(64)}`]) {
      expect(rotated.hashMatches('Goal: delegate', bad)).toBe(false);
    }
  });
});

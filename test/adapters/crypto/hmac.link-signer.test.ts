import { describe, expect, it } from 'vitest';
import { createHmacLinkSigner } from '../../../adapters/crypto/hmac.link-signer.js';
import { routeMatches } from '../../../bin/wire-http.js';

const key = (fill: number) => Buffer.alloc(32, fill);

describe('download link signatures', () => {
  const signer = createHmacLinkSigner([{ id: 'k2', key: key(2) }]);

  it('verify what they signed, and nothing altered', () => {
    const signature = signer.sign('payload');
    expect(signature).toMatch(/^k2\.[A-Za-z0-9_-]{43}$/);
    expect(signer.verify('payload', signature)).toBe(true);
    expect(signer.verify('payloaD', signature)).toBe(false);
    expect(signer.verify('payload', `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`)).toBe(
      false,
    );
    expect(signer.verify('payload', signature.slice(0, -2))).toBe(false);
    expect(signer.verify('payload', `k9.${signature.slice(3)}`)).toBe(false);
    expect(signer.verify('payload', '')).toBe(false);
  });

  it('keep the links of a previous key valid after a rotation, and refuse those of a key not configured', () => {
    const before = createHmacLinkSigner([{ id: 'k1', key: key(1) }]).sign('payload');
    const rotated = createHmacLinkSigner([
      { id: 'k2', key: key(2) },
      { id: 'k1', key: key(1) },
    ]);
    expect(rotated.verify('payload', before)).toBe(true);
    expect(signer.verify('payload', before)).toBe(false);
  });

  it('are not the HMAC the cipher hashes text with (a key of their own, derived from the encryption key)', () => {
    const other = createHmacLinkSigner([{ id: 'k2', key: key(3) }]);
    expect(other.sign('payload')).not.toBe(signer.sign('payload'));
  });
});

describe('route paths', () => {
  it('match one more segment for a :param, exactly otherwise', () => {
    expect(routeMatches('/export/:token', '/export/abc.k1.xyz')).toBe(true);
    expect(routeMatches('/export/:token', '/export/')).toBe(false);
    expect(routeMatches('/export/:token', '/export/a/b')).toBe(false);
    expect(routeMatches('/export/:token', '/exports/a')).toBe(false);
    expect(routeMatches('/healthz', '/healthz')).toBe(true);
    expect(routeMatches('/healthz', '/healthz/x')).toBe(false);
  });
});

import type { GateLookups } from '../confidentiality/outbound-gate.js';
import type { TextHasher } from '../ports/cipher.js';
import type { Repositories } from '../ports/repositories.js';

/**
 * The gate's view of the database. Without a hasher (adapters that compose logistics only) no released text
 * can be verified, so none passes.
 */
export const gateLookups = (repos: Repositories, hasher?: TextHasher): GateLookups => ({
  async release(releaseId) {
    const release = await repos.releases.get(releaseId);
    if (!release) return undefined;
    const consent = release.consentId ? await repos.consents.get(release.consentId) : undefined;
    const consentHash =
      consent && consent.engagementId === release.engagementId && consent.kind === 'release'
        ? consent.textHash
        : null;
    return { engagementId: release.engagementId, status: release.status, consentHash };
  },
  async triad(engagementId) {
    const engagement = await repos.engagements.get(engagementId);
    return engagement && { clientId: engagement.clientId, coachId: engagement.coachId };
  },
  hashMatches: (text, hash) => hasher?.hashMatches(text, hash) ?? false,
});

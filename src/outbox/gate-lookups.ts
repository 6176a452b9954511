import type { GateLookups } from '../confidentiality/outbound-gate.js';
import type { Repositories } from '../ports/repositories.js';

export const gateLookups = (repos: Repositories): GateLookups => ({
  async release(releaseId) {
    const release = await repos.releases.get(releaseId);
    return (
      release && { engagementId: release.engagementId, status: release.status, textHash: release.textHash }
    );
  },
  async triad(engagementId) {
    const engagement = await repos.engagements.get(engagementId);
    return engagement && { clientId: engagement.clientId, coachId: engagement.coachId };
  },
});

import type { GateLookups } from '../confidentiality/outbound-gate.js';
import type { SpaceKind } from '../messages/message.js';
import { spaceReaders } from '../policy/readers.js';
import type { Repositories } from '../ports/repositories.js';

/** The live space row a message is written for, and who reads it: what an outbox entry is bound to. */
export interface SpaceBinding {
  spaceId: string;
  readers: string[];
}

export async function liveSpaceBinding(
  repos: Repositories,
  engagementId: string,
  kind: SpaceKind,
): Promise<SpaceBinding | undefined> {
  const [space, engagement] = [
    await repos.spaces.find(engagementId, kind),
    await repos.engagements.get(engagementId),
  ];
  if (!space || !engagement) return undefined;
  return { spaceId: space.id, readers: spaceReaders(engagement, space) };
}

/**
 * What the outbound gate looks up. `bound` gives the readers recorded on an outbox entry: at delivery the gate
 * checks against the people the entry was written for, never against whoever holds the space now.
 */
export const gateLookups = (repos: Repositories, bound?: { readers: readonly string[] }): GateLookups => ({
  async release(releaseId) {
    const release = await repos.releases.get(releaseId);
    return (
      release && { engagementId: release.engagementId, status: release.status, textHash: release.textHash }
    );
  },
  async spaceReaders(engagementId, kind) {
    if (bound) return bound.readers;
    return (await liveSpaceBinding(repos, engagementId, kind))?.readers;
  },
});

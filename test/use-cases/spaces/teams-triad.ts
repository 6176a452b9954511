import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { createTestCore, type TestCore } from '../../support/core-deps.js';

export const TENANT = 'tenant-1';
export const teamsActor = (platformUserId: string) => ({
  platform: 'teams' as const,
  tenantId: TENANT,
  platformUserId,
});

/**
 * An engagement started on Teams (in memory) with one coach, so all its spaces exist: Jane the client, Sam the
 * sponsor, Kim the coach, Harper (HR). Stan and Ola are the client and sponsor of another engagement with Kim.
 */
export async function startTeamsTriad(core: TestCore = createTestCore()) {
  for (const [platformUserId, displayName] of [
    ['UHR', 'Harper'],
    ['UCLIENT', 'Jane'],
    ['USPONSOR', 'Sam'],
    ['UCOACH1', 'Kim'],
    ['UCLIENT2', 'Stan'],
    ['USPONSOR2', 'Ola'],
  ] as const) {
    core.directory.add({ platformUserId, displayName, timeZone: 'Europe/London' });
  }
  const hr = teamsActor('UHR');
  const started = await startEngagement(
    { actor: hr, clientUserId: 'UCLIENT', sponsorUserId: 'USPONSOR', coachUserIds: ['UCOACH1'] },
    core,
  );
  await startEngagement(
    { actor: hr, clientUserId: 'UCLIENT2', sponsorUserId: 'USPONSOR2', coachUserIds: ['UCOACH1'] },
    core,
  );
  return { core, engagementId: started.engagementId };
}

import { words } from '../../src/confidentiality/words.js';
import type { Platform } from '../../src/engagement/records.js';
import { inTransaction } from '../../src/outbox/unit.js';
import { startEngagement } from '../../src/use-cases/hr/start-engagement.js';
import { createTestCore, type TestCore } from '../support/core-deps.js';

/**
 * A started engagement (client, sponsor, one coach) on the given core: its welcome messages, the coaching
 * space and the coach's memberships are in the outbox, nothing is delivered yet.
 */
export async function startedEngagement(core: TestCore = createTestCore(), platform: Platform = 'slack') {
  for (const id of ['UCLIENT', 'USPONSOR', 'UCOACH']) core.directory.add({ platformUserId: id });
  const actor = { platform, tenantId: 'T1', platformUserId: 'UHR' };
  const { engagementId } = await startEngagement(
    { actor, clientUserId: 'UCLIENT', sponsorUserId: 'USPONSOR', coachUserIds: ['UCOACH'] },
    core,
  );
  const engagement = await core.uow.read.engagements.get(engagementId);
  if (!engagement) throw new Error('engagement missing');
  const outbox = await core.uow.read.outbox.listByEngagement(engagementId);
  return { core, engagement, outboxIds: outbox.map((entry) => entry.id) };
}

/** Puts one more logistics message into the outbox, as a use case would. */
export async function queueMessage(
  core: TestCore,
  engagementId: string,
  key: string,
  destination: {
    space: 'client_dm' | 'coaching' | 'sponsor';
    threadMeetingId?: string;
    threadRole?: 'note' | 'post';
  },
): Promise<string> {
  return inTransaction(core, (unit) =>
    unit.send(
      {
        audience: destination.space === 'sponsor' ? 'shared' : 'private',
        destination: { kind: 'space', engagementId, ...destination },
        summary: words(`message ${key}`),
        blocks: [{ type: 'section', text: [{ kind: 'logistics', text: `body of ${key}` }] }],
      },
      key,
    ),
  );
}

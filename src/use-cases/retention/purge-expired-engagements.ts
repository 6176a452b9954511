import { z } from 'zod';
import { isTerminal } from '../../engagement/lifecycle.js';
import { inTransaction } from '../../outbox/unit.js';
import { parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';

export const purgeExpiredEngagementsInput = z.object({
  /** The job's run time (an ISO string from a job payload is accepted); the clock's time when omitted. */
  now: z.coerce.date().optional(),
});
export type PurgeExpiredEngagementsInput = z.input<typeof purgeExpiredEngagementsInput>;

export const purgeEngagementInput = z.object({ engagementId: z.uuid(), now: z.coerce.date() });
export type PurgeEngagementInput = z.input<typeof purgeEngagementInput>;

const empty = Buffer.alloc(0);

export interface PurgeCounts {
  entries: number;
  prompts: number;
  releases: number;
  outbox: number;
}

/**
 * Deletes one closed or cancelled engagement's private content once its retention period is over: private
 * entries and prompts are deleted, release snapshots and outbox payloads blanked (ids, statuses and hashes stay
 * as history), undelivered and failed messages cancelled, and `purgedAt` set. The audit entry holds counts, no content.
 * Returns undefined when the engagement is not (or no longer) due.
 */
export async function purgeEngagement(
  raw: PurgeEngagementInput,
  deps: CoreDeps,
): Promise<PurgeCounts | undefined> {
  const input = parseInput(purgeEngagementInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const engagement = await repos.engagements.getForUpdate(input.engagementId);
    if (
      !engagement ||
      !isTerminal(engagement.stage) ||
      engagement.purgedAt !== null ||
      engagement.purgeAfter === null ||
      engagement.purgeAfter.getTime() > input.now.getTime()
    ) {
      return undefined;
    }
    const now = deps.clock.now();
    // Failed ones too: their payload is blanked below, so a later retry would have nothing to send.
    for (const message of await repos.outbox.listByEngagement(engagement.id)) {
      if (message.status !== 'pending' && message.status !== 'failed') continue;
      await repos.outbox.update({ ...message, status: 'cancelled', lastErrorCode: 'purged', updatedAt: now });
    }
    const counts: PurgeCounts = {
      entries: await repos.entries.deleteByEngagement(engagement.id),
      prompts: await repos.prompts.deleteByEngagement(engagement.id),
      releases: await repos.releases.purgeText(engagement.id, empty),
      outbox: await repos.outbox.purgePayloads(engagement.id, empty),
    };
    await repos.engagements.update({
      ...engagement,
      purgedAt: now,
      version: engagement.version + 1,
      updatedAt: now,
    });
    await unit.audit({
      engagementId: engagement.id,
      actorId: null,
      action: 'engagement_purged',
      details: { ...counts },
    });
    unit.touch(engagement.id);
    return counts;
  });
}

/**
 * Called daily by the retention job: purges every closed or cancelled engagement past its `purgeAfter`, each in
 * its own transaction so one failure does not hold back the others (the next run retries it).
 */
export async function purgeExpiredEngagements(raw: PurgeExpiredEngagementsInput, deps: CoreDeps) {
  const input = parseInput(purgeExpiredEngagementsInput, raw);
  const now = input.now ?? deps.clock.now();
  const due = await deps.uow.read.engagements.listPurgeDue(now);
  const purged: string[] = [];
  const failed: string[] = [];
  for (const engagement of due) {
    try {
      if (await purgeEngagement({ engagementId: engagement.id, now }, deps)) purged.push(engagement.id);
    } catch (error) {
      failed.push(engagement.id);
      deps.logger.error(
        { engagementId: engagement.id, err: (error as { code?: string })?.code ?? (error as Error)?.name },
        'purge failed; the next run retries',
      );
    }
  }
  deps.logger.info({ purged: purged.length, failed: failed.length }, 'retention purge finished');
  return { purged, failed };
}

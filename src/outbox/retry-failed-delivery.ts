import { z } from 'zod';
import type { OutboxEntry } from '../engagement/records.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Repositories, UnitOfWork } from '../ports/repositories.js';
import type { Scheduler } from '../ports/scheduler.js';

export const retryFailedDeliveryInput = z.object({ outboxId: z.uuid() });

/**
 * Whether an outbox entry was written for a space that has since been retired (the coach changed): it is never
 * retried nor delivered, since its readers no longer hold that space.
 */
export async function boundToRetiredSpace(repos: Repositories, entry: OutboxEntry): Promise<boolean> {
  if (!entry.spaceId) return false;
  const space = await repos.spaces.get(entry.spaceId);
  return Boolean(space?.retiredAt);
}

/**
 * Whether HR may see that this entry failed: messages to the sponsor space and HR's own notifications only.
 * Failures in the client's DM or the coaching space, and of a coach's intro-call messages, are figures derived
 * from private activity.
 */
export function visibleToHr(entry: OutboxEntry): boolean {
  const destination = entry.destination as { kind?: string; space?: string; privateToPerson?: boolean };
  return (
    (destination.kind === 'hr' && destination.privateToPerson !== true) ||
    (destination.kind === 'space' && destination.space === 'sponsor')
  );
}

/**
 * Puts a failed outbox entry back in the queue (an operator's or HR's "retry"). The attempt count restarts, but
 * stays above zero when an attempt had been made, so the retry still looks for the message before sending.
 * Returns false, changing nothing, when the entry is not failed or was written for a retired space (a previous
 * coach's): that refusal is audited with a code and logged.
 */
export async function retryFailedDelivery(
  raw: z.input<typeof retryFailedDeliveryInput>,
  deps: { uow: UnitOfWork; clock: Clock; scheduler: Scheduler; logger: Logger },
): Promise<boolean> {
  const { outboxId } = retryFailedDeliveryInput.parse(raw);
  const retried = await deps.uow.transaction(async (repos) => {
    const entry = await repos.outbox.get(outboxId);
    if (entry?.status !== 'failed') return false;
    const now = deps.clock.now();
    if (await boundToRetiredSpace(repos, entry)) {
      await repos.audit.insert({
        engagementId: entry.engagementId,
        actorId: null,
        action: 'delivery_retry_refused',
        outcome: 'refused',
        details: { outboxId, reason: 'space_retired' },
        createdAt: now,
      });
      deps.logger.warn({ outboxId, code: 'space_retired' }, 'not retried: written for a retired space');
      return false;
    }
    await repos.outbox.update({
      ...entry,
      status: 'pending',
      attempts: Math.min(entry.attempts, 1),
      availableAt: now,
      updatedAt: now,
    });
    await repos.audit.insert({
      engagementId: entry.engagementId,
      actorId: null,
      action: 'delivery_retried',
      outcome: 'done',
      details: { outboxId, lastErrorCode: entry.lastErrorCode },
      createdAt: now,
    });
    return true;
  });
  if (retried) {
    deps.logger.info({ outboxId }, 'failed delivery queued again');
    await deps.scheduler.deliver([outboxId]);
  }
  return retried;
}

/** What HR and operators may see of a failed delivery: ids, a code and when — never the content. */
export interface FailedDelivery {
  outboxId: string;
  engagementId: string | null;
  code: string;
  attempts: number;
  failedAt: Date;
}

export async function failedDeliveries(
  read: Repositories,
  options: { engagementId?: string; limit?: number } = {},
): Promise<FailedDelivery[]> {
  const entries = options.engagementId
    ? (await read.outbox.listByEngagement(options.engagementId)).filter((entry) => entry.status === 'failed')
    : await read.outbox.listFailed(options.limit ?? 100);
  return entries.slice(0, options.limit ?? 100).map((entry) => ({
    outboxId: entry.id,
    engagementId: entry.engagementId,
    code: entry.lastErrorCode ?? 'unknown',
    attempts: entry.attempts,
    failedAt: entry.updatedAt,
  }));
}

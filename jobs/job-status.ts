import { type FailedDelivery, failedDeliveries } from '../src/outbox/retry-failed-delivery.js';
import type { Repositories } from '../src/ports/repositories.js';
import type { TriadQueues } from './queues.js';

const states = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

export interface JobsStatus {
  queues: { name: string; counts: Record<(typeof states)[number], number> }[];
  schedulers: number;
  pendingOutbox: number;
  failedOutbox: FailedDelivery[];
}

/** What operators see: per-queue counts, how many schedulers, and failed deliveries by id and code (no content). */
export async function jobsStatus(queues: TriadQueues, read: Repositories, limit = 50): Promise<JobsStatus> {
  const perQueue = await Promise.all(
    [queues.schedule, queues.delivery].map(async (queue) => {
      const counts = await queue.getJobCounts(...states);
      return {
        name: queue.name,
        counts: Object.fromEntries(
          states.map((state) => [state, counts[state] ?? 0]),
        ) as JobsStatus['queues'][number]['counts'],
      };
    }),
  );
  return {
    queues: perQueue,
    schedulers: await queues.schedule.getJobSchedulersCount(),
    pendingOutbox: (await read.outbox.listDue(new Date('9999-12-31T00:00:00Z'), 10_000)).length,
    failedOutbox: await failedDeliveries(read, { limit }),
  };
}

/** Plain text for a terminal. */
export function formatJobsStatus(status: JobsStatus): string {
  const lines = ['Queues'];
  for (const queue of status.queues) {
    const counts = states.map((state) => `${state} ${queue.counts[state]}`).join(', ');
    lines.push(`  ${queue.name}: ${counts}`);
  }
  lines.push(`Schedulers: ${status.schedulers}`, `Outbox pending: ${status.pendingOutbox}`);
  lines.push(`Outbox failed: ${status.failedOutbox.length}`);
  for (const failed of status.failedOutbox) {
    lines.push(
      `  ${failed.outboxId}  engagement ${failed.engagementId ?? '-'}  ${failed.code}  attempts ${failed.attempts}  ${failed.failedAt.toISOString()}`,
    );
  }
  return lines.join('\n');
}

import { type Job, Queue, Worker } from 'bullmq';
import type { Logger } from '../src/ports/logger.js';
import type { TriadQueues } from './queues.js';

/**
 * Requests a person is waiting on (slash commands): the HTTP app acknowledges them at once and puts them here,
 * and a worker runs the use case and answers. The queue sits beside the schedule and delivery queues, under the
 * same prefix.
 */
export const INBOUND_QUEUE_NAME = 'inbound';

/** How a request is run once taken off the queue; it answers the person itself. */
export type InboundHandler = (payload: unknown) => Promise<void>;

export interface InboundQueue {
  /**
   * Queues one request. `requestId` is the platform's own id for it (e.g. Slack's trigger_id), so the same
   * request sent twice is queued once while the first is kept (an hour).
   */
  add(kind: string, requestId: string, payload: object): Promise<void>;
  close(): Promise<void>;
}

export interface InboundWorker {
  close(): Promise<void>;
}

/** A person is waiting: one attempt, and the job id keeps a re-sent request out for an hour. */
const inboundJobOptions = {
  attempts: 1,
  removeOnComplete: { age: 3_600 },
  removeOnFail: { age: 24 * 3_600 },
} as const;

const jobIdOf = (kind: string, requestId: string) => `${kind}-${requestId.replace(/:/g, '_')}`;

/** Longer than a healthy Redis ever takes; short enough to leave the caller time to do the work itself. */
export const INBOUND_ADD_TIMEOUT_MS = 1_000;

/** How long a count of the workers listening on the inbound queue is trusted before it is taken again. */
export const WORKER_CHECK_MS = 5_000;

/** Nothing would take the request off the queue: no inbound worker is connected (e.g. all scaled down). */
export class NoInboundWorkerError extends Error {
  constructor() {
    super('no worker is listening on the inbound queue');
    this.name = 'NoInboundWorkerError';
  }
}

/**
 * The producer side. Its connection fails fast while Redis is away (no offline queue, no retries) and `add`
 * gives up after INBOUND_ADD_TIMEOUT_MS, or refuses when no worker is listening (counted every
 * WORKER_CHECK_MS), so a caller holding a person's request can run it itself instead.
 */
export function openInboundQueue(queues: TriadQueues): InboundQueue {
  const connection = queues.connection({ enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  const queue = new Queue(INBOUND_QUEUE_NAME, { connection, prefix: queues.prefix });
  queue.on('error', () => {
    // Connection problems surface as rejected adds, which the caller handles.
  });
  let listening: { at: number; count: Promise<number> } | undefined;
  const workersListening = (): Promise<number> => {
    const now = Date.now();
    if (!listening || now - listening.at > WORKER_CHECK_MS) {
      listening = { at: now, count: queue.getWorkersCount() };
      listening.count.catch(() => undefined);
    }
    return listening.count;
  };
  // Requests arriving in the same turn of the event loop go to Redis together: one MULTI instead of one
  // round trip each, which is what a burst of commands costs the process that acknowledges them.
  let batch: { job: Parameters<Queue['addBulk']>[0][number]; settle: (error?: unknown) => void }[] = [];
  const flush = () => {
    const sending = batch;
    batch = [];
    queue.addBulk(sending.map((one) => one.job)).then(
      () => {
        for (const one of sending) one.settle();
      },
      (error: unknown) => {
        for (const one of sending) one.settle(error);
      },
    );
  };
  return {
    async add(kind, requestId, payload) {
      const job = {
        name: kind,
        data: payload,
        opts: { ...inboundJobOptions, jobId: jobIdOf(kind, requestId) },
      };
      const added = workersListening().then((workers) => {
        if (workers === 0) throw new NoInboundWorkerError();
        return new Promise<void>((resolve, reject) => {
          if (batch.length === 0) setImmediate(flush);
          batch.push({ job, settle: (error) => (error === undefined ? resolve() : reject(error)) });
        });
      });
      added.catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('the inbound queue did not answer in time')),
          INBOUND_ADD_TIMEOUT_MS,
        );
      });
      try {
        await Promise.race([added, timedOut]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => queue.close(),
  };
}

export interface InboundWorkerOptions {
  logger: Logger;
  /** Requests run at once per process (each is a handful of database round trips and one answer). */
  concurrency?: number;
}

/**
 * Runs queued requests with the handler registered for their kind. A handler answers the person itself, errors
 * included; what escapes it is logged by job id and kind only (the payload may hold what a person typed).
 */
export function startInboundWorker(
  queues: TriadQueues,
  handlers: Readonly<Record<string, InboundHandler>>,
  options: InboundWorkerOptions,
): InboundWorker {
  const worker = new Worker(
    INBOUND_QUEUE_NAME,
    async (job: Job) => {
      const handler = handlers[job.name];
      if (!handler) throw new Error(`no handler for inbound requests of kind ${job.name}`);
      await handler(job.data);
    },
    { connection: queues.connection(), prefix: queues.prefix, concurrency: options.concurrency ?? 8 },
  );
  worker.on('failed', (job, error) => {
    options.logger.error({ jobId: job?.id, kind: job?.name, err: error.name }, 'inbound request failed');
  });
  worker.on('error', (error) => {
    options.logger.warn({ err: error.name }, 'inbound worker connection problem');
  });
  return { close: () => worker.close() };
}

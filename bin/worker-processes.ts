import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../src/ports/logger.js';

/** What a worker process tells the primary once its workers run. */
export const WORKER_READY = 'triad-worker-ready';

/** Tells the primary (if any) that this worker process is running. */
export const announceWorkerReady = (): void => {
  process.send?.(WORKER_READY);
};

/** The index of this worker process among its machine's (0 in a single process). */
export const workerIndex = (): number => Number(process.env.TRIAD_WORKER_INDEX ?? '0');

/**
 * The primary of `npm run worker` with several processes: forks `count` worker processes (node:cluster, the
 * same script and Node options), forks a replacement when one dies unexpectedly, and on SIGTERM / SIGINT
 * passes the signal on and exits once every worker has finished its running work and exited.
 */
export function superviseWorkerProcesses(count: number, logger: Logger): void {
  let stopping = false;
  let exitCode = 0;
  const fork = (index: number): Worker => {
    const worker = cluster.fork({ TRIAD_WORKER_INDEX: String(index) });
    let ready = false;
    worker.on('message', (message) => {
      if (message === WORKER_READY) ready = true;
    });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      if (!ready) {
        // It could not start (configuration, database): another would fail the same way.
        logger.error({ index, code, signal }, 'a worker process failed to start; stopping');
        exitCode = 1;
        stop('SIGTERM');
        return;
      }
      logger.warn({ index, code, signal }, 'worker process exited; starting another');
      fork(index);
    });
    return worker;
  };
  for (let index = 0; index < count; index += 1) fork(index);
  logger.info({ processes: count }, 'worker processes started');
  function stop(signal: NodeJS.Signals) {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
    let running = workers.length;
    if (running === 0) process.exit(exitCode);
    for (const worker of workers) {
      worker.once('exit', () => {
        running -= 1;
        if (running === 0) {
          logger.info({ processes: count }, 'worker processes stopped');
          process.exit(exitCode);
        }
      });
      worker.process.kill(signal);
    }
  }
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

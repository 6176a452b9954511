import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `read` until `done` holds. Gives up after `timeoutMs`, or sooner when the value has not changed for
 * `stuckMs` (the system stopped making progress).
 */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  stuckMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let changedAt = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    const seen = JSON.stringify(value);
    if (seen !== last) {
      last = seen;
      changedAt = Date.now();
    }
    if (Date.now() > deadline || Date.now() - changedAt > stuckMs) {
      throw new Error(`gave up waiting (unchanged for ${Date.now() - changedAt} ms; last: ${seen})`);
    }
    await sleep(100);
  }
}

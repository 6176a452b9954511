import { setTimeout as sleep } from 'node:timers/promises';
import { isTriadError, UnavailableError } from '../src/errors.js';
import type { Logger } from '../src/ports/logger.js';
import type { Repositories, UnitOfWork } from '../src/ports/repositories.js';
import type { TriadDatabase } from './client.js';
import { databaseErrorCode, isConnectionFailure, isRetryable } from './repositories/database-errors.js';
import { createRepositories } from './repositories/index.js';

export interface UnitOfWorkOptions {
  /** How often a transaction that hit a serialization failure or deadlock is run again (3). */
  readonly retries?: number;
  readonly logger?: Logger;
}

/** One run of a transaction: whether the driver has settled it, and the first statement that failed. */
interface Attempt {
  ended: boolean;
  /** The driver ended it because the connection closed. */
  lost: boolean;
  failure: { error: unknown } | undefined;
}

/**
 * Transactions on a drizzle database (postgres.js or PGlite). `work` may run more than once (after a deadlock
 * or serialization failure), so it must not have effects outside the database before it resolves.
 */
export function createUnitOfWork(db: TriadDatabase, options: UnitOfWorkOptions = {}): UnitOfWork {
  const retries = options.retries ?? 3;
  const logger = options.logger;
  const unavailable = (error: unknown) => {
    if (!isConnectionFailure(error)) return error;
    logger?.warn({ code: databaseErrorCode(error) }, 'database unavailable');
    return new UnavailableError(error);
  };
  return {
    read: mapEachMethod(createRepositories(db), async (call) => {
      try {
        return await call();
      } catch (error) {
        throw unavailable(error);
      }
    }),
    async transaction(work) {
      for (let attempt = 1; ; attempt += 1) {
        const state: Attempt = { ended: false, lost: false, failure: undefined };
        try {
          return await db
            .transaction((tx) => runAttempt(tx, work, state))
            .then(
              (result) => {
                state.ended = true;
                return result;
              },
              (error: unknown) => {
                state.ended = true;
                state.lost = isConnectionFailure(error);
                throw error;
              },
            );
        } catch (error) {
          if (attempt <= retries && isRetryable(error)) {
            logger?.info({ code: databaseErrorCode(error), attempt }, 'transaction retried');
            continue;
          }
          throw unavailable(error);
        }
      }
    },
  };
}

async function runAttempt<T>(
  tx: TriadDatabase,
  work: (repos: Repositories) => Promise<T>,
  state: Attempt,
): Promise<T> {
  const repos = mapEachMethod(createRepositories(tx), async (call) => {
    // The transaction is over (or the driver gave up on it as its connection closed): no statement may reach
    // its connection any more.
    if (state.lost) throw new UnavailableError(new Error('the connection of this transaction closed'));
    if (state.ended) throw new Error('This transaction has ended; its repositories are closed.');
    try {
      return await call();
    } catch (error) {
      if (!isTriadError(error)) state.failure ??= { error };
      throw error;
    }
  });
  let outcome: { value: T } | { error: unknown };
  try {
    outcome = { value: await work(repos) };
  } catch (error) {
    outcome = { error };
  }
  if (state.ended || isConnectionFailure(state.failure?.error) || isConnectionFailure(errorOf(outcome))) {
    await connectionGone(state);
  }
  if ('error' in outcome) throw outcome.error;
  // Postgres aborted the transaction at the failed statement; `work` went on, but nothing can be committed.
  if (state.failure) throw state.failure.error;
  return outcome.value;
}

const errorOf = (outcome: { value: unknown } | { error: unknown }) =>
  'error' in outcome ? outcome.error : undefined;

/**
 * The connection of this transaction is gone. postgres.js 3.4.9 rejects the transaction as soon as it notices,
 * but would then send ROLLBACK on the dead connection when this callback settles, and crash the process from a
 * timer (porsager/postgres#1208). So once the driver has given up, this callback never settles: the caller
 * already has its error. If the driver has not given up after a few seconds, the callback settles normally.
 */
async function connectionGone(state: Attempt): Promise<never | undefined> {
  for (let waited = 0; !state.ended && waited < 5_000; waited += 10)
    await sleep(10, undefined, { ref: false });
  if (state.ended) return new Promise<never>(() => {});
  return undefined;
}

/** Wraps every repository method in `around`. */
function mapEachMethod(
  repos: Repositories,
  around: (call: () => Promise<unknown>) => Promise<unknown>,
): Repositories {
  const wrapped: Record<string, Record<string, unknown>> = {};
  for (const [name, repository] of Object.entries(repos)) {
    const methods: Record<string, unknown> = {};
    for (const [method, fn] of Object.entries(
      repository as Record<string, (...args: unknown[]) => unknown>,
    )) {
      methods[method] = (...args: unknown[]) => around(async () => fn(...args));
    }
    wrapped[name] = methods;
  }
  return wrapped as unknown as Repositories;
}

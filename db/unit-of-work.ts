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
    read: mapEachMethod(createRepositories(db), (error) => {
      throw unavailable(error);
    }),
    async transaction(work) {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await db.transaction(async (tx) => {
            let failure: { error: unknown } | undefined;
            const repos = mapEachMethod(createRepositories(tx), (error) => {
              if (!isTriadError(error)) failure ??= { error };
              throw error;
            });
            const result = await work(repos);
            // Postgres aborted the transaction at that statement; `work` went on, but nothing can be committed.
            if (failure) throw failure.error;
            return result;
          });
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

/** Wraps every repository method so its rejections pass through `onError` (which rethrows). */
function mapEachMethod(repos: Repositories, onError: (error: unknown) => never): Repositories {
  const wrapped: Record<string, Record<string, unknown>> = {};
  for (const [name, repository] of Object.entries(repos)) {
    const methods: Record<string, unknown> = {};
    for (const [method, fn] of Object.entries(
      repository as Record<string, (...args: unknown[]) => unknown>,
    )) {
      methods[method] = async (...args: unknown[]) => {
        try {
          return await fn(...args);
        } catch (error) {
          return onError(error);
        }
      };
    }
    wrapped[name] = methods;
  }
  return wrapped as unknown as Repositories;
}

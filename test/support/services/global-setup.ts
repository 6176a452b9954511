import type { TestProject } from 'vitest/node';
import { startPrivatePostgres } from './private-postgres.js';
import { startPrivateRedis } from './private-redis.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server URL for `createTestDatabase()`: a private PostgreSQL, or DATABASE_URL when set. */
    databaseUrl: string;
    /** URL for `testRedis()`: a private Redis, or REDIS_URL when set. */
    redisUrl: string;
  }
}

/**
 * Starts one private PostgreSQL and one private Redis for the whole run, unless DATABASE_URL or
 * REDIS_URL point at servers to use instead, and provides their URLs to the test files.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const startedAt = performance.now();
  const [postgres, redis] = await Promise.all([
    process.env.DATABASE_URL ? undefined : timed(startPrivatePostgres),
    process.env.REDIS_URL ? undefined : timed(startPrivateRedis),
  ]);
  const databaseUrl = process.env.DATABASE_URL ?? postgres?.service.url ?? '';
  const redisUrl = process.env.REDIS_URL ?? redis?.service.url ?? '';
  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', redisUrl);

  const describe = (name: string, started: Timed<{ port: number }> | undefined, envName: string) =>
    started
      ? `${name} 127.0.0.1:${started.service.port} (${seconds(started.ms)})`
      : `${name} from ${envName}`;
  process.stderr.write(
    `services: ${describe('PostgreSQL', postgres, 'DATABASE_URL')}, ${describe('Redis', redis, 'REDIS_URL')}, ` +
      `ready in ${seconds(performance.now() - startedAt)}\n`,
  );

  return async () => {
    await Promise.all([postgres?.service.stop(), redis?.service.stop()]);
  };
}

interface Timed<T> {
  readonly service: T;
  readonly ms: number;
}

async function timed<T>(start: () => Promise<T>): Promise<Timed<T>> {
  const startedAt = performance.now();
  const service = await start();
  return { service, ms: performance.now() - startedAt };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

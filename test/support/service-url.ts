import { inject } from 'vitest';

const what = { databaseUrl: 'PostgreSQL', redisUrl: 'Redis' } as const;

/**
 * The URL of a service the services tier's global setup started (or DATABASE_URL / REDIS_URL). A file of the
 * fast tier (`npm run test:fast`) has none: it fails here, saying so, instead of trying to connect to nothing.
 */
export function serviceUrl(name: keyof typeof what): string {
  const url = inject(name);
  if (!url) {
    throw new Error(
      `This test needs ${what[name]}, which only the services tier starts (npm test). test/support/tiers.ts ` +
        'puts every file that imports test/support/test-database.ts or test-redis.ts there.',
    );
  }
  return url;
}

import { z } from 'zod';
import { optionalString, parseEnv, postgresUrl } from './env.js';

/** What `npm run db:migrate` reads: the database and nothing else. */
export const databaseConfigSchema = z
  .object({ DATABASE_URL: optionalString.pipe(postgresUrl.optional()) })
  .transform((env, ctx) => {
    if (env.DATABASE_URL) return { DATABASE_URL: env.DATABASE_URL };
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_URL'],
      message: 'is required: the database to migrate, e.g. postgres://user:password@host:5432/triad',
    });
    return z.NEVER;
  });
export type DatabaseConfig = z.output<typeof databaseConfigSchema>;

export const parseDatabaseConfig = (env: Record<string, string | undefined>): DatabaseConfig =>
  parseEnv(databaseConfigSchema, env, 'db:migrate cannot run');

import { z } from 'zod';
import { appConfigSchema } from './app.config.js';
import { optionalString, parseEnv, postgresUrl } from './env.js';

/** What `npm run tenants` reads: the database, and the tenants the configuration always serves. */
export const tenantsConfigSchema = z.object({
  DATABASE_URL: optionalString.pipe(postgresUrl),
  TEAMS_APP_TENANT_ID: appConfigSchema.shape.TEAMS_APP_TENANT_ID,
  TEAMS_TENANT_IDS: appConfigSchema.shape.TEAMS_TENANT_IDS,
});
export type TenantsConfig = z.output<typeof tenantsConfigSchema>;

export const parseTenantsConfig = (env: Record<string, string | undefined>): TenantsConfig =>
  parseEnv(tenantsConfigSchema, env, 'tenants cannot run');

/** The command line: `allow|refuse <tenant-id> [--by <who>]` or `list`. */
export const tenantsCommandSchema = z.union(
  [
    z
      .tuple([z.enum(['allow', 'refuse']), z.string()])
      .rest(z.string())
      .transform(([verb, tenantId, ...rest]) => ({ verb, tenantId, by: byOf(rest) })),
    z.tuple([z.literal('list')]).transform(() => ({ verb: 'list' as const })),
  ],
  { message: 'usage: npm run tenants -- allow|refuse <tenant-id> [--by <who>] | list' },
);

function byOf(rest: string[]): string | undefined {
  const at = rest.indexOf('--by');
  return at >= 0 ? rest.slice(at + 1).join(' ') : undefined;
}

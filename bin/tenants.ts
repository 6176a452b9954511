import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { z } from 'zod';
import { createDatabase } from '../db/client.js';
import { createUnitOfWork } from '../db/unit-of-work.js';
import { decideTenant, listTenants } from '../src/use-cases/tenants/tenant-access.js';
import { parseTenantsConfig, tenantsCommandSchema } from './config/tenants.config.js';
import { loadConfig } from './load-config.js';
import { servedTenantIds } from './wire-teams.js';

/**
 * `npm run tenants -- allow <tenant-id>`, `refuse <tenant-id>`, `list`: the Triad operator's allow-list of
 * Microsoft 365 tenants beyond the configured ones (TEAMS_APP_TENANT_ID, TEAMS_TENANT_IDS, always served). Each
 * decision is audited with who made it (`--by`, else the operating-system user); it takes effect on the next
 * activity in every process.
 */
const config = loadConfig(parseTenantsConfig);
const command = tenantsCommandSchema.safeParse(process.argv.slice(2));
if (!command.success) {
  process.stderr.write(`${z.prettifyError(command.error)}\n`);
  process.exit(2);
}
const configured = new Set(servedTenantIds(config));
const database = createDatabase(config.DATABASE_URL, { max: 1 });
const uow = createUnitOfWork(database.db);
const out = (line: string) => process.stdout.write(`${line}\n`);
try {
  const { data } = command;
  if (data.verb === 'list') {
    const listing = await listTenants(uow.read, configured);
    if (listing.length === 0) out('No tenants: set TEAMS_TENANT_IDS or allow one.');
    for (const t of listing) {
      const why = t.source === 'config' ? 'configuration' : `${t.decidedBy}, ${t.decidedAt?.toISOString()}`;
      out(`${t.tenantId}  ${t.served ? 'allowed' : 'refused'}  (${why})`);
    }
  } else {
    const allowed = data.verb === 'allow';
    const decided = await decideTenant(
      { tenantId: data.tenantId, allowed, decidedBy: data.by ?? userInfo().username },
      { uow, clock: { now: () => new Date() }, ids: { newId: () => randomUUID() } },
    );
    out(`${decided.tenantId} ${allowed ? 'allowed' : 'refused'} (recorded in the audit log).`);
    if (!allowed && configured.has(decided.tenantId)) {
      out(
        'It is in the configuration, which always serves it: remove it from TEAMS_TENANT_IDS to refuse it.',
      );
    }
  }
} catch (error) {
  const message = error instanceof z.ZodError ? z.prettifyError(error) : `failed (${(error as Error).name})`;
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const CONFIGURED = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
const OTHER = '7C6B5A49-3827-4165-9EFD-CBA987654321';

let database: TestDatabase;

/** Runs `npm run tenants`'s script with these arguments and exactly this environment. */
async function tenants(args: string[]) {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATABASE_URL: database.url,
    TEAMS_TENANT_IDS: CONFIGURED,
  };
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, ['bin/tenants.ts', ...args], {
      cwd: repo,
      env,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

describe('npm run tenants', () => {
  it('allows and refuses a tenant, audited with who decided; lists the configured ones as always allowed', async () => {
    const allowed = await tenants(['allow', OTHER, '--by', 'ops@firm.example']);
    expect(allowed).toMatchObject({ code: 0, stderr: '' });
    expect(allowed.stdout).toContain(`${OTHER.toLowerCase()} allowed`);

    const listed = await tenants(['list']);
    expect(listed.stdout).toContain(`${CONFIGURED}  allowed  (configuration)`);
    expect(listed.stdout).toContain(`${OTHER.toLowerCase()}  allowed  (ops@firm.example,`);

    expect((await tenants(['refuse', OTHER, '--by', 'lead'])).code).toBe(0);
    expect((await tenants(['list'])).stdout).toContain(`${OTHER.toLowerCase()}  refused  (lead,`);

    const audit = await database.sql<{ action: string; details: Record<string, unknown> }[]>`
      select action, details from audit_log order by id`;
    expect(audit.map((a) => a.action)).toEqual(['tenant_allowed', 'tenant_refused']);
    expect(audit[1]?.details).toMatchObject({
      tenantId: OTHER.toLowerCase(),
      decidedBy: 'lead',
      before: true,
    });
  }, 300_000);

  it('says a configured tenant cannot be refused here, and refuses bad input without changing anything', async () => {
    const configured = await tenants(['refuse', CONFIGURED, '--by', 'lead']);
    expect(configured.stdout).toContain('always serves it');

    const before = await database.sql`select * from tenant_access order by tenant_id`;
    const bad = await tenants(['allow', 'contoso.onmicrosoft.com']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('must be a Microsoft 365 tenant id');
    const usage = await tenants(['grant', OTHER]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run tenants');
    expect(await database.sql`select * from tenant_access order by tenant_id`).toEqual(before);
  }, 300_000);
});

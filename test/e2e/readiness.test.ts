import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../bin/config/app.config.js';
import { type CoreRuntime, openCore } from '../../bin/wire-core.js';
import { healthRoutes, startRouteServer } from '../../bin/wire-http.js';
import {
  type PrivatePostgres,
  type PrivateRedis,
  startPrivatePostgres,
  startPrivateRedis,
} from '../support/services/index.js';

// Private instances of this file only: stopping them never disturbs other test files.
let postgres: PrivatePostgres;
let redis: PrivateRedis;
let runtime: CoreRuntime;
let server: Server;
let base: string;
let openServer: Server;
let openBase: string;
const OPS_TOKEN = 'ops-token-for-readiness-tests-0123';

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  const config = parseAppConfig({
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    TRIAD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  });
  runtime = openCore(config, pino({ level: 'silent' }));
  server = await startRouteServer(healthRoutes(runtime.checks, { opsToken: OPS_TOKEN }), 0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The same routes in a deployment that set no OPS_TOKEN.
  openServer = await startRouteServer(healthRoutes(runtime.checks, {}), 0);
  openBase = `http://127.0.0.1:${(openServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await new Promise((resolve) => openServer?.close(resolve));
  await runtime?.close().catch(() => undefined);
  await Promise.all([postgres?.stop(), redis?.stop()]);
});

async function readiness() {
  const response = await fetch(`${base}/readyz`, { headers: { authorization: `Bearer ${OPS_TOKEN}` } });
  return { status: response.status, body: (await response.json()) as { checks: Record<string, string> } };
}

async function eventually(expected: number) {
  let last = await readiness();
  for (let i = 0; i < 40 && last.status !== expected; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    last = await readiness();
  }
  return last;
}

describe('/readyz is for operators', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a wrong token', 'Bearer not-the-ops-token-at-all-000000'],
    ['the token without the Bearer scheme', OPS_TOKEN],
    ['a token that only starts like the right one', `Bearer ${OPS_TOKEN.slice(0, 10)}`],
  ])('answers 401 with no readiness details to %s', async (_, authorization) => {
    const response = await fetch(`${base}/readyz`, authorization ? { headers: { authorization } } : {});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const body = await response.text();
    expect(body).not.toMatch(/postgres|redis|ready/i);
  });

  it('keeps /healthz a bare liveness answer that needs no token', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('without OPS_TOKEN configured, answers readiness as a status alone, never the dependency details', async () => {
    const response = await fetch(`${openBase}/readyz`, {
      headers: { authorization: 'Bearer anything-at-all-000000000000' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });
});

describe('/readyz on private PostgreSQL and Redis', () => {
  it('is ready, and /healthz is alive, while both answer', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await readiness()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { postgres: 'ok', redis: 'ok' } },
    });
  });

  it('turns unready while PostgreSQL is stopped and ready again when it returns', async () => {
    await postgres.stopKeepingData();
    const down = await eventually(503);
    expect(down.body.checks).toEqual({ postgres: 'unavailable', redis: 'ok' });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await postgres.start();
    expect((await eventually(200)).body.checks).toEqual({ postgres: 'ok', redis: 'ok' });
  });

  it('turns unready while Redis is stopped and ready again when it returns', async () => {
    await redis.stop();
    const down = await eventually(503);
    expect(down.body.checks).toEqual({ postgres: 'ok', redis: 'unavailable' });
    redis = await startPrivateRedis({ port: redis.port });
    expect((await eventually(200)).body.checks).toEqual({ postgres: 'ok', redis: 'ok' });
  });
});

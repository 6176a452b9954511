import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ID,
  APP_PASSWORD,
  startTeamsFakes,
  TENANT_ID,
  type TeamsFakes,
} from '../../adapters/teams/support/teams-fakes.js';
import { inboundActivity, postActivity } from '../../support/fake-bot-connector/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { type TestRedis, testRedis } from '../../support/test-redis.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

let teams: TeamsFakes;
let database: TestDatabase;
let redis: TestRedis;
let server: ChildProcess;
let output = '';
let base = '';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function until(check: () => boolean | Promise<boolean>, limitMs = 20_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end)
      throw new Error(`condition not met; server output:\n${output.split('\n').slice(-30).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  teams = await startTeamsFakes();
  database = await createTestDatabase();
  redis = testRedis();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['--import', 'tsx', 'bin/server.ts'], {
    cwd: root,
    // Configuration only: every Teams endpoint points at the local stand-ins through the environment.
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: String(port),
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      TRIAD_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      TEAMS_APP_ID: APP_ID,
      TEAMS_APP_PASSWORD: APP_PASSWORD,
      TEAMS_APP_TENANT_ID: TENANT_ID,
      ...teams.endpointsConfig(),
      RUN_WORKERS_IN_APP: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  server.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  await until(async () => {
    try {
      return (await fetch(`${base}/healthz`)).status === 200;
    } catch {
      return false;
    }
  }, 30_000);
});

afterAll(async () => {
  if (server?.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  await redis?.cleanup();
  await database?.drop();
  await teams?.close();
});

describe('bin/server.ts with its Teams endpoints from the environment', () => {
  it('answers a signed activity through the stand-in Bot Connector with a token from the stand-in Entra ID', async () => {
    const user = teams.fake.addUser({ name: 'Harper HR', email: 'hr@contoso.example' } as never);
    const chat = teams.fake.addConversation({ conversationType: 'personal', memberIds: [user.id] });
    const activity = inboundActivity(teams.fake, {
      conversationId: chat.id,
      fromUserId: user.id,
      botAppId: APP_ID,
      text: 'help',
    });

    const refused = await postActivity(`${base}/api/messages`, activity, {});
    expect(refused.status).toBe(401);
    const result = await postActivity(`${base}/api/messages`, activity, {
      authorization: `Bearer ${teams.channelToken()}`,
    });

    expect(result.status).toBe(200);
    await until(() => teams.fake.activitiesIn(chat.id).length > 0);
    const [reply] = teams.fake.activitiesIn(chat.id);
    expect(teams.tokens.claimsOf(reply?.authorization ?? '')).toMatchObject({
      appid: APP_ID,
      tid: TENANT_ID,
    });
  });
});

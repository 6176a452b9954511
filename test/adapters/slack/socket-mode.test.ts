import { createServer } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackApp, type SlackApp } from '../../../adapters/slack/slack-app.js';
import type { SlackDeps } from '../../../adapters/slack/slack-deps.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack/index.js';

let fake: FakeSlack | undefined;
let app: SlackApp | undefined;

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

afterEach(async () => {
  await app?.stop().catch(() => undefined);
  await fake?.close();
});

describe('Socket Mode', () => {
  it('connects with the app-level token through SLACK_API_URL and serves the health routes on PORT', async () => {
    fake = await startFakeSlack();
    const port = await freePort();
    const deps = { core: {} as SlackDeps['core'], logger: pino({ level: 'silent' }) };
    app = createSlackApp(
      {
        mode: 'socket',
        botToken: 'xoxb-socket-test',
        appToken: 'xapp-socket-test',
        apiUrl: fake.url,
        httpPort: port,
        customRoutes: [
          { path: '/healthz', method: 'GET', handler: (_req, res) => res.writeHead(200).end('ok') },
        ],
      },
      deps,
    );
    expect(app.mode).toBe('socket');
    // Slack would answer apps.connections.open with a WebSocket URL; the fake does not, so start() keeps trying.
    void app.start(port).catch(() => undefined);
    const opened = async () => (fake?.callsTo('apps.connections.open') ?? []).length > 0;
    for (let i = 0; i < 200 && !(await opened()); i += 1) await new Promise((r) => setTimeout(r, 25));
    expect(fake.callsTo('apps.connections.open')[0]?.token).toBe('xapp-socket-test');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
  });
});

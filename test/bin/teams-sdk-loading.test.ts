import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const TEAMS_SDKS = [
  'botbuilder',
  'botframework-connector',
  '@azure/identity',
  '@microsoft/microsoft-graph-client',
];

/**
 * The npm packages `entry` loads before it runs: started with an empty environment, the worker and the server
 * refuse their configuration and exit once their imports are done (a module without side effects just ends).
 */
async function packagesLoadedBy(entry: string): Promise<string[]> {
  const args = ['--import', 'tsx', '--import', './test/support/loaded-packages.mjs', entry];
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  const output = await promisify(execFile)(process.execPath, args, { cwd: repo, env, timeout: 60_000 }).then(
    (done) => done.stderr,
    (failed: { stderr?: string }) => failed.stderr ?? '',
  );
  const line = /LOADED_PACKAGES (.*)/.exec(output);
  if (!line?.[1]) throw new Error(`${entry} printed no package list:\n${output}`);
  return JSON.parse(line[1]) as string[];
}

describe('a deployment without Teams does not load the Teams SDKs (about 35 MiB per process)', () => {
  it('the Teams wiring itself loads them (what the other cases look for)', async () => {
    expect(await packagesLoadedBy('bin/wire-teams.ts')).toEqual(expect.arrayContaining(TEAMS_SDKS));
  });

  it.each(['bin/worker-process.ts', 'bin/server.ts'])(
    '%s imports them only once TEAMS_APP_ID is set',
    async (entry) => {
      const loaded = await packagesLoadedBy(entry);
      expect(loaded).toContain('@slack/web-api');
      expect(loaded.filter((name) => TEAMS_SDKS.includes(name))).toEqual([]);
    },
  );
});

describe('the primary of several worker processes only supervises them', () => {
  it('loads neither Bolt nor the Redis client, as each worker process does (of the CommonJS packages seen)', async () => {
    const loaded = await packagesLoadedBy('bin/worker.ts');
    expect(loaded).toContain('pino');
    expect(loaded.filter((name) => ['@slack/bolt', '@slack/web-api', 'ioredis'].includes(name))).toEqual([]);
    expect(await packagesLoadedBy('bin/worker-process.ts')).toEqual(
      expect.arrayContaining(['@slack/web-api', 'ioredis']),
    );
  });
});

describe('a worker process delivers through the Slack Web API client alone', () => {
  it("loads neither Bolt's app nor its HTTP server and Socket Mode client; the server does", async () => {
    const boltApp = ['@slack/bolt', '@slack/socket-mode', '@slack/oauth', 'express'];
    const worker = await packagesLoadedBy('bin/worker-process.ts');
    expect(worker).toContain('@slack/web-api');
    expect(worker.filter((name) => boltApp.includes(name))).toEqual([]);
    expect(await packagesLoadedBy('bin/server.ts')).toEqual(expect.arrayContaining(boltApp));
  });
});

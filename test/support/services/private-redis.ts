import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import {
  fileSize,
  findExecutable,
  freePort,
  launch,
  makeServiceDir,
  ServiceStartError,
  serviceUser,
  terminate,
  trackForExit,
  waitForLog,
} from './service-process.js';

export interface PrivateRedisOptions {
  /** Port to listen on; a free one by default. */
  readonly port?: number;
}

export interface RestartOptions {
  /** Start with no keys, as after losing an unpersisted Redis. Default: keys survive the restart. */
  readonly empty?: boolean;
}

export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  /** Stops the server at once and deletes its files. */
  stop(): Promise<void>;
  /** Stops and starts the server on the same port; connections are cut. */
  restart(options?: RestartOptions): Promise<void>;
}

const READY = /Ready to accept connections/;
const SNAPSHOT = 'dump.rdb';

export function redisServerPath(): string {
  const path = findExecutable('redis-server', ['/usr/bin', '/usr/sbin']);
  if (!path) throw new Error('redis-server not found: run `bash scripts/ensure-services.sh`');
  return path;
}

/**
 * Starts a throw-away redis-server on 127.0.0.1 that never persists on its own and never evicts keys
 * (BullMQ requires `noeviction`).
 */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const executable = redisServerPath();
  const user = serviceUser();
  const dir = makeServiceDir('redis', user);
  const logPath = join(dir, 'redis.log');
  let child: ChildProcess | undefined;
  const untrack = trackForExit({ child: () => child, signal: 'SIGKILL', dir });

  const boot = async (port: number): Promise<void> => {
    const from = fileSize(logPath);
    child = launch(executable, serverArgs(dir, port), { cwd: dir, user, logPath, deathSignal: 'SIGKILL' });
    await waitForLog(child, logPath, from, READY);
  };

  const bootWithRetries = async (port: number, portIsFixed: boolean): Promise<number> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await boot(port);
        return port;
      } catch (error) {
        if (!(error instanceof ServiceStartError && error.portTaken) || attempt === 5) throw error;
        if (portIsFixed) await sleep(200);
        else port = await freePort();
      }
    }
  };

  try {
    const port = await bootWithRetries(options.port ?? (await freePort()), options.port !== undefined);
    const url = `redis://127.0.0.1:${port}`;
    return {
      url,
      port,
      restart: async ({ empty = false }: RestartOptions = {}) => {
        if (empty) rmSync(join(dir, SNAPSHOT), { force: true });
        else await saveSnapshot(url);
        if (child) await terminate(child, 'SIGKILL');
        await bootWithRetries(port, true);
      },
      stop: async () => {
        if (child) await terminate(child, 'SIGKILL');
        untrack();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child) await terminate(child, 'SIGKILL');
    untrack();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function saveSnapshot(url: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await client.connect();
    await client.save();
  } finally {
    client.disconnect();
  }
}

function serverArgs(dir: string, port: number): string[] {
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--dbfilename',
    SNAPSHOT,
    '--save',
    '',
    '--appendonly',
    'no',
    '--maxmemory-policy',
    'noeviction',
    '--daemonize',
    'no',
    '--logfile',
    '',
  ];
}

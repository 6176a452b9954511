import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A throw-away redis-server for the demo: its own temporary directory, a free port on 127.0.0.1, no snapshots,
 * no append-only file, `noeviction` (BullMQ needs it). It dies with this process, even on SIGKILL (through
 * `setpriv --pdeathsig` where util-linux has it), and its directory is removed on exit.
 */
export interface DemoRedis {
  readonly url: string;
  stop(): Promise<void>;
}

export class RedisMissingError extends Error {
  constructor() {
    super(
      'redis-server is not installed. Install it with `sudo apt-get install -y redis-server` ' +
        '(or `brew install redis`), or point the demo at a Redis you own with REDIS_URL=redis://host:6379.',
    );
    this.name = 'RedisMissingError';
  }
}

const find = (name: string, extra: readonly string[]) =>
  [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...extra]
    .map((dir) => join(dir, name))
    .find((path) => existsSync(path));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function serverArgs(dir: string, port: number): string[] {
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
    '--maxmemory-policy',
    'noeviction',
    '--daemonize',
    'no',
  ];
}

function launch(executable: string, args: string[]): ChildProcess {
  const setpriv = find('setpriv', ['/usr/bin', '/bin']);
  const [file, ...rest] = setpriv
    ? [setpriv, '--pdeathsig=SIGKILL', '--', executable, ...args]
    : [executable, ...args];
  return spawn(file as string, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
}

async function bootOnce(executable: string, dir: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = launch(executable, serverArgs(dir, port));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const deadline = Date.now() + 20_000;
  while (!/Ready to accept connections/.test(output)) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const error = new Error(
        `redis-server exited before it was ready:\n${output.split('\n').slice(-8).join('\n')}`,
      );
      (error as Error & { portTaken?: boolean }).portTaken = /Address already in use/i.test(output);
      throw error;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('redis-server was not ready after 20 s');
    }
    await sleep(20);
  }
  child.stdout?.removeAllListeners('data').resume();
  child.stderr?.removeAllListeners('data').resume();
  child.unref();
  return { child, port };
}

/** Starts the private Redis; throws RedisMissingError when redis-server cannot be found. */
export async function startDemoRedis(): Promise<DemoRedis> {
  const executable = find('redis-server', ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/opt/homebrew/bin']);
  if (!executable) throw new RedisMissingError();
  const dir = mkdtempSync(join(tmpdir(), 'triad-demo-redis-'));
  let child: ChildProcess | undefined;
  const cleanup = () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  // Ctrl-C or a kill: stop the server and remove its files, then die of the same signal.
  const onSignal = (signal: NodeJS.Signals) => {
    cleanup();
    process.kill(process.pid, signal);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const forget = () => {
    process.removeListener('exit', cleanup);
    for (const signal of signals) process.removeListener(signal, onSignal);
  };
  process.once('exit', cleanup);
  for (const signal of signals) process.once(signal, onSignal);
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const booted = await bootOnce(executable, dir);
        child = booted.child;
        const url = `redis://127.0.0.1:${booted.port}`;
        return {
          url,
          stop: async () => {
            const running = child;
            if (running && running.exitCode === null && running.signalCode === null) {
              // Held for the wait: an unref'd child would let the process end before its exit arrives.
              running.ref();
              const exited = new Promise((resolve) => running.once('exit', resolve));
              running.kill('SIGKILL');
              await exited;
            }
            forget();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      } catch (error) {
        if (!(error as { portTaken?: boolean }).portTaken || attempt === 5) throw error;
      }
    }
  } catch (error) {
    cleanup();
    forget();
    throw error;
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { findExecutable } from '../../test/support/services/service-process.js';

export interface ChildOptions {
  /** A TypeScript entry point (run with tsx), or a compiled `.js` one (run with node alone). */
  entry: string;
  args?: readonly string[];
  /** Node command-line flags placed before the entry point, as `node <flags> dist/bin/worker.js` ships them. */
  nodeFlags?: readonly string[];
  env?: Record<string, string>;
  /**
   * Resolve once the child prints a line `BENCH_READY <json>`, once GET `url` answers 200, or once the
   * `stdoutFile` has a line matching `pattern`.
   */
  ready: { kind: 'line' } | { kind: 'http'; url: string } | { kind: 'log'; pattern: RegExp };
  /** Directory for a V8 CPU profile of the child (`--cpu-prof`), written when it exits. */
  cpuProfileDir?: string;
  /** Write the child's stdout to this file instead of reading it (chatty processes such as the app). */
  stdoutFile?: string;
  timeoutMs?: number;
}

export interface BenchChild {
  readonly pid: number;
  /** The JSON the child printed with BENCH_READY (empty for HTTP readiness). */
  readonly info: Record<string, unknown>;
  /** Lines the child wrote to stdout after it was ready, most recent last (bounded). */
  readonly output: string[];
  /** Resident set size in bytes, from /proc. */
  rss(): number;
  /** Waits for the next stdout line matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  kill(): Promise<void>;
  /** Sends a signal (e.g. SIGSTOP / SIGCONT to pause and continue it). */
  signal(signal: NodeJS.Signals): void;
}

const READY = 'BENCH_READY ';

/**
 * Runs a process under test apart from the load generator, so that each has its own event loop. The child
 * is asked to die with this process (setpriv --pdeathsig) so an interrupted run leaves nothing behind.
 */
export async function startChild(options: ChildOptions): Promise<BenchChild> {
  const nodeArgs = [
    ...(options.nodeFlags ?? []),
    ...(options.entry.endsWith('.ts') ? ['--import', 'tsx'] : []),
  ];
  if (options.cpuProfileDir) {
    mkdirSync(options.cpuProfileDir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
  }
  const command = [process.execPath, ...nodeArgs, options.entry, ...(options.args ?? [])];
  const setpriv = findExecutable('setpriv', ['/usr/bin', '/bin']);
  const [file, ...rest] = setpriv ? [setpriv, '--pdeathsig=SIGKILL', '--', ...command] : command;
  const logFd = options.stdoutFile ? openSync(options.stdoutFile, 'a') : undefined;
  const child = spawn(file as string, rest, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', logFd ?? 'pipe', logFd ?? 'inherit'],
  });
  if (logFd !== undefined) closeSync(logFd);
  const output: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let info: Record<string, unknown> = {};
  let readyLine: ((line: string) => void) | undefined;
  if (child.stdout)
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith(READY) && readyLine) {
        readyLine(line.slice(READY.length));
        return;
      }
      output.push(line);
      if (output.length > 1000) output.shift();
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timeoutMs = options.timeoutMs ?? 60_000;
  try {
    await Promise.race([
      waitReady(options, child, (fn) => {
        readyLine = fn;
      }).then((json) => {
        info = json;
      }),
      exited.then(() => {
        const tail =
          options.stdoutFile && existsSync(options.stdoutFile)
            ? readFileSync(options.stdoutFile, 'utf8').slice(-2_000)
            : '';
        throw new Error(`${options.entry} exited before it was ready (code ${child.exitCode})\n${tail}`);
      }),
      sleep(timeoutMs, undefined, { ref: false }).then(() => {
        throw new Error(`${options.entry} not ready after ${timeoutMs} ms`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const pid = child.pid as number;
  const alive = () => child.exitCode === null && child.signalCode === null;
  const stop = async (graceMs = 10_000) => {
    if (!alive()) return;
    child.kill('SIGTERM');
    const forced = sleep(graceMs, undefined, { ref: false }).then(() => {
      if (alive()) child.kill('SIGKILL');
    });
    await Promise.race([exited, forced.then(() => exited)]);
  };
  return {
    pid,
    get info() {
      return info;
    },
    output,
    rss: () => rssOf(pid),
    waitForLine: (pattern, waitMs = 60_000) =>
      new Promise((resolve, reject) => {
        const found = output.find((line) => pattern.test(line));
        if (found) {
          resolve(found);
          return;
        }
        const timer = setTimeout(() => reject(new Error(`no line matching ${pattern}`)), waitMs);
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      }),
    stop,
    kill: async () => {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    signal: (signal) => {
      if (alive()) child.kill(signal);
    },
  };
}

async function waitReady(
  options: ChildOptions,
  child: ChildProcess,
  onLine: (fn: (line: string) => void) => void,
): Promise<Record<string, unknown>> {
  const { ready } = options;
  if (ready.kind === 'line') {
    const line = await new Promise<string>((resolve) => onLine(resolve));
    return JSON.parse(line) as Record<string, unknown>;
  }
  if (ready.kind === 'log') {
    const file = options.stdoutFile;
    if (!file) throw new Error('log readiness needs stdoutFile');
    for (;;) {
      if (child.exitCode !== null) throw new Error('exited');
      if (existsSync(file) && ready.pattern.test(readFileSync(file, 'utf8'))) return {};
      await sleep(200);
    }
  }
  for (;;) {
    if (child.exitCode !== null) throw new Error('exited');
    try {
      const response = await fetch(ready.url);
      await response.arrayBuffer();
      if (response.ok) return {};
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
}

/** Resident set size of a process in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const path = join('/proc', String(pid), 'status');
  if (!existsSync(path)) return Number.NaN;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(path, 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** Prints the ready line a parent's `startChild({ ready: { kind: 'line' } })` waits for. */
export function announceReady(info: Record<string, unknown>): void {
  process.stdout.write(`${READY}${JSON.stringify(info)}\n`);
}

/** In a child: exit when asked to (SIGTERM/SIGINT), after `close`. */
export function onStop(close: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    close()
      .catch((error: unknown) => {
        console.error(error);
      })
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}

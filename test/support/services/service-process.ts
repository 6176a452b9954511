import { type ChildProcess, spawn } from 'node:child_process';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The unprivileged account services run as when the tests run as root (initdb and postgres refuse root). */
export interface ServiceUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export function serviceUser(): ServiceUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const name = process.env.TRIAD_TEST_SERVICE_USER ?? 'nobody';
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === name);
  if (!entry) throw new Error(`user '${name}' to run test services as does not exist`);
  return { name, uid: Number(entry[2]), gid: Number(entry[3]) };
}

/** First executable named `name` on PATH, then in `extraDirs`. */
export function findExecutable(name: string, extraDirs: readonly string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...extraDirs];
  return dirs.map((dir) => join(dir, name)).find((path) => existsSync(path));
}

/**
 * A temporary directory owned by the service user. Its name carries our pid so that a later run can
 * remove what a killed run left behind.
 */
export function makeServiceDir(kind: string, user: ServiceUser | undefined): string {
  removeStaleDirs(kind);
  const dir = mkdtempSync(join(tmpdir(), `triad-${kind}-${process.pid}-`));
  if (user) chownSync(dir, user.uid, user.gid);
  return dir;
}

function removeStaleDirs(kind: string): void {
  const pattern = new RegExp(`^triad-${kind}-(\\d+)-`);
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(pattern.exec(name)?.[1] ?? Number.NaN);
    if (Number.isNaN(pid) || isAlive(pid)) continue;
    rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function freePort(): Promise<number> {
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

interface LaunchOptions {
  readonly cwd: string;
  readonly user: ServiceUser | undefined;
  /** Signal the kernel sends the service when this process dies, even by SIGKILL. */
  readonly deathSignal: NodeJS.Signals;
  /** File that receives stdout and stderr. */
  readonly logPath: string;
}

/**
 * Spawns `command` as the service user through `setpriv`, which execs it in place (the child pid is
 * the service's pid) and asks the kernel to signal it when this process dies.
 */
export function launch(command: string, args: readonly string[], options: LaunchOptions): ChildProcess {
  const setpriv = findExecutable('setpriv', ['/usr/bin', '/bin']);
  const wrapped = setpriv ? [setpriv, ...privilegeArgs(options), '--', command, ...args] : [command, ...args];
  const [file = command, ...rest] = wrapped;
  const log = openSync(options.logPath, 'a');
  try {
    const child = spawn(file, rest, {
      cwd: options.cwd,
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      stdio: ['ignore', log, log],
    });
    return child;
  } finally {
    closeSync(log);
  }
}

function privilegeArgs({ user, deathSignal }: LaunchOptions): string[] {
  const identity = user ? [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups'] : [];
  return [...identity, `--pdeathsig=${deathSignal}`];
}

/** Runs a command to completion as the service user; rejects with its output when it fails. */
export async function runToCompletion(
  command: string,
  args: readonly string[],
  options: Omit<LaunchOptions, 'deathSignal'>,
): Promise<void> {
  const child = launch(command, args, { ...options, deathSignal: 'SIGKILL' });
  const code = await exitOf(child);
  if (code !== 0) throw new Error(`${command} failed (exit ${code}):\n${tail(options.logPath)}`);
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', reject);
  });
}

/** Waits until the log shows `ready` after `fromOffset`; rejects with the log tail if the service exits. */
export async function waitForLog(
  child: ChildProcess,
  logPath: string,
  fromOffset: number,
  ready: RegExp,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  for (;;) {
    if (ready.test(readFileSync(logPath).subarray(fromOffset).toString('utf8'))) {
      // A ready service no longer holds this process open; `trackForExit` stops it when we exit.
      child.unref();
      return;
    }
    if (spawnError) throw spawnError;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new ServiceStartError(
        `exited (${child.exitCode ?? child.signalCode}) before it was ready`,
        logPath,
      );
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new ServiceStartError(`not ready after ${timeoutMs} ms`, logPath);
    }
    await sleep(20);
  }
}

export class ServiceStartError extends Error {
  readonly log: string;
  constructor(reason: string, logPath: string) {
    const log = tail(logPath);
    super(`${reason}:\n${log}`);
    this.log = log;
  }

  get portTaken(): boolean {
    return /Address already in use/i.test(this.log);
  }
}

export function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

function tail(path: string): string {
  if (!existsSync(path)) return '(no log)';
  return readFileSync(path, 'utf8').split('\n').slice(-15).join('\n');
}

/** Stops a running service and waits for it to exit. */
export async function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  child.ref();
  const exited = exitOf(child);
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  await exited;
}

/**
 * Services still running when this process ends are stopped synchronously on exit, SIGINT, SIGTERM,
 * SIGHUP and loss of the parent's IPC channel (and by their death signal if this process is killed).
 */
interface Emergency {
  readonly child: () => ChildProcess | undefined;
  readonly signal: NodeJS.Signals;
  readonly dir: string;
}

const running = new Set<Emergency>();
let hooksInstalled = false;

export function trackForExit(entry: Emergency): () => void {
  installExitHooks();
  running.add(entry);
  return () => running.delete(entry);
}

function stopAllNow(): void {
  for (const entry of running) {
    const child = entry.child();
    if (child && child.exitCode === null && child.signalCode === null) child.kill(entry.signal);
    try {
      rmSync(entry.dir, { recursive: true, force: true });
    } catch {
      // The service may still be writing while it dies; the next run removes the directory.
    }
  }
  running.clear();
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', stopAllNow);
  // A vitest fork worker outlives a crashed parent until its test ends; its IPC channel closes at once.
  if (process.connected) process.once('disconnect', stopAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      stopAllNow();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

import type { ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  fileSize,
  findExecutable,
  freePort,
  launch,
  makeServiceDir,
  runToCompletion,
  ServiceStartError,
  serviceUser,
  terminate,
  trackForExit,
  waitForLog,
} from './service-process.js';

export interface PrivatePostgresOptions {
  /** Data directory to use; initialised when it holds no cluster yet. Kept by `stop()`. */
  readonly dataDir?: string;
  /** Port to listen on; a free one by default. */
  readonly port?: number;
}

export interface StopOptions {
  /** Immediate shutdown, as in a crash: the next start runs crash recovery. Default: fast shutdown. */
  readonly immediate?: boolean;
}

export interface PrivatePostgres {
  /** Connection URL of the `postgres` database as the superuser `triad`, password-less. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Stops the server at once and deletes its files. */
  stop(): Promise<void>;
  /** Stops the server and keeps its data directory for `start()`. */
  stopKeepingData(options?: StopOptions): Promise<void>;
  /** Starts a stopped server on the same data directory and port. */
  start(): Promise<void>;
  /** `stopKeepingData()` then `start()`: committed data survives, connections are cut. */
  restart(options?: StopOptions): Promise<void>;
}

const READY = /database system is ready to accept connections/;
const SUPERUSER = 'triad';

/** Directory holding `initdb` and `postgres`: TRIAD_PG_BIN, PATH, then the newest /usr/lib/postgresql/<v>/bin. */
export function postgresBinDir(): string {
  const fromEnv = process.env.TRIAD_PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'postgres'))) return fromEnv;
  const onPath = findExecutable('initdb');
  if (onPath && findExecutable('postgres')) return dirname(realpathSync(onPath));
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const dir = versions
    .map((version) => join(root, version, 'bin'))
    .find((bin) => existsSync(join(bin, 'initdb')));
  if (!dir) throw new Error('PostgreSQL server binaries not found: run `bash scripts/ensure-services.sh`');
  return dir;
}

/** Starts a throw-away PostgreSQL server on 127.0.0.1, tuned for speed rather than durability. */
export async function startPrivatePostgres(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const user = serviceUser();
  const root = makeServiceDir('pg', user);
  const dataDir = options.dataDir ?? join(root, 'data');
  const logPath = join(root, 'postgres.log');
  let child: ChildProcess | undefined;
  const untrack = trackForExit({ child: () => child, signal: 'SIGQUIT', dir: root });

  const boot = async (port: number): Promise<void> => {
    const from = fileSize(logPath);
    child = launch(join(bin, 'postgres'), serverArgs(dataDir, root, port), {
      cwd: root,
      user,
      logPath,
      deathSignal: 'SIGQUIT',
    });
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

  const stopKeepingData = async ({ immediate = false }: StopOptions = {}): Promise<void> => {
    if (child) await terminate(child, immediate ? 'SIGQUIT' : 'SIGINT');
  };

  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      if (user) chownSync(dataDir, user.uid, user.gid);
      await runToCompletion(join(bin, 'initdb'), initdbArgs(dataDir), { cwd: root, user, logPath });
    }
    const port = await bootWithRetries(options.port ?? (await freePort()), options.port !== undefined);
    return {
      url: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`,
      port,
      dataDir,
      stopKeepingData,
      start: async () => {
        await bootWithRetries(port, true);
      },
      restart: async (stopOptions) => {
        await stopKeepingData(stopOptions);
        await bootWithRetries(port, true);
      },
      stop: async () => {
        await stopKeepingData({ immediate: true });
        untrack();
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child) await terminate(child, 'SIGQUIT');
    untrack();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

function initdbArgs(dataDir: string): string[] {
  return [
    `--pgdata=${dataDir}`,
    `--username=${SUPERUSER}`,
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync',
    '--no-instructions',
  ];
}

function serverArgs(dataDir: string, socketDir: string, port: number): string[] {
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: socketDir,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '300',
    timezone: 'UTC',
  };
  return [
    '-D',
    dataDir,
    '-p',
    String(port),
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ];
}

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { JobRuntime } from './job-runtime.js';

const script = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<number | string | null>;
  readonly output: () => string;
}

/** Starts a worker process against the runtime's Postgres and Redis and the sink; resolves once it is ready. */
export async function spawnWorker(
  runtime: JobRuntime,
  sinkUrl: string,
  name: string,
  env: Record<string, string> = {},
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: {
      ...process.env,
      DATABASE_URL: runtime.database.url,
      REDIS_URL: runtime.redis.url,
      QUEUE_PREFIX: runtime.queues.prefix,
      ENCRYPTION_KEY: runtime.encryptionKey,
      SINK_URL: sinkUrl,
      WORKER_NAME: name,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (output.includes('ready')) resolve();
    };
    child.stdout?.on('data', check);
    exited.then((code) =>
      reject(new Error(`worker ${name} exited (${code}) before it was ready:\n${output}`)),
    );
  });
  return { child, exited, output: () => output };
}

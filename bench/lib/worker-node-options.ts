import { readFileSync } from 'node:fs';

/**
 * The Node options `npm run worker` starts the worker with (package.json's `worker` script, the flags between
 * `tsx` and the entry point), so that a bench runs the worker as shipped: on node's command line, where V8 flags
 * that NODE_OPTIONS refuses are accepted too.
 */
export function workerNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const script = manifest.scripts.worker ?? '';
  return script.split(/\s+/).filter((word) => word.startsWith('--'));
}

/** The same flags as one string, as they read in package.json and the Dockerfile. */
export function workerNodeOptions(): string {
  return workerNodeFlags().join(' ');
}

import { readFileSync } from 'node:fs';

/**
 * The Node options `npm run worker` starts the worker with (package.json's `worker` script, the flags between
 * `tsx` and the entry point), so that a bench runs the worker as shipped. Passed as NODE_OPTIONS.
 */
export function workerNodeOptions(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const script = manifest.scripts.worker ?? '';
  return script
    .split(/\s+/)
    .filter((word) => word.startsWith('--'))
    .join(' ');
}

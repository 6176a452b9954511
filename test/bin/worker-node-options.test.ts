import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { workerNodeOptions } from '../../bench/lib/worker-node-options.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** The Node options of `command: ["node", …, "dist/bin/worker.js"]` in docker-compose.yml. */
function composeWorkerOptions(): string {
  const command = /command: \["node", ([^\]]*)"dist\/bin\/worker\.js"\]/.exec(read('docker-compose.yml'));
  return (command?.[1] ?? '')
    .split(',')
    .map((part) => part.trim().replace(/^"|"$/g, ''))
    .filter((option) => option.startsWith('--'))
    .join(' ');
}

describe('the worker is started with the same Node options everywhere it ships', () => {
  it('npm run worker, docker-compose and the Dockerfile give it the same heap options', () => {
    const options = workerNodeOptions();
    expect(options).toMatch(/--max-old-space-size=\d+/);
    expect(options).toMatch(/--max-semi-space-size=\d+/);
    expect(options).toMatch(/--heap-growing-percent=\d+/);
    expect(composeWorkerOptions()).toBe(options);
    expect(read('Dockerfile')).toContain(`node ${options} dist/bin/worker.js`);
  });
});

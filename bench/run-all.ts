/**
 * `npm run bench` — every benchmark in turn, each in a process of its own (`-- --quick` for the short versions).
 * Results land in bench/results/*.json; see bench/README.md for what each measures and the latest figures.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const benches = [
  'ack/ack.bench.ts',
  'fanout/fanout.bench.ts',
  'schedules/schedules.bench.ts',
  'scale/scale.bench.ts',
  'delivery/delivery.bench.ts',
];
const passThrough = process.argv.slice(2).filter((arg) => arg === '--quick');
const failed: string[] = [];
for (const bench of benches) {
  console.log(`\n=== ${bench} ===`);
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, bench), ...passThrough],
    {
      stdio: 'inherit',
    },
  );
  if (run.status !== 0) failed.push(bench);
}
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}

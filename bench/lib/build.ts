import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { progress } from './report.js';

const repoRoot = join(import.meta.dirname, '..', '..');

/** Entry points the benchmarks run as compiled JavaScript, as production does (Dockerfile: `node dist/bin/…`). */
const entries = [
  'bin/server.ts',
  'bin/worker.ts',
  'bench/ack/bare-bolt.app.ts',
  'bench/fanout/bare-worker.process.ts',
  'bench/fanout/tuned-worker.process.ts',
];

/**
 * Compiles the processes under test with the project's compiler settings into node_modules/.cache (inside the
 * repository, so packages resolve; outside git). Returns a function from a source path relative to the repository
 * (`bin/worker.ts`) to its compiled file.
 */
export function buildForBench(): (source: string) => string {
  const cache = join(repoRoot, 'node_modules', '.cache', 'triad-bench');
  removeStaleBuilds(cache);
  // One build per run, so benchmarks started side by side do not pull files from under each other.
  const outDir = join(cache, `run-${process.pid}`);
  mkdirSync(outDir, { recursive: true });
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  const tsconfig = join(outDir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(repoRoot, 'tsconfig.json'),
      compilerOptions: { noEmit: false, rootDir: repoRoot, outDir, sourceMap: false, incremental: false },
      files: entries.map((entry) => join(repoRoot, entry)),
      include: [],
    }),
  );
  const started = performance.now();
  execFileSync(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', tsconfig], { stdio: 'inherit' });
  cpSync(join(repoRoot, 'db', 'migrations'), join(outDir, 'db', 'migrations'), { recursive: true });
  // node_modules ends a package scope: say that these files are ES modules, as package.json does for the repo.
  writeFileSync(join(outDir, 'package.json'), JSON.stringify({ type: 'module' }));
  progress(`compiled the processes under test in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return (source) => join(outDir, source.replace(/\.ts$/, '.js'));
}

function removeStaleBuilds(cache: string): void {
  if (!existsSync(cache)) return;
  for (const name of readdirSync(cache)) {
    const pid = Number(/^run-(\d+)$/.exec(name)?.[1] ?? Number.NaN);
    if (Number.isNaN(pid) || isAlive(pid)) continue;
    rmSync(join(cache, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

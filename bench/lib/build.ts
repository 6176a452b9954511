import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
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
  const outDir = join(repoRoot, 'node_modules', '.cache', 'triad-bench');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
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

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The two test tiers, decided by what each test file needs, read from its imports (followed through every
 * file they import in the repository):
 * - **fast**: unit tests, use cases on the in-memory store, fakes of the platforms: nothing to start.
 * - **services**: what reaches PostgreSQL or Redis (`test/support/test-database.ts`, `test-redis.ts`,
 *   `test/support/services/`, or `inject(…)` of their URLs), the embedded PostgreSQL (`db/pglite.ts`, seconds
 *   to start) or starts child processes from a test.
 * `npm test` runs both; `npm run test:fast` the fast tier only, without starting any service.
 */
export interface TestTiers {
  readonly fast: readonly string[];
  readonly services: readonly string[];
  /** For each services-tier file, the first thing found that puts it there. */
  readonly why: ReadonlyMap<string, string>;
}

/** Files whose import puts a test in the services tier (paths from the repository root). */
const serviceModules = [
  'test/support/test-database.ts',
  'test/support/test-redis.ts',
  'test/support/services/',
  'db/pglite.ts',
];

const importPattern =
  /(?:^|[\s;}])(?:import|export)\b[^'"`;]*?(?:from\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Test files under `testDir` (relative to `root`, forward slashes), split into the two tiers. */
export function testTiers(root: string, testDir = 'test'): TestTiers {
  const files = listTestFiles(join(root, testDir)).map((file) => toPosix(relative(root, file)));
  // Every file the tests reach, with what it imports; then each reason flows back to the files importing it.
  const imports = new Map<string, string[]>();
  const pending = [...files];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (imports.has(file)) continue;
    const found = serviceModuleOf(file) ? [] : relativeImports(root, file);
    imports.set(file, found);
    pending.push(...found);
  }
  const importers = new Map<string, string[]>();
  for (const [file, found] of imports)
    for (const imported of found) importers.set(imported, [...(importers.get(imported) ?? []), file]);
  const reasons = new Map<string, string>();
  const queue: string[] = [];
  for (const file of imports.keys()) {
    const reason = directReason(root, file);
    if (reason) {
      reasons.set(file, reason);
      queue.push(file);
    }
  }
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const importer of importers.get(file) ?? []) {
      if (reasons.has(importer)) continue;
      reasons.set(importer, reasons.get(file) ?? '');
      queue.push(importer);
    }
  }
  const why = new Map(files.flatMap((file) => (reasons.has(file) ? [[file, reasons.get(file) ?? '']] : [])));
  return {
    fast: files.filter((file) => !reasons.has(file)),
    services: files.filter((file) => reasons.has(file)),
    why: why as Map<string, string>,
  };
}

const serviceModuleOf = (file: string) =>
  serviceModules.find((module) => (module.endsWith('/') ? file.startsWith(module) : file === module));

function directReason(root: string, file: string): string | null {
  const service = serviceModuleOf(file);
  if (service) return `imports ${service}`;
  if (!file.startsWith('test/')) return null;
  const text = readFileSync(join(root, file), 'utf8');
  if (specifiers(text).some((specifier) => /^(node:)?child_process$/.test(specifier)))
    return `${file} starts child processes`;
  if (/\binject\(\s*['"](?:databaseUrl|redisUrl)['"]/.test(text)) return `${file} injects a service URL`;
  return null;
}

/** The repository files `file` imports by relative path (`.js` specifiers name `.ts` sources). */
function relativeImports(root: string, file: string): string[] {
  const found: string[] = [];
  for (const specifier of specifiers(readFileSync(join(root, file), 'utf8'))) {
    if (!specifier.startsWith('.')) continue;
    const target = resolveSource(resolve(root, dirname(file), specifier));
    if (target) found.push(toPosix(relative(root, target)));
  }
  return found;
}

/** What a source file imports or re-exports, statically or with `import(…)`. */
const specifiers = (text: string): string[] =>
  [...text.matchAll(importPattern)].flatMap((match) => {
    const specifier = match[1] ?? match[2];
    return specifier ? [specifier] : [];
  });

function resolveSource(path: string): string | undefined {
  const candidates = [path.replace(/\.js$/, '.ts'), path, `${path}.ts`, join(path, 'index.ts')];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

function listTestFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listTestFiles(path));
    else if (entry.name.endsWith('.test.ts')) found.push(path);
  }
  return found.sort();
}

const toPosix = (path: string) => path.split(sep).join('/');

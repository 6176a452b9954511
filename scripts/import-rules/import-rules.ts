import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The import rule of the architecture (DESIGN section 4), checked on the import graph with every relative path
 * resolved: `../../adapters/x.js` is caught as surely as a bare `adapters/x`.
 * - `src/` (the core) imports nothing from `adapters/`, `jobs/`, `db/` or `bin/`: it never imports what it is
 *   wired to.
 * - An adapter imports no other adapter: `adapters/<a>/` may import `adapters/<a>/` and `adapters/shared/` only
 *   (Slack ↛ Teams, Teams ↛ local, local ↛ Slack, and `shared` imports no platform).
 */
export interface ImportViolation {
  /** The importing file, relative to the root, with `/`. */
  file: string;
  line: number;
  specifier: string;
  /** Where the specifier points, relative to the root, with `/`. */
  target: string;
  reason: string;
}

const CORE_FORBIDDEN = ['adapters', 'jobs', 'db', 'bin'];
const SOURCE = /\.(?:[cm]?ts|tsx|[cm]?js)$/;

/** The first folder of a root-relative path, and the one below it. */
const segments = (relative: string) => relative.split('/');

/** Why `file` may not import `target` (both root-relative), or undefined when it may. */
export function ruleBroken(file: string, target: string): string | undefined {
  const [top, second] = segments(file);
  const [targetTop, targetSecond] = segments(target);
  if (top === 'src' && targetTop && CORE_FORBIDDEN.includes(targetTop)) {
    return `the core (src/) imports nothing from ${targetTop}/`;
  }
  if (
    top === 'adapters' &&
    targetTop === 'adapters' &&
    targetSecond !== 'shared' &&
    targetSecond !== second
  ) {
    return `adapters/${second}/ imports no other adapter (adapters/${targetSecond}/); share through adapters/shared/`;
  }
  return undefined;
}

function sourceFiles(root: string, folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(full);
    }
  };
  walk(path.join(root, folder));
  return found.sort();
}

const toRoot = (root: string, file: string) => path.relative(root, file).split(path.sep).join('/');

/** Every import, export-from, `import()` and `require` of the files under `folders` that breaks the rule. */
export function findImportViolations(root: string, folders: readonly string[] = ['src', 'adapters']) {
  const violations: ImportViolation[] = [];
  for (const folder of folders) {
    for (const file of sourceFiles(root, folder)) {
      const text = readFileSync(file, 'utf8');
      const { importedFiles } = ts.preProcessFile(text, true, true);
      for (const imported of importedFiles) {
        const specifier = imported.fileName;
        const isPath = specifier.startsWith('.') || path.isAbsolute(specifier);
        if (!isPath) continue;
        const resolved = path.resolve(path.dirname(file), specifier);
        const target = toRoot(root, resolved);
        const from = toRoot(root, file);
        const reason = ruleBroken(from, target);
        if (!reason) continue;
        const line = text.slice(0, imported.pos).split('\n').length;
        violations.push({ file: from, line, specifier, target, reason });
      }
    }
  }
  return violations;
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findImportViolations } from './import-rules/import-rules.js';

/**
 * `npm run lint`'s import check: fails on any import that breaks the architecture's rule (see
 * `import-rules/import-rules.ts`). `import-rules/known-violations.json` lists the few imports another change is
 * removing; an entry that no longer occurs fails the check too, so the list only shrinks.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const known: { file: string; target: string }[] = JSON.parse(
  readFileSync(path.join(root, 'scripts/import-rules/known-violations.json'), 'utf8'),
);
const key = (v: { file: string; target: string }) => `${v.file} -> ${v.target}`;
const violations = findImportViolations(root);
const allowed = new Set(known.map(key));
const found = new Set(violations.map(key));
const broken = violations.filter((v) => !allowed.has(key(v)));
const stale = known.filter((v) => !found.has(key(v)));

for (const v of broken) console.error(`${v.file}:${v.line} imports '${v.specifier}': ${v.reason}`);
for (const v of stale) {
  console.error(`${key(v)} is listed in known-violations.json but no longer occurs: remove the entry.`);
}
if (broken.length > 0 || stale.length > 0) process.exit(1);
console.log(`imports: ${violations.length === 0 ? 'no' : `${violations.length} known`} rule violations`);

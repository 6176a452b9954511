import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findImportViolations, ruleBroken } from '../../scripts/import-rules/import-rules.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/import-rules', import.meta.url));

describe('the import rule', () => {
  it('catches each forbidden import in the fixture, however it is written, and nothing else', () => {
    const found = findImportViolations(fixture).map((v) => `${v.file}:${v.line} -> ${v.target}`);
    expect(found).toEqual([
      'src/engagement/breaks-the-rule.ts:2 -> adapters/slack/client.js',
      'src/engagement/breaks-the-rule.ts:3 -> db/row.js',
      'src/engagement/breaks-the-rule.ts:5 -> jobs/job.js',
      'src/engagement/breaks-the-rule.ts:6 -> bin/main.js',
      'adapters/local/demo.ts:2 -> adapters/teams/bot.js',
      'adapters/shared/util.ts:3 -> adapters/slack/client.js',
      'adapters/teams/bot.ts:2 -> adapters/slack/client.js',
    ]);
  });

  it.each([
    ['src/use-cases/a.ts', 'adapters/slack/x.js', true],
    ['src/use-cases/a.ts', 'jobs/x.js', true],
    ['src/use-cases/a.ts', 'db/schema/x.js', true],
    ['src/use-cases/a.ts', 'bin/x.js', true],
    ['src/use-cases/a.ts', 'src/ports/x.js', false],
    ['adapters/slack/a.ts', 'adapters/teams/x.js', true],
    ['adapters/teams/a.ts', 'adapters/local/x.js', true],
    ['adapters/local/a.ts', 'adapters/slack/x.js', true],
    ['adapters/shared/a.ts', 'adapters/slack/x.js', true],
    ['adapters/slack/a.ts', 'adapters/shared/x.js', false],
    ['adapters/slack/a.ts', 'adapters/slack/views/x.js', false],
    ['adapters/slack/a.ts', 'src/use-cases/x.js', false],
    ['jobs/a.ts', 'adapters/slack/x.js', false],
  ])('%s importing %s breaks it: %s', (file, target, broken) => {
    expect(ruleBroken(file, target) !== undefined).toBe(broken);
  });

  it('runs with every lint (and so with every test run and CI)', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.scripts.lint).toContain('tsx scripts/check-imports.ts');
  });

  it('holds for the repository, apart from the imports listed as being removed', () => {
    const known: { file: string; target: string }[] = JSON.parse(
      readFileSync(new URL('../../scripts/import-rules/known-violations.json', import.meta.url), 'utf8'),
    );
    const found = findImportViolations(repo).map(({ file, target }) => ({ file, target }));
    expect(found).toEqual(known);
  });
});

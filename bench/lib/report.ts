import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './machine.js';

export const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

export interface TargetCheck {
  name: string;
  measured: number;
  target: string;
  met: boolean;
}

/** Writes `bench/results/<name>.json` with the machine it ran on; returns the file path. */
export function writeResult(name: string, result: Record<string, unknown>): string {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}.json`);
  const document = {
    benchmark: name,
    ranAt: new Date().toISOString(),
    machine: describeMachine(),
    ...result,
  };
  writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
  return path;
}

/** Prints a small aligned table. */
export function printTable(title: string, rows: readonly Record<string, string | number>[]): void {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const cell = (value: string | number | undefined) => (value === undefined ? '' : String(value));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padStart(widths[i] ?? 0)).join('  ');
  console.log(`\n${title}`);
  console.log(line(columns));
  for (const row of rows) console.log(line(columns.map((c) => cell(row[c]))));
}

export function printTargets(targets: readonly TargetCheck[]): void {
  for (const t of targets) {
    console.log(`${t.met ? 'MET   ' : 'MISSED'} ${t.name}: ${t.measured} (target ${t.target})`);
  }
}

/** Logs a progress line to stderr so stdout stays the figures. */
export function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

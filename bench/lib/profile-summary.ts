/**
 * `tsx bench/lib/profile-summary.ts <file.cpuprofile> [top] [last-seconds]` — where a V8 CPU profile (node --cpu-prof) spent
 * its time: self time per function and per package, so a missed target can name its bottleneck.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  ms: number;
  share: number;
}

function packageOf(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:') || url === '') return url === '' ? '(native/idle/gc)' : 'node core';
  const match = /\/(src|adapters|jobs|db|bin|bench|test)\/(.*)$/.exec(url);
  return match ? `triad ${match[1]}/${match[2]?.split('/')[0]}` : url;
}

/** `lastSeconds`: only the samples of the profile's final seconds (e.g. the measured window before exit). */
export function summariseProfile(
  path: string,
  top = 25,
  lastSeconds?: number,
): { functions: ProfileLine[]; packages: ProfileLine[]; totalMs: number } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  const at: number[] = [];
  let clock = 0;
  for (const delta of profile.timeDeltas) {
    clock += delta;
    at.push(clock);
  }
  const from = lastSeconds === undefined ? Number.NEGATIVE_INFINITY : clock - lastSeconds * 1e6;
  profile.samples.forEach((id, i) => {
    if ((at[i] ?? 0) < from) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const file = frame.url.split('/').slice(-2).join('/');
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    const pkg = packageOf(frame.url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  }
  const lines = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 1000),
        share: Math.round((us / total) * 1000) / 10,
      }));
  return { functions: lines(functions), packages: lines(packages), totalMs: Math.round(total / 1000) };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const [path, top, last] = process.argv.slice(2);
  if (!path) {
    console.error('usage: tsx bench/lib/profile-summary.ts <file.cpuprofile> [top] [last-seconds]');
    process.exit(1);
  }
  const summary = summariseProfile(path, Number(top ?? 25), last === undefined ? undefined : Number(last));
  console.log(`total ${summary.totalMs} ms sampled`);
  console.log('\nby package');
  for (const line of summary.packages)
    console.log(`${String(line.ms).padStart(8)} ms ${String(line.share).padStart(5)} %  ${line.name}`);
  console.log('\nby function (self time)');
  for (const line of summary.functions)
    console.log(`${String(line.ms).padStart(8)} ms ${String(line.share).padStart(5)} %  ${line.name}`);
}

import type { Outcome } from './observe.js';
import type { Step } from './script.js';

export type Platform = 'slack' | 'teams' | 'local';

/**
 * The steps whose outcome is not the same on every platform, each as a paragraph: the step, then — for each part
 * of the outcome that differs (what was shown, state changes, outbox) — what each platform did.
 */
export function divergences(script: readonly Step[], outcomes: Record<Platform, Outcome[]>): string[] {
  const platforms = Object.keys(outcomes) as Platform[];
  const found: string[] = [];
  script.forEach((step, index) => {
    const parts: string[] = [];
    for (const part of ['shown', 'state', 'outbox'] as const) {
      const lines = platforms.map((p) => outcomes[p][index]?.[part] ?? ['(not run)']);
      const same = lines.every((l) => JSON.stringify(l) === JSON.stringify(lines[0]));
      if (same) continue;
      parts.push(`  ${part}:`);
      platforms.forEach((p, i) => {
        const mine = lines[i] ?? [];
        parts.push(`    ${p}:${mine.length === 0 ? ' (nothing)' : ''}`);
        for (const line of mine) parts.push(`      ${line}`);
      });
    }
    if (parts.length > 0) found.push([`#${index + 1} ${step.name}`, ...parts].join('\n'));
  });
  return found;
}

/** Every step's outcome on one platform, for reading the whole story (written on request). */
export function transcript(script: readonly Step[], outcomes: Outcome[]): string {
  return script
    .map((step, index) => {
      const o = outcomes[index];
      const lines = o
        ? [...o.shown, ...o.state.map((s) => `state ${s}`), ...o.outbox.map((s) => `out ${s}`)]
        : [];
      return [`#${index + 1} ${step.name}`, ...lines.map((l) => `  ${l}`)].join('\n');
    })
    .join('\n');
}

/**
 * The steps the script says must be refused that were not, on some platform: a refusal answers the person acting
 * (and only them) and changes nothing — no state, no message. Judged by effect, not by words.
 */
export function unrefused(script: readonly Step[], outcomes: Record<Platform, Outcome[]>): string[] {
  const found: string[] = [];
  script.forEach((step, index) => {
    if (!step.refused || !('who' in step)) return;
    for (const [platform, list] of Object.entries(outcomes)) {
      const o = list[index];
      const answeredOnlyThem =
        o && o.shown.length > 0 && o.shown.every((s) => s.startsWith(`to ${step.who}:`));
      if (o && answeredOnlyThem && o.state.length === 0 && o.outbox.length === 0) continue;
      found.push(`#${index + 1} ${step.name} on ${platform}: ${JSON.stringify(o)}`);
    }
  });
  return found;
}

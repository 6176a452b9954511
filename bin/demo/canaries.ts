/**
 * Visible markers planted in every private input of the demo, and the scan that says where each one ended up.
 * A canary may be seen only by the people its scope allows: the client alone, the client and their coach (an
 * answer the client shared with the coach), or also the sponsor once the client released it after a preview.
 */
export type CanaryScope = 'client' | 'client_and_coach' | 'released';

export interface Canary {
  readonly marker: string;
  /** What the private input was, e.g. "goal draft (not shared)". */
  readonly planted: string;
  scope: CanaryScope;
}

/** A place to scan: a person's transcript, the log file, the database's raw rows. */
export interface ScanTarget {
  readonly name: string;
  readonly text: string;
  /** Which scopes may legitimately appear here. */
  readonly allows: readonly CanaryScope[];
}

export interface CanaryFinding {
  readonly canary: Canary;
  /** Targets where the marker was found, with whether that is allowed. */
  readonly foundIn: readonly { target: string; allowed: boolean }[];
}

export interface CanaryReport {
  readonly findings: readonly CanaryFinding[];
  readonly leaks: readonly { marker: string; target: string }[];
}

export function createCanaries() {
  const planted: Canary[] = [];
  return {
    /** A new marker for a private input; put it in the text the person types. */
    plant(what: string, scope: CanaryScope = 'client'): string {
      const marker = `[canary-${String(planted.length + 1).padStart(2, '0')}]`;
      planted.push({ marker, planted: what, scope });
      return marker;
    },
    /** The client shared the text with their coach, or released it to the sponsor: widen what may see it. */
    widen(marker: string, scope: CanaryScope): void {
      const canary = planted.find((c) => c.marker === marker);
      if (canary) canary.scope = scope;
    },
    planted: planted as readonly Canary[],
    scan(targets: readonly ScanTarget[]): CanaryReport {
      const findings = planted.map((canary) => ({
        canary,
        foundIn: targets
          .filter((target) => target.text.includes(canary.marker))
          .map((target) => ({ target: target.name, allowed: target.allows.includes(canary.scope) })),
      }));
      const leaks = findings.flatMap((finding) =>
        finding.foundIn
          .filter((f) => !f.allowed)
          .map((f) => ({ marker: finding.canary.marker, target: f.target })),
      );
      return { findings, leaks };
    },
  };
}

export type Canaries = ReturnType<typeof createCanaries>;

const scopeWords: Record<CanaryScope, string> = {
  client: 'client only',
  client_and_coach: 'client + coach',
  released: 'released to sponsor',
};

/** The confidentiality check as the demo prints it. */
export function formatCanaryReport(report: CanaryReport, targets: readonly ScanTarget[]): string[] {
  const names = targets.map((t) => t.name);
  const width = Math.max(...report.findings.map((f) => f.canary.planted.length), 20);
  const lines = [
    `  ${'canary'.padEnd(12)}${'planted in'.padEnd(width + 2)}${'may be seen by'.padEnd(22)}found in`,
  ];
  for (const { canary, foundIn } of report.findings) {
    const where =
      foundIn.length === 0
        ? 'nowhere else'
        : foundIn.map((f) => (f.allowed ? f.target : `${f.target} ✗ LEAK`)).join(', ');
    lines.push(
      `  ${canary.marker.padEnd(12)}${canary.planted.padEnd(width + 2)}${scopeWords[canary.scope].padEnd(22)}${where}`,
    );
  }
  lines.push(`  scanned: ${names.join(', ')}`);
  lines.push(
    report.leaks.length === 0
      ? `  ✔ No private canary reached the sponsor, HR, other coaches, the logs or the database in plain form.`
      : `  ✗ ${report.leaks.length} leak(s): ${report.leaks.map((l) => `${l.marker} in ${l.target}`).join('; ')}`,
  );
  return lines;
}

import type { GraphFault, GraphOperation } from './types.js';

/** Injected failures: each matching request uses one of the first matching fault's `times`. */
export class GraphFaults {
  private faults: Array<{ spec: GraphFault; remaining: number }> = [];

  add(spec: GraphFault): void {
    this.faults.push({ spec, remaining: spec.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults = [];
  }

  take(operation: GraphOperation): GraphFault | undefined {
    const found = this.faults.find(({ spec, remaining }) => {
      if (remaining <= 0) return false;
      if (spec.operation === undefined) return true;
      return (Array.isArray(spec.operation) ? spec.operation : [spec.operation]).includes(operation);
    });
    if (!found) return undefined;
    found.remaining -= 1;
    if (found.remaining <= 0) this.faults = this.faults.filter((f) => f !== found);
    return found.spec;
  }
}

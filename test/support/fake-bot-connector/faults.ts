import type { ConnectorOperation, FaultSpec } from './types.js';

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

/** Injected failures: each matching request consumes one use of the first fault that matches it. */
export class FaultBook {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    this.faults.push({ spec, remaining: spec.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults = [];
  }

  take(operation: ConnectorOperation, conversationId: string | undefined): FaultSpec | undefined {
    const fault = this.faults.find((candidate) => matches(candidate, operation, conversationId));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return fault.spec;
  }
}

function matches(
  fault: ActiveFault,
  operation: ConnectorOperation,
  conversationId: string | undefined,
): boolean {
  const { spec } = fault;
  if (fault.remaining <= 0) return false;
  if (spec.conversationId !== undefined && spec.conversationId !== conversationId) return false;
  if (spec.operation === undefined) return true;
  const operations = Array.isArray(spec.operation) ? spec.operation : [spec.operation];
  return operations.includes(operation);
}

/** Every string anywhere in a value (text, card bodies, channel data), for canary scans. */
export function collectStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (value && typeof value === 'object')
    for (const item of Object.values(value)) collectStrings(item, into);
  return into;
}

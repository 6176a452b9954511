import type { Clock } from '../ports/clock.js';

/** After a tenant's admin is found not to have granted the permissions, how long before Triad asks again. */
export const PERMISSION_RECHECK_MS = 30 * 60_000;

/**
 * Whether a tenant lets Triad create chats, as last seen: detected from the platform's answers, never assumed.
 * A refusal is remembered for a while (so every message does not ask again), then the next call checks again.
 * Per process: each process finds out for itself with one call.
 */
export class ChatPermissionMemory {
  private readonly refusedUntil = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly recheckMs = PERMISSION_RECHECK_MS,
  ) {}

  /** True while a recent refusal stands. */
  refused(tenantId: string): boolean {
    const until = this.refusedUntil.get(tenantId);
    if (until === undefined) return false;
    if (until > this.clock.now().getTime()) return true;
    this.refusedUntil.delete(tenantId);
    return false;
  }

  noteRefused(tenantId: string): void {
    this.refusedUntil.set(tenantId, this.clock.now().getTime() + this.recheckMs);
  }

  noteGranted(tenantId: string): void {
    this.refusedUntil.delete(tenantId);
  }
}

/**
 * Time-driven work lives in jobs/ (BullMQ). The core only says what changed, after the transaction
 * committed; the scheduler rebuilds that engagement's future jobs from Postgres. If Redis is down the
 * change still stands and reconciliation catches up later, so nothing is lost.
 */
export interface Scheduler {
  /** Rebuild the engagement's prompt scheduler, nudges and meeting reminders from the database. */
  syncEngagement(engagementId: string): Promise<void>;
  /** Hand freshly committed outbox rows to the delivery queue. */
  deliver(outboxIds: readonly string[]): Promise<void>;
}

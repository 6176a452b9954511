/**
 * Time-driven work lives in jobs/ (BullMQ). The core only says what changed, after the transaction
 * committed; the scheduler rebuilds that engagement's future jobs from Postgres. If Redis is down the
 * change still stands and reconciliation catches up later, so nothing is lost.
 */
export interface Scheduler {
  /** Rebuild the engagement's prompt scheduler, nudges and meeting reminders from the database. */
  syncEngagement(engagementId: string): Promise<void>;
  /**
   * Look the engagement's client's presence up on the platform and store it, in the background (a job): a
   * started engagement's first prompt then needs no call to the platform. A lost or failed lookup is the presence
   * backfill's to repair.
   */
  learnPresence(engagementId: string): Promise<void>;
  /** Hand freshly committed outbox rows to the delivery queue. */
  deliver(outboxIds: readonly string[]): Promise<void>;
  /**
   * Retention purge: removes every job, schedule and job record (finished and failed ones included) that
   * names the engagement or one of `relatedIds` (its prompts, entries, releases, consents, outbox rows,
   * meetings), so the queues keep nothing from which its private activity could be read. Throws when that
   * cannot be done completely (Redis down, a job of it running): the purge is then retried.
   */
  forgetEngagement(engagementId: string, relatedIds: readonly string[]): Promise<void>;
}

/**
 * Deliveries held for an organisation while its platform installation was away (uninstalled, tokens revoked):
 * pending outbox entries whose last attempt was refused with one of the codes, found by the organisation of their
 * engagement or, for a direct message, of the person it goes to.
 */
export interface HeldDeliveryRepository {
  /**
   * Makes the organisation's pending entries held with one of `codes` due at `at` at the latest (they wait for
   * nothing else now), in one statement; returns how many there were. An entry a delivery batch has claimed and
   * is trying right now (its claim's lease not run out by `at`) is left to that batch: made due, it would be
   * claimed and sent by another batch as well.
   */
  release(organisationId: string, codes: readonly string[], at: Date): Promise<number>;
}

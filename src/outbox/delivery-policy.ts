import type { Destination } from '../messages/message.js';

/** How hard delivery tries before a message ends as "delivery failed". */
export interface DeliveryPolicy {
  /** Send attempts (rate-limit answers excluded) before the entry is marked failed. */
  maxAttempts: number;
  /** Backoff after the first failed attempt; doubles each time up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultDeliveryPolicy: DeliveryPolicy = {
  maxAttempts: 10,
  baseDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
};

/** Exponential backoff after `attempts` failed attempts (1 → base, 2 → 2 × base …), capped. */
export function retryDelayMs(attempts: number, policy: DeliveryPolicy = defaultDeliveryPolicy): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 30));
}

/**
 * Paces messages per conversation (Slack allows about one message per second per channel). Implemented on
 * Redis by the jobs layer so that every worker process shares it.
 */
export interface ConversationPacer {
  /** Reserves the conversation's next send slot and returns it (now or later). */
  reserve(conversationKey: string): Promise<Date>;
  /** The platform asked to slow down: nothing more goes to this conversation before `until`. */
  holdUntil(conversationKey: string, until: Date): Promise<void>;
}

/** The conversation a destination posts into: threads share their channel's limit. */
export function conversationKey(destination: Destination): string {
  switch (destination.kind) {
    case 'space':
      return `space.${destination.engagementId}.${destination.space}`;
    case 'hr':
      return `person.${destination.personId}`;
    case 'reply':
      return `person.${destination.personId}`;
  }
}

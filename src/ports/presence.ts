import type { DndFacts, StatusFacts } from './presence-records.js';

/** What the platform said of one person just now: the parts it was asked for and could answer. */
export interface PresenceFacts {
  platformUserId: string;
  status?: StatusFacts | undefined;
  dnd?: DndFacts | undefined;
}

/** Whose Do Not Disturb and whose profile status to look up. */
export interface PresenceQuestion {
  dnd: readonly string[];
  status: readonly string[];
}

/**
 * Whether the platform says a person is away right now: Slack Do Not Disturb or an "on vacation" status,
 * Teams presence Away/Offline/OutOfOffice. Optional: without it, prompts go out on time.
 */
export interface Presence {
  isAway(platformUserId: string): Promise<boolean>;
  /**
   * Looks the parts up for many people in as few calls as the platform allows (at most `lookUpLimit` people per
   * call). A person the platform could not answer for is left out, or without that part; throws when it
   * answered nothing (a rate-limit pause, an error): their presence is then unknown.
   */
  lookUp?(question: PresenceQuestion): Promise<PresenceFacts[]>;
  /** How many people one `lookUp` takes. */
  readonly lookUpLimit?: number;
  /** The presence check of one organisation (platform tenant id), when the platform holds a token per organisation. */
  forTenant?(tenantId: string): Presence;
}

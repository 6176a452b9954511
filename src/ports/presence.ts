/**
 * Whether the platform says a person is away right now: Slack Do Not Disturb or an "on vacation" status,
 * Teams presence Away/Offline/OutOfOffice. Optional: without it, prompts go out on time.
 */
export interface Presence {
  isAway(platformUserId: string): Promise<boolean>;
  /** The presence check of one organisation (platform tenant id), when the platform holds a token per organisation. */
  forTenant?(tenantId: string): Presence;
}

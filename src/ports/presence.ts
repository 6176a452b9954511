/**
 * Whether the platform says a person is away right now: Slack Do Not Disturb or an "on vacation" status,
 * Teams presence Away/Offline/OutOfOffice. Optional: without it, prompts go out on time.
 */
export interface Presence {
  isAway(platformUserId: string): Promise<boolean>;
}

/** What a platform says about a user, looked up by the adapter (Slack users.info, Teams roster). */
export interface PlatformProfile {
  platformUserId: string;
  displayName: string;
  timeZone: string | undefined;
  isBot: boolean;
  deleted: boolean;
}

export interface Directory {
  lookup(platformUserId: string): Promise<PlatformProfile | undefined>;
}

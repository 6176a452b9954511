/** What a platform says about a user, looked up by the adapter (Slack users.info, Teams roster). */
export interface PlatformProfile {
  platformUserId: string;
  displayName: string;
  timeZone: string | undefined;
  isBot: boolean;
  deleted: boolean;
  /**
   * A guest account of the workspace: `multi_channel` guests may be in several channels (and can coach);
   * `single_channel` guests only ever in one. Undefined for full members (and where the platform has no guests).
   */
  guest?: 'multi_channel' | 'single_channel' | undefined;
  /**
   * The team or tenant the user's account belongs to, when the platform says: a Slack Connect user or a Teams
   * guest comes from another organisation than the one Triad serves them in.
   */
  homeTeamId?: string | undefined;
  /** The account's e-mail address when the platform shows it (Slack: with the `users:read.email` scope). */
  email?: string | undefined;
}

export interface Directory {
  lookup(platformUserId: string): Promise<PlatformProfile | undefined>;
  /** The member with this e-mail address (Slack `users.lookupByEmail`); undefined when nobody in the workspace has it. */
  lookupByEmail?(email: string): Promise<PlatformProfile | undefined>;
}

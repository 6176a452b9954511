/**
 * Who the platform says is in a space, cached in Postgres (several app and worker processes share it): read
 * from the platform when stale, and kept current by its member-joined / member-left events.
 */
export interface SpaceMembers {
  spaceId: string;
  engagementId: string;
  /** The space's platform address as one string (`platform:{…}`), so an event about a channel finds it. */
  addressKey: string;
  /** Platform user ids of the people in the space, the bot left out. */
  platformUserIds: string[];
  /** Strangers the client and HR have already been told about (told once per stranger). */
  reportedStrangers: string[];
  checkedAt: Date;
}

export interface SpaceMemberRepository {
  get(spaceId: string): Promise<SpaceMembers | undefined>;
  findByAddressKey(addressKey: string): Promise<SpaceMembers[]>;
  /** Inserts or replaces the space's row. */
  save(members: SpaceMembers): Promise<void>;
  /** Retention: when a space's members were last read is a trace of its activity. Returns how many went. */
  deleteByEngagement(engagementId: string): Promise<number>;
}

/** One person with HR rights over an organisation, granted in the product (not by configuration). */
export interface OrganisationAdmin {
  id: string;
  organisationId: string;
  platformUserId: string;
  /** Who added them; null for the first admin, the person who installed Triad. */
  addedByUserId: string | null;
  addedAt: Date;
}

/** The organisation's own list of HR admins. Identity is (organisation, platform user). */
export interface OrganisationAdminRepository {
  /** The admins of an organisation, oldest first. */
  list(organisationId: string): Promise<OrganisationAdmin[]>;
  /**
   * The same list, with the organisation's row locked for the rest of the transaction (SELECT … FOR UPDATE), so
   * two changes of one organisation's admins (two removals, two first installs) happen one after the other.
   */
  listForUpdate(organisationId: string): Promise<OrganisationAdmin[]>;
  isAdmin(organisationId: string, platformUserId: string): Promise<boolean>;
  /** Adds unless that user is already an admin of the organisation; false when they were. */
  insert(admin: OrganisationAdmin): Promise<boolean>;
  /** Removes that user's admin row; the removed row, or undefined when they were not an admin. */
  remove(organisationId: string, platformUserId: string): Promise<OrganisationAdmin | undefined>;
}

import type { CoachProfile } from '../engagement/coach-profile.js';

/** Coach profiles, one per coach and organisation. */
export interface CoachProfileRepository {
  find(organisationId: string, personId: string): Promise<CoachProfile | undefined>;
  /** The profiles of these people in the organisation (those that have one), in no particular order. */
  listFor(organisationId: string, personIds: readonly string[]): Promise<CoachProfile[]>;
  insert(profile: CoachProfile): Promise<void>;
  /** Writes the new state when the stored version is `profile.version - 1`; otherwise throws a conflict. */
  update(profile: CoachProfile): Promise<void>;
}

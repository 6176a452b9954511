import type { CoachInvitation } from '../engagement/coach-invitation.js';

/** The invitations of coaches from outside the organisation (Slack Connect), one per engagement. */
export interface CoachInvitationRepository {
  get(id: string): Promise<CoachInvitation | undefined>;
  findByEngagement(engagementId: string): Promise<CoachInvitation | undefined>;
  /** The organisation's invitations still waiting for the invitee, oldest first. */
  listPending(organisationId: string): Promise<CoachInvitation[]>;
  insert(invitation: CoachInvitation): Promise<void>;
  /** Writes the new state when the stored version is `invitation.version - 1`; otherwise throws a conflict. */
  update(invitation: CoachInvitation): Promise<void>;
  /** Deletes the engagement's invitation, e-mail address and invite ids with it (retention); how many went. */
  deleteByEngagement(engagementId: string): Promise<number>;
}

import { z } from 'zod';

/** Where an invitation stands: sent and waiting, the coach joined, or the platform or the invitee said no. */
export const invitationStates = ['pending', 'accepted', 'refused'] as const;
export type InvitationState = (typeof invitationStates)[number];

/**
 * One invitation the platform sent for a space: the space, its conversation (as `addressKey` writes it, e.g.
 * `slack:{"channel":"C1"}`) and the platform's invite id.
 */
export const sentInvite = z.object({
  space: z.enum(['coaching', 'sponsor']),
  addressKey: z.string().min(1),
  inviteId: z.string().min(1),
});
export type SentInvite = z.infer<typeof sentInvite>;

/**
 * A coach HR named by e-mail who is not in the organisation's workspace (Slack Connect): Triad invites the address
 * to the coaching and the sponsor space and waits. When the invitee joins, they become a person of the
 * organisation (with their own home team) and the engagement carries on as if HR had named them directly; when
 * the platform or the invitee says no, HR is told why and nothing else changes.
 */
export interface CoachInvitation {
  id: string;
  organisationId: string;
  engagementId: string;
  /** The address HR typed, lower-cased. Logistics (like a name), never private content. */
  email: string;
  state: InvitationState;
  /** The invitations the platform accepted to send, one per space. */
  invites: SentInvite[];
  /** The platform user who accepted (set on acceptance, or when an admin's approval is still to come). */
  platformUserId: string | null;
  /** The person the invitee became in this organisation, once they joined. */
  personId: string | null;
  /** The platform's refusal code (`not_paid`, `restricted_action`, `declined` …) when refused. */
  refusal: string | null;
  createdById: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

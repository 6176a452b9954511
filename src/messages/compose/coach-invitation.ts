import { logistics } from '../../confidentiality/parts.js';
import { words } from '../../confidentiality/words.js';
import type { AdminMessage, PrivateMessage } from '../message.js';

/**
 * Slack's refusal codes of `conversations.inviteShared` (and a declined invitation), in the words HR reads: what
 * happened and who can change it. Anything else is named by its code.
 */
const refusalWords: Record<string, string> = {
  declined: 'the invitation was declined',
  not_paid:
    'Slack Connect needs a paid Slack plan: this workspace is on a free plan. A workspace admin can upgrade it',
  restricted_action:
    "a workspace setting does not let Triad invite people from outside the organisation. A workspace admin can allow Slack Connect invitations for apps (or for everyone) in the workspace's Slack Connect settings",
  not_allowed_token_type:
    'Slack does not let an app invite by e-mail with the token this workspace installed Triad with. A workspace admin can re-install Triad so that it may manage Slack Connect channels',
  missing_scope:
    'Triad was installed without the permission to manage Slack Connect channels. A workspace admin can re-install Triad to grant it',
  invalid_email: 'Slack says the e-mail address is not valid',
  cannot_share_cross_workspace_channel: 'Slack does not let this kind of channel be shared',
  team_not_found: "Slack does not know the invitee's organisation",
  not_allowed: 'Slack Connect is not allowed with that organisation by a policy of one of the two workspaces',
  invite_unsupported: 'this platform has no invitations by e-mail',
  hr_admin:
    'they have HR rights over this organisation, and whoever has HR rights never coaches in it. An HR admin can remove them from the admins first',
};

export const refusalReason = (code: string): string =>
  refusalWords[code] ?? `Slack refused the invitation (${code.replace(/[^a-z0-9_]/gi, '').slice(0, 60)})`;

/** To HR, in their DM: the invitation is on its way; the engagement waits for the coach. */
export function invitationPendingForHr(
  engagementId: string,
  hrPersonId: string,
  clientName: string,
  email: string,
): AdminMessage {
  return {
    audience: 'admin',
    destination: { kind: 'hr', personId: hrPersonId, engagementId },
    summary: words(`Coach invited for ${clientName}: waiting for ${email}`),
    blocks: [
      {
        type: 'section',
        text: [
          logistics(
            `${email} is not in this workspace, so Triad invited them to ${clientName}'s coaching and sponsor channels through Slack Connect. ` +
              'The engagement carries on as soon as they accept (their organisation may need to approve first); until then there is no coach.',
          ),
        ],
      },
    ],
  };
}

/** To the client, in their DM: their coach has been invited and will join. */
export function invitationPendingForClient(engagementId: string, email: string): PrivateMessage {
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId, space: 'client_dm' },
    summary: words('Your coach has been invited'),
    blocks: [
      {
        type: 'section',
        text: [
          logistics(
            `Your coach (${email}) is from outside your organisation: Triad has invited them to your coaching space and to the sponsor space. ` +
              'You will hear from Triad as soon as they join.',
          ),
        ],
      },
    ],
  };
}

/** To HR: the invitee joined; the engagement goes on with them as its coach. */
export function invitationAcceptedForHr(
  engagementId: string,
  hrPersonId: string,
  clientName: string,
  coachName: string,
): AdminMessage {
  return {
    audience: 'admin',
    destination: { kind: 'hr', personId: hrPersonId, engagementId },
    summary: words(`${coachName} joined as ${clientName}'s coach`),
    blocks: [
      {
        type: 'section',
        text: [
          logistics(
            `${coachName} accepted the invitation and is now ${clientName}'s coach. The engagement carries on.`,
          ),
        ],
      },
    ],
  };
}

/** To HR: Slack (or the invitee) said no; what it means and what HR can do. Nothing else changed. */
export function invitationRefusedForHr(
  engagementId: string,
  hrPersonId: string,
  clientName: string,
  email: string,
  code: string,
): AdminMessage {
  return {
    audience: 'admin',
    destination: { kind: 'hr', personId: hrPersonId, engagementId },
    summary: words(`The invitation of ${email} did not go through`),
    blocks: [
      {
        type: 'section',
        text: [
          logistics(
            `Triad could not bring ${email} in as ${clientName}'s coach: ${refusalReason(code)}. ` +
              'Nothing else changed: the engagement is waiting for a coach. Once that is fixed, end this engagement and start it again naming the coach.',
          ),
        ],
      },
    ],
  };
}

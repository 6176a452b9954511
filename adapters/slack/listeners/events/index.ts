import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { appHomeOpened } from './app-home-opened.listener.js';
import { appUninstalled, tokensRevoked } from './app-uninstalled.listener.js';
import { directMessage } from './direct-message.listener.js';
import { memberChange } from './member-change.listener.js';
import { dndUpdatedUser, userStatusChanged } from './presence.listener.js';
import {
  sharedInviteAccepted,
  sharedInviteApproved,
  sharedInviteDeclined,
} from './shared-channel.listener.js';
import { teamAccessGranted } from './team-access.listener.js';

/**
 * The Events API subscriptions Triad declares in its manifest (`message.im`: DMs typed to Triad; members
 * joining and leaving the private channels Triad is in, for the space rule; Slack Connect invitations Triad
 * sent being accepted, approved or declined, for coaches from outside the organisation; clients' status and
 * Do Not Disturb changes, for the weekly prompt's away check).
 */
export const BOT_EVENTS = [
  'app_home_opened',
  'message.im',
  'member_joined_channel',
  'member_left_channel',
  // Distribution mode: a workspace that removes Triad or revokes its token gets nothing more with that token.
  'app_uninstalled',
  'tokens_revoked',
  'shared_channel_invite_accepted',
  'shared_channel_invite_approved',
  'shared_channel_invite_declined',
  // The clients' presence, kept so the weekly prompt asks Slack nothing (only whether the status reads as away).
  'user_status_changed',
  'dnd_updated_user',
] as const;

/** Events only an org-wide (Enterprise Grid) app subscribes to: the distribution manifest's. */
export const ORG_WIDE_EVENTS = ['team_access_granted'] as const;

export function register(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', appHomeOpened(deps));
  app.message(directMessage(deps));
  app.event('member_joined_channel', memberChange(deps, 'joined'));
  app.event('member_left_channel', memberChange(deps, 'left'));
  app.event('app_uninstalled', appUninstalled(deps));
  app.event('tokens_revoked', tokensRevoked(deps));
  app.event('team_access_granted', teamAccessGranted(deps));
  app.event('shared_channel_invite_accepted', sharedInviteAccepted(deps));
  app.event('shared_channel_invite_approved', sharedInviteApproved(deps));
  app.event('shared_channel_invite_declined', sharedInviteDeclined(deps));
  app.event('user_status_changed', userStatusChanged(deps));
  app.event('dnd_updated_user', dndUpdatedUser(deps));
}

import type * as webApi from '@slack/web-api';
import { SLASH_COMMANDS } from './listeners/commands/index.js';
import { BOT_EVENTS, ORG_WIDE_EVENTS } from './listeners/events/index.js';

type Manifest = webApi.AppsManifestCreateArguments['manifest'];
/** A bot scope as the manifest types of @slack/web-api spell them. */
export type BotScope = NonNullable<
  NonNullable<NonNullable<Manifest['oauth_config']>['scopes']>['bot']
>[number];

/**
 * The Web API methods Triad calls and the bot scope each needs. The manifest grants exactly the union of these
 * plus `commands`; a test reads the adapter's source to check that every method it calls is listed here.
 */
export const METHOD_SCOPES = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  // A withdrawn release: its post is deleted from the sponsor channel.
  'chat.delete': ['chat:write'],
  // Files with filesUploadV2 (these two calls + the upload): the client's data export to their DM, meeting invites.
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  'conversations.open': ['im:write'],
  'conversations.create': ['groups:write'],
  'conversations.invite': ['groups:write'],
  'conversations.kick': ['groups:write'],
  // openSpace finds its own private channel again when the space's name is taken (a race, or a crash).
  'conversations.list': ['groups:read'],
  // openSpace adopts only a channel holding its people; the space rule reads who is in the coaching space.
  'conversations.members': ['groups:read'],
  // findSent reads the client DM and the private channels for a message's outbox id.
  'conversations.history': ['im:history', 'groups:history'],
  'conversations.replies': ['im:history', 'groups:history'],
  'users.info': ['users:read'],
  // A coach named by e-mail: a member with that address, or (users:read.email) the invitee's address once joined.
  'users.lookupByEmail': ['users:read', 'users:read.email'],
  // A coach from outside the organisation is invited to the coaching and sponsor channels (Slack Connect).
  'conversations.inviteShared': ['conversations.connect:write'],
  'users.profile.get': ['users.profile:read'],
  'dnd.info': ['dnd:read'],
  // Do Not Disturb of up to 50 clients a call, for those whose presence no event has told yet.
  'dnd.teamInfo': ['dnd:read'],
  'views.open': [],
  'views.publish': [],
} as const satisfies Record<string, readonly BotScope[]>;

export type SlackMethod = keyof typeof METHOD_SCOPES;

/** The scope each event subscription needs (Slack refuses a manifest event without it). */
export const EVENT_SCOPES = {
  app_home_opened: [],
  'message.im': ['im:history'],
  // Private channels' member events need groups:read.
  member_joined_channel: ['groups:read'],
  member_left_channel: ['groups:read'],
  app_uninstalled: [],
  tokens_revoked: [],
  // Slack Connect invitations Triad sent: accepted, approved by the invitee's organisation, or declined.
  shared_channel_invite_accepted: ['conversations.connect:read'],
  shared_channel_invite_approved: ['conversations.connect:read'],
  shared_channel_invite_declined: ['conversations.connect:read'],
  // Presence of the clients Triad prompts, kept so a prompt asks Slack nothing: a status change (read as away or
  // not; the text is never kept) and a Do Not Disturb change.
  user_status_changed: ['users:read'],
  dnd_updated_user: ['dnd:read'],
} as const satisfies Record<(typeof BOT_EVENTS)[number], readonly BotScope[]>;

/** Every bot scope Triad needs, and no other: the manifest's `oauth_config.scopes.bot`. */
export const SLACK_BOT_SCOPES: BotScope[] = [
  'commands' as const,
  ...new Set<BotScope>([...Object.values(METHOD_SCOPES).flat(), ...Object.values(EVENT_SCOPES).flat()]),
].sort();

export { BOT_EVENTS, ORG_WIDE_EVENTS, SLASH_COMMANDS };

import { fail, str } from './args.js';
import type { MethodTable } from './method-context.js';
import type { FakeUser, UserInput } from './types.js';
import type { FakeWorkspace } from './workspace.js';

/** How the fake answers `conversations.inviteShared`: send the invitation (answered later), or refuse it. */
export type SharedInviteMode = { kind: 'send' } | { kind: 'refuse'; error: string };

/** An invitation `conversations.inviteShared` sent: one address (or external user) to one channel. */
export interface SharedInvite {
  id: string;
  channel: string;
  email: string | undefined;
  userId: string | undefined;
  state: 'sent' | 'accepted' | 'declined';
}

/** Test-side control of Slack Connect: how invitations are answered, and the invitee's side of them. */
export interface SharedChannels {
  readonly invites: SharedInvite[];
  setMode(mode: SharedInviteMode): void;
  /**
   * The invitee accepts: their account (of another team) becomes visible to the workspace and joins the channel.
   * Returns the events Slack then sends the inviting app, in order: `shared_channel_invite_accepted` and
   * `member_joined_channel` (the test posts them, signed, into Bolt).
   */
  accept(inviteId: string, invitee: UserInput & { team_id: string }): Record<string, unknown>[];
  /** The invitee declines: returns the `shared_channel_invite_declined` event. */
  decline(inviteId: string): Record<string, unknown>;
}

const state = new WeakMap<FakeWorkspace, { mode: SharedInviteMode; invites: SharedInvite[] }>();
const of = (ws: FakeWorkspace) => {
  let found = state.get(ws);
  if (!found) {
    found = { mode: { kind: 'send' }, invites: [] };
    state.set(ws, found);
  }
  return found;
};

/** `emails` / `user_ids`: the SDK sends an array JSON-encoded in the form; JSON callers send it as is. */
function recipients(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || value === '') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // a plain comma-separated list
  }
  return value.split(',').map((s) => s.trim());
}

/** `conversations.inviteShared` (one recipient a call, a private channel the bot is in) and `users.lookupByEmail`. */
export const sharedChannelMethods: MethodTable = {
  'conversations.inviteShared': ({ ws, args }) => {
    const conversation = ws.resolveChannel(str(args, 'channel'));
    if (conversation.is_im || conversation.is_mpim) fail('invalid_channel_type');
    if (conversation.is_archived) fail('channel_archived');
    if (!ws.isMember(conversation, ws.identity.botUserId)) fail('not_in_channel');
    const emails = recipients(args.emails);
    const userIds = recipients(args.user_ids);
    if (emails.length + userIds.length === 0) fail('invalid_arguments');
    if (emails.length + userIds.length > 1) fail('too_many_emails');
    const { mode, invites } = of(ws);
    if (mode.kind === 'refuse') fail(mode.error);
    const [email] = emails;
    if (email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) fail('invalid_email');
    const invite: SharedInvite = {
      id: ws.nextId('I'),
      channel: conversation.id,
      email,
      userId: userIds[0],
      state: 'sent',
    };
    invites.push(invite);
    return { invite_id: invite.id, is_legacy_shared_channel: false };
  },

  'users.lookupByEmail': ({ ws, args }) => {
    const email = str(args, 'email')?.toLowerCase();
    const user = [...ws.users.values()].find(
      (u) => u.team_id === ws.identity.teamId && !u.deleted && u.profile.email?.toLowerCase() === email,
    );
    return { user: structuredClone(user ?? fail('users_not_found')) };
  },
};

const teamItem = (id: string) => ({
  id,
  name: id,
  icon: {},
  is_verified: false,
  domain: id.toLowerCase(),
  date_created: 1,
});
const userItem = (user: FakeUser) => ({
  id: user.id,
  team_id: user.team_id,
  name: user.name,
  updated: user.updated,
  profile: { ...user.profile, email: user.profile.email ?? '' },
});

export function sharedChannels(ws: FakeWorkspace): SharedChannels {
  const find = (inviteId: string) => {
    const invite = of(ws).invites.find((i) => i.id === inviteId);
    if (invite?.state !== 'sent') throw new Error(`fake-slack: no open invite ${inviteId}`);
    return invite;
  };
  const inviteItem = (invite: SharedInvite) => ({
    id: invite.id,
    date_created: ws.now(),
    date_invalid: ws.now() + 14 * 86_400,
    inviting_team: teamItem(ws.identity.teamId),
    inviting_user: userItem(ws.userOrFail(ws.identity.botUserId)),
    ...(invite.email ? { recipient_email: invite.email } : {}),
  });
  const channelItem = (channel: string) => {
    const c = ws.resolveChannel(channel);
    return { id: c.id, is_private: c.is_private, is_im: false, name: c.name };
  };
  return {
    get invites() {
      return of(ws).invites;
    },
    setMode: (mode) => {
      of(ws).mode = mode;
    },
    accept(inviteId, invitee) {
      const invite = find(inviteId);
      invite.state = 'accepted';
      const user = ws.users.get(invitee.id ?? '') ?? ws.addUser(invitee);
      const conversation = ws.resolveChannel(invite.channel);
      if (!ws.isMember(conversation, user.id)) conversation.members.push(user.id);
      return [
        {
          type: 'shared_channel_invite_accepted',
          approval_required: false,
          invite: inviteItem(invite),
          channel: channelItem(invite.channel),
          teams_in_channel: [teamItem(ws.identity.teamId), teamItem(user.team_id)],
          accepting_user: userItem(user),
          event_ts: `${ws.now()}.000100`,
        },
        {
          type: 'member_joined_channel',
          user: user.id,
          channel: invite.channel,
          channel_type: 'G',
          team: user.team_id,
          event_ts: `${ws.now()}.000200`,
        },
      ];
    },
    decline(inviteId) {
      const invite = find(inviteId);
      invite.state = 'declined';
      return {
        type: 'shared_channel_invite_declined',
        invite: inviteItem(invite),
        channel: channelItem(invite.channel),
        declining_team_id: 'T0OTHERORG',
        teams_in_channel: [teamItem(ws.identity.teamId)],
        declining_user: {
          id: 'U0DECLINER',
          team_id: 'T0OTHERORG',
          name: 'decliner',
          updated: 1,
          profile: {},
        },
        event_ts: `${ws.now()}.000300`,
      };
    },
  };
}

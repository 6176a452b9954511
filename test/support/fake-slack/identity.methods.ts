import { fail, str } from './args.js';
import type { MethodTable } from './method-context.js';

/** auth.test, users.info, users.profile.get, dnd.info, dnd.teamInfo. */
export const identityMethods: MethodTable = {
  'auth.test': ({ ws }) => {
    const { identity } = ws;
    return {
      url: `https://${identity.domain}.slack.com/`,
      team: identity.teamName,
      user: identity.botName,
      team_id: identity.teamId,
      user_id: identity.botUserId,
      bot_id: identity.botId,
      app_id: identity.appId,
      is_enterprise_install: false,
    };
  },

  'users.info': ({ ws, args }) => {
    const user = ws.userOrFail(str(args, 'user'));
    return { user: structuredClone(user) };
  },

  'users.profile.get': ({ ws, args }) => {
    const user = ws.userOrFail(str(args, 'user') ?? ws.identity.botUserId);
    return { profile: structuredClone(user.profile) };
  },

  'dnd.info': ({ ws, args }) => {
    const user = ws.userOrFail(str(args, 'user') ?? ws.identity.botUserId);
    const dnd = ws.dnd.get(user.id);
    return { ...dnd };
  },

  /**
   * Up to 50 users a call (comma-separated); each answers with its scheduled window only (Slack shows the snooze
   * fields to the user themselves alone). An unknown user fails the call, as Slack's `user_not_found` does.
   */
  'dnd.teamInfo': ({ ws, args }) => {
    const ids = (str(args, 'users') ?? '').split(',').filter((id) => id !== '');
    if (ids.length === 0) fail('no_users_provided');
    if (ids.length > 50) fail('invalid_arguments');
    const users: Record<
      string,
      { dnd_enabled: boolean; next_dnd_start_ts: number; next_dnd_end_ts: number }
    > = {};
    for (const id of ids) {
      const user = ws.userOrFail(id);
      const dnd = ws.dnd.get(user.id);
      users[user.id] = {
        dnd_enabled: dnd?.dnd_enabled ?? false,
        next_dnd_start_ts: dnd?.next_dnd_start_ts ?? 1,
        next_dnd_end_ts: dnd?.next_dnd_end_ts ?? 1,
      };
    }
    return { users };
  },
};

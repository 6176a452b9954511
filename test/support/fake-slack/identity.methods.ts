import { str } from './args.js';
import type { MethodTable } from './method-context.js';

/** auth.test, users.info, users.profile.get, dnd.info. */
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
};

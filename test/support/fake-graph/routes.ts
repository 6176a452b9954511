import type { GraphOperation, GraphPermission } from './types.js';

export interface GraphRoute {
  operation: GraphOperation;
  /** The application permission Graph requires for it. */
  permission: GraphPermission;
  chatId?: string;
  userId?: string;
  membershipId?: string;
}

/** Maps a request below `/v1.0/` to the Graph operation it is (ids arrive URL-encoded). */
export function matchGraphRoute(method: string, path: string): GraphRoute | undefined {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [version, collection, id, sub, subId, subSub] = parts;
  if (version !== 'v1.0') return undefined;
  if (collection === 'appCatalogs' && id === 'teamsApps' && !sub && method === 'GET') {
    return { operation: 'listCatalogApps', permission: 'AppCatalog.Read.All' };
  }
  if (collection === 'chats') {
    if (!id) return method === 'POST' ? { operation: 'createChat', permission: 'Chat.Create' } : undefined;
    if (sub === 'installedApps' && !subId && method === 'POST') {
      return {
        operation: 'installInChat',
        permission: 'TeamsAppInstallation.ReadWriteSelfForChat.All',
        chatId: id,
      };
    }
    if (sub === 'members' && !subId) {
      const permission = 'ChatMember.ReadWrite.All' as const;
      if (method === 'POST') return { operation: 'addChatMember', permission, chatId: id };
      if (method === 'GET') return { operation: 'listChatMembers', permission, chatId: id };
    }
    if (sub === 'members' && subId && method === 'DELETE') {
      return {
        operation: 'removeChatMember',
        permission: 'ChatMember.ReadWrite.All',
        chatId: id,
        membershipId: subId,
      };
    }
    return undefined;
  }
  if (collection === 'users' && !id && method === 'GET') {
    return { operation: 'listUsers', permission: 'User.Read.All' };
  }
  if (collection === 'users' && id) {
    if (!sub && method === 'GET') return { operation: 'getUser', permission: 'User.Read.All', userId: id };
    if (sub === 'chats' && !subId && method === 'GET') {
      return { operation: 'listUserChats', permission: 'Chat.ReadBasic.All', userId: id };
    }
    if (sub === 'teamwork' && subId === 'installedApps' && !subSub && method === 'POST') {
      return {
        operation: 'installForUser',
        permission: 'TeamsAppInstallation.ReadWriteSelfForUser.All',
        userId: id,
      };
    }
  }
  return undefined;
}

/** The id in `…/users('id')` or `…/users/id` (a member's `user@odata.bind`). */
export function boundUserId(bind: unknown): string | undefined {
  if (typeof bind !== 'string') return undefined;
  const quoted = /\/users\('([^']+)'\)$/.exec(bind);
  if (quoted) return quoted[1];
  return /\/users\/([^/]+)$/.exec(bind)?.[1];
}

/** The id in `…/appCatalogs/teamsApps/{id}` (`teamsApp@odata.bind`). */
export function boundAppId(bind: unknown): string | undefined {
  if (typeof bind !== 'string') return undefined;
  return /\/appCatalogs\/teamsApps\/([^/]+)$/.exec(bind)?.[1];
}

/** The topic of a `$filter=topic eq '…'` (quotes doubled inside, as OData escapes them). */
export function filteredTopic(filter: string | null): string | undefined {
  const match = filter ? /^topic eq '((?:[^']|'')*)'$/.exec(filter.trim()) : null;
  return match?.[1]?.replaceAll("''", "'");
}

/** The address of a `$filter=mail eq '…'` (the only filter the user list is asked with). */
export function filteredMail(filter: string | null): string | undefined {
  const match = filter ? /^mail eq '((?:[^']|'')*)'$/.exec(filter.trim()) : null;
  return match?.[1]?.replaceAll("''", "'");
}

/** The id of a `$filter=externalId eq '…'` (the only filter the catalog list is asked with). */
export function filteredExternalId(filter: string | null): string | undefined {
  const match = filter ? /^externalId eq '((?:[^']|'')*)'$/.exec(filter.trim()) : null;
  return match?.[1]?.replaceAll("''", "'");
}

import type { ConnectorOperation } from './types.js';

export interface MatchedRoute {
  operation: ConnectorOperation;
  conversationId?: string;
  activityId?: string;
  memberId?: string;
  teamId?: string;
}

/**
 * Maps a request below the service URL to the `ConnectorClient` / `TeamsConnectorClient` operation it
 * comes from (paths as in botframework-connector 4.23's operation specs). Ids arrive URL-encoded.
 */
export function matchRoute(method: string, path: string): MatchedRoute | undefined {
  const parts = path.split('?')[0]?.split('/').filter(Boolean).map(decodeURIComponent) ?? [];
  const [version, collection, id, sub, subId, subSub] = parts;
  if (version !== 'v3') return undefined;

  if (collection === 'teams' && id) {
    if (parts.length === 3 && method === 'GET') return { operation: 'fetchTeamDetails', teamId: id };
    if (sub === 'conversations' && parts.length === 4 && method === 'GET') {
      return { operation: 'fetchChannelList', teamId: id };
    }
    return undefined;
  }
  if (collection !== 'conversations') return undefined;

  if (!id) {
    if (method === 'POST') return { operation: 'createConversation' };
    if (method === 'GET') return { operation: 'getConversations' };
    return undefined;
  }
  const conversationId = id;
  if (sub === 'activities') {
    if (!subId && method === 'POST') return { operation: 'sendToConversation', conversationId };
    if (subId && !subSub) {
      if (method === 'POST') return { operation: 'replyToActivity', conversationId, activityId: subId };
      if (method === 'PUT') return { operation: 'updateActivity', conversationId, activityId: subId };
      if (method === 'DELETE') return { operation: 'deleteActivity', conversationId, activityId: subId };
    }
    if (subId && subSub === 'members' && method === 'GET') {
      return { operation: 'getActivityMembers', conversationId, activityId: subId };
    }
    return undefined;
  }
  if (method !== 'GET') return undefined;
  if (sub === 'members' && !subId) return { operation: 'getConversationMembers', conversationId };
  if (sub === 'members' && subId)
    return { operation: 'getConversationMember', conversationId, memberId: subId };
  if (sub === 'pagedmembers') return { operation: 'getConversationPagedMembers', conversationId };
  return undefined;
}

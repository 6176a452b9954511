import type { ChatMemberIdentity } from '../../../adapters/teams/graph/graph-chat-provisioner.js';
import type { FakeTeamsUser } from '../fake-bot-connector/index.js';

/** A fake Teams user's Entra identity as their roster entry tells it (home tenant, guest role). */
export function rosterIdentity(user: FakeTeamsUser | undefined): ChatMemberIdentity | undefined {
  if (!user?.aadObjectId) return undefined;
  return { entraId: user.aadObjectId, tenantId: user.tenantId, guest: user.userRole === 'guest' };
}

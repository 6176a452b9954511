import type { CoreDeps } from '../deps.js';
import { parseInput } from '../shared/parse-input.js';
import { findLinkedSpace, type GroupChatInput, groupChatInput } from './group-chat.js';

/**
 * Triad was removed from a group chat: the space linked to it is unlinked, so its messages wait for a new chat
 * (delivery asks the client to set one up again). `memberIds` names who removed Triad: the space is found
 * through their engagements. Returns the engagement whose space was unlinked, if any.
 */
export async function unlinkGroupChat(
  raw: GroupChatInput,
  deps: CoreDeps,
): Promise<{ engagementId: string } | undefined> {
  const input = parseInput(groupChatInput, raw);
  const linked = await findLinkedSpace(deps.uow.read, input);
  if (!linked) return undefined;
  await deps.uow.transaction(async (repos) => {
    await repos.spaces.setAddress(linked.id, null);
    await repos.audit.insert({
      engagementId: linked.engagementId,
      actorId: null,
      action: 'teams_space_unlinked',
      outcome: 'done',
      details: { space: linked.kind },
      createdAt: deps.clock.now(),
    });
  });
  return { engagementId: linked.engagementId };
}

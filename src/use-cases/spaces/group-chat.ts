import { z } from 'zod';
import { platforms, type Space } from '../../engagement/records.js';
import type { Repositories } from '../../ports/repositories.js';
import type { CoreDeps } from '../deps.js';

/**
 * A group chat as a platform reports it. Its `address` is what the messenger stores for the space once linked;
 * its `conversationId` names the chat (the same chat can be reached through another service URL).
 */
export const groupChatInput = z.object({
  platform: z.enum(platforms),
  /** The workspace or tenant the chat belongs to: a space of another organisation is never touched. */
  tenantId: z.string().min(1).max(255),
  address: z.looseObject({ conversationId: z.string().min(1).max(400) }),
  /** The platform user ids of the people in the chat, bots left out. */
  memberIds: z.array(z.string().min(1).max(255)).max(1000),
});
export type GroupChatInput = z.input<typeof groupChatInput>;

/** The chat a stored address names, if it names one. */
export function chatIdOf(address: unknown): string | undefined {
  if (!address || typeof address !== 'object') return undefined;
  const { conversationId } = address as { conversationId?: unknown };
  return typeof conversationId === 'string' && conversationId !== '' ? conversationId : undefined;
}

/** The live engagement space linked to a chat, found through the spaces of the people in it. */
export async function findLinkedSpace(
  repos: Repositories,
  chat: z.infer<typeof groupChatInput>,
): Promise<Space | undefined> {
  const organisation = await repos.organisations.findByTenant(chat.platform, chat.tenantId);
  if (!organisation) return undefined;
  for (const platformUserId of chat.memberIds) {
    const person = await repos.people.findByPlatformUser(organisation.id, platformUserId);
    if (!person) continue;
    for (const engagement of await repos.engagements.listForPerson(person.id)) {
      for (const space of await repos.spaces.listByEngagement(engagement.id)) {
        // A retired space (a previous coach's) keeps its address as history only: Triad no longer acts on it.
        if (space.retiredAt) continue;
        if (chatIdOf(space.address) === chat.address.conversationId) return space;
      }
    }
  }
  return undefined;
}

/** Hands an engagement's waiting messages to delivery again (a space was linked, a roster changed). */
export async function resumeDelivery(deps: CoreDeps, engagementId: string): Promise<void> {
  const pending = (await deps.uow.read.outbox.listByEngagement(engagementId)).filter(
    (e) => e.status === 'pending',
  );
  if (pending.length > 0) await deps.scheduler.deliver(pending.map((e) => e.id));
}

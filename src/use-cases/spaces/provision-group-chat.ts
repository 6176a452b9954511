import { z } from 'zod';
import { type ChatProvisioner, ProvisionError } from '../../ports/chat-provisioner.js';
import { DeliveryError } from '../../ports/messenger.js';
import type { ChatPermissionMemory } from '../../spaces/chat-permission.js';
import type { CoreDeps } from '../deps.js';
import { parseInput } from '../shared/parse-input.js';

export const provisionGroupChatInput = z.object({
  /** The space row the chat is for: one chat per row (a new coach gets a new row, so a new chat). */
  spaceId: z.uuid(),
  tenantId: z.string().min(1).max(255),
  topic: z.string().min(1).max(250),
  memberPlatformUserIds: z.array(z.string().min(1).max(255)).min(2).max(50),
});
export type ProvisionGroupChatInput = z.input<typeof provisionGroupChatInput>;

export interface ProvisionDeps {
  core: CoreDeps;
  provisioner: ChatProvisioner;
  permissions: ChatPermissionMemory;
}

export type ProvisionOutcome = { kind: 'created'; chatId: string } | { kind: 'not_granted' };

/** The key recorded before a chat is asked for: its presence means "a chat may already exist for this space". */
export const chatRequestKey = (spaceId: string) => `space-chat:${spaceId}`;

/**
 * Makes the group chat of a space and installs Triad in it, once per space across crashes and retries: a request
 * id is recorded (committed) before the platform is asked, and a later attempt that finds one looks for the chat
 * made then (by topic and members) before making another. The caller stores the chat as the space's address.
 * Without the tenant's permission the answer is `not_granted` (remembered for a while); a rate limit or an
 * outage is a retryable DeliveryError, so the message that needed the space waits and nothing is lost.
 */
export async function provisionGroupChat(
  raw: ProvisionGroupChatInput,
  deps: ProvisionDeps,
): Promise<ProvisionOutcome> {
  const input = parseInput(provisionGroupChatInput, raw);
  const { core, provisioner, permissions } = deps;
  if (permissions.refused(input.tenantId)) return { kind: 'not_granted' };
  const request = {
    tenantId: input.tenantId,
    topic: input.topic,
    memberPlatformUserIds: input.memberPlatformUserIds,
  };
  const key = chatRequestKey(input.spaceId);
  try {
    const earlier = await core.uow.read.processed.get(key);
    let chatId = earlier ? await madeBefore(input.spaceId, request, deps) : undefined;
    if (!chatId) {
      if (!earlier) {
        await core.uow.transaction((tx) =>
          tx.processed.insert({ key, outcome: { requestId: core.ids.newId() }, createdAt: core.clock.now() }),
        );
      }
      chatId = await provisioner.createChat(request);
      core.logger.info({ spaceId: input.spaceId }, 'group chat created');
      // Kept before anything else is asked: a chat Triad may not be installed in yet is used again, not made again.
      const made = { key: madeChatKey(input.spaceId), outcome: { chatId }, createdAt: core.clock.now() };
      await core.uow.transaction((tx) => tx.processed.insert(made));
    }
    await provisioner.installInChat(input.tenantId, chatId);
    permissions.noteGranted(input.tenantId);
    return { kind: 'created', chatId };
  } catch (error) {
    if (!(error instanceof ProvisionError)) throw error;
    return refusedOrRetry(error, input.tenantId, deps);
  }
}

/** The key that keeps the chat made for a space, once the platform has answered with it. */
const madeChatKey = (spaceId: string) => `${chatRequestKey(spaceId)}:made`;

const madeChat = z.object({ chatId: z.string().min(1).max(400) });

/**
 * The chat an earlier attempt made for the space: the one it kept, else (it stopped between the platform's answer
 * and keeping it) the one the platform finds by topic and members.
 */
async function madeBefore(
  spaceId: string,
  request: { tenantId: string; topic: string; memberPlatformUserIds: string[] },
  deps: ProvisionDeps,
): Promise<string | undefined> {
  const kept = madeChat.safeParse((await deps.core.uow.read.processed.get(madeChatKey(spaceId)))?.outcome);
  if (kept.success) return kept.data.chatId;
  return deps.provisioner.findChat(request);
}

/** A refusal is remembered and reported; a rate limit or outage becomes a retry of the waiting message. */
export function refusedOrRetry(
  error: ProvisionError,
  tenantId: string,
  deps: Pick<ProvisionDeps, 'permissions'>,
): { kind: 'not_granted' } {
  if (error.kind === 'not_granted') {
    deps.permissions.noteRefused(tenantId);
    return { kind: 'not_granted' };
  }
  if (error.kind === 'rate_limited') throw new DeliveryError('rate_limited', true, error.retryAfterMs);
  throw new DeliveryError('chat_service_unavailable', true);
}

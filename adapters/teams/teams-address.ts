import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import { spaceKinds } from '../../src/messages/message.js';
import { DeliveryError } from '../../src/ports/messenger.js';

/**
 * Where Triad posts on Teams, stored in Postgres as JSON (`spaces.address`, `people.directAddress`): enough of a
 * conversation reference to continue the conversation later from any process. A linked group chat also names
 * the engagement space it is, so delivery can check its roster against the engagement.
 */
export const teamsAddress = z.object({
  conversationId: z.string().min(1).max(400),
  serviceUrl: z.url(),
  tenantId: z.string().min(1).max(100),
  conversationType: z.enum(['personal', 'groupChat', 'channel']),
  engagementId: z.uuid().optional(),
  space: z.enum(spaceKinds).optional(),
});
export type TeamsAddress = z.infer<typeof teamsAddress>;

/** A stored address, or a DeliveryError that will not go away by retrying. */
export function addressOf(address: unknown): TeamsAddress {
  const parsed = teamsAddress.safeParse(address);
  if (!parsed.success) throw new DeliveryError('invalid_address', false);
  return parsed.data;
}

export const isTeamsAddress = (address: unknown): address is TeamsAddress =>
  teamsAddress.safeParse(address).success;

/** The reference botbuilder continues a conversation from (no activity id: Triad never replies in threads). */
export function referenceOf(address: TeamsAddress, botAppId: string): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl: address.serviceUrl,
    bot: { id: `28:${botAppId}`, name: 'Triad' },
    conversation: {
      id: address.conversationId,
      tenantId: address.tenantId,
      conversationType: address.conversationType,
      isGroup: address.conversationType !== 'personal',
      name: '',
    },
  };
}

interface ActivityLike {
  serviceUrl?: string;
  conversation?: { id?: string; tenantId?: string; conversationType?: string };
}

/**
 * The tenant an inbound activity comes from: the conversation's, as Teams reports it (`channelData.tenant` is
 * never read on its own; the endpoint refuses an activity whose copy disagrees, see `inbound-origin.ts`).
 */
export const tenantOf = (activity: ActivityLike): string | undefined =>
  activity.conversation?.tenantId || undefined;

/** The address of the conversation an inbound activity came from, when it is one Triad can post to. */
export function addressFromActivity(activity: ActivityLike): TeamsAddress | undefined {
  const parsed = teamsAddress.safeParse({
    conversationId: activity.conversation?.id,
    serviceUrl: activity.serviceUrl,
    tenantId: tenantOf(activity),
    conversationType: activity.conversation?.conversationType ?? 'personal',
  });
  return parsed.success ? parsed.data : undefined;
}

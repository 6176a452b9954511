import { z } from 'zod';
import { platforms } from '../../engagement/records.js';
import { spaceReaders } from '../../policy/readers.js';
import type { CoreDeps } from '../deps.js';
import { parseInput } from '../shared/parse-input.js';

export const conversationOriginInput = z.object({
  platform: z.enum(platforms),
  /** What names the conversation in a space's stored address (Teams: `{ conversationId }`). */
  address: z.record(z.string(), z.string().min(1).max(400)),
  /** The sender as the platform names them on the request (Teams: `29:` id and Entra object id). */
  senderIds: z.array(z.string().min(1).max(255)).max(2),
  /** The tenants the request names: the sender is looked up only when one is not the space's. */
  claimedTenantIds: z.array(z.string().min(1).max(100)).max(2),
});
export type ConversationOriginInput = z.input<typeof conversationOriginInput>;

export interface ConversationOrigin {
  /** The workspace or tenant whose engagement the conversation is a space of. */
  tenantId: string;
  /**
   * The sender's home team or tenant as Triad recorded it, when the sender is one of the people of that space
   * (an external coach's own tenant); undefined for anyone else, for people with no recorded home team, and when
   * the request names no other tenant than the space's (nobody is looked up then).
   */
  senderHomeTeamId: string | undefined;
}

/**
 * Whose engagement space a conversation is, and who the sender is there: what a platform request that names
 * another tenant than the conversation's is checked against (an external user acting in a client's chat may
 * arrive with their own tenant). Undefined when the conversation is none of Triad's. Only ids are read.
 */
export async function conversationOrigin(
  raw: ConversationOriginInput,
  deps: Pick<CoreDeps, 'uow'>,
): Promise<ConversationOrigin | undefined> {
  const input = parseInput(conversationOriginInput, raw);
  const repos = deps.uow.read;
  const space = await repos.spaces.findByAddressFields(input.platform, input.address);
  if (!space) return undefined;
  const engagement = await repos.engagements.get(space.engagementId);
  const organisation = engagement ? await repos.organisations.get(engagement.organisationId) : undefined;
  if (!engagement || !organisation || organisation.platform !== input.platform) return undefined;
  const tenantId = organisation.platformTenantId;
  const own = (id: string) => id.toLowerCase() === tenantId.toLowerCase();
  if (input.claimedTenantIds.every(own)) return { tenantId, senderHomeTeamId: undefined };
  const readers = new Set(spaceReaders(engagement, space));
  let senderHomeTeamId: string | undefined;
  for (const senderId of input.senderIds) {
    const person = await repos.people.findByPlatformUser(organisation.id, senderId);
    if (person && readers.has(person.id)) {
      senderHomeTeamId = person.homeTeamId ?? undefined;
      break;
    }
  }
  return { tenantId, senderHomeTeamId };
}

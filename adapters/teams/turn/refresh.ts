import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import type { Block, OutboundMessage } from '../../../src/messages/message.js';
import { deserializePayload } from '../../../src/messages/serialize.js';
import { type AdaptiveCard, adaptiveCard, renderBody } from '../render/message-card.js';
import { gateForTeams } from '../teams-gate.js';
import type { Turn } from './turn.js';

const divider: Block = { type: 'divider' };

/**
 * The message a card in the actor's 1:1 chat came from, read back from the outbox — only when that message was
 * addressed to the actor (their own client DM, or their HR chat), whatever id the action data claims.
 */
async function originalOf(turn: Turn, outboxId: string): Promise<Gated<OutboundMessage> | undefined> {
  const { uow, cipher } = turn.core;
  const entry = await uow.read.outbox.get(outboxId);
  if (entry?.status !== 'sent' || entry.ciphertext.length === 0) return undefined;
  const payload = deserializePayload(cipher.open({ ciphertext: entry.ciphertext, keyId: entry.keyId }));
  if (payload.type !== 'message') return undefined;
  const { destination } = payload.message;
  const organisation = await uow.read.organisations.findByTenant('teams', turn.actor.tenantId);
  const actor =
    organisation && (await uow.read.people.findByPlatformUser(organisation.id, turn.actor.platformUserId));
  if (!actor) return undefined;
  if (destination.kind === 'hr') {
    if (destination.personId !== actor.id) return undefined;
  } else if (destination.kind === 'space' && destination.space === 'client_dm') {
    const engagement = await uow.read.engagements.get(destination.engagementId);
    if (engagement?.clientId !== actor.id) return undefined;
  } else {
    return undefined;
  }
  try {
    return await gateForTeams(payload.message, turn.core, false);
  } catch {
    return undefined;
  }
}

/**
 * The card to put in place of the one acted on in a 1:1 chat: what it said, without its buttons, followed by
 * the answer (with the answer's own buttons). Without the original, the answer alone.
 */
export async function refreshedCard(
  turn: Turn,
  outboxId: string | undefined,
  reply: Gated<OutboundMessage>,
): Promise<AdaptiveCard> {
  const original = outboxId ? await originalOf(turn, outboxId).catch(() => undefined) : undefined;
  const blocks = original
    ? [...original.blocks.filter((b) => b.type !== 'actions'), divider, ...reply.blocks]
    : reply.blocks;
  return adaptiveCard(renderBody(blocks), reply.summary.text);
}

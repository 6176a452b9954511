import { ActivityTypes } from 'botbuilder';
import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import type { Audience, Form, OutboundMessage } from '../../../src/messages/message.js';
import { logisticsReply } from '../../../src/use-cases/hr/reply.js';
import type { ReadableError } from '../errors.js';
import { renderFormCard } from '../render/form-card.js';
import { type AdaptiveCard, cardActivity, renderMessageCard } from '../render/message-card.js';
import type { TeamsAddress } from '../teams-address.js';
import { gateForTeams } from '../teams-gate.js';
import type { Turn } from './turn.js';

export type Reply = Gated<OutboundMessage> | Gated<Form>;

export const isForm = (reply: Reply): reply is Gated<Form> => 'formId' in reply;

export function cardOf(reply: Reply): AdaptiveCard {
  return isForm(reply) ? renderFormCard(reply) : renderMessageCard(reply);
}

const summaryOf = (reply: Reply) => (isForm(reply) ? reply.title.text : reply.summary.text);

/** The actor's 1:1 chat with Triad: this chat when they wrote in one, else created (or found) for them. */
export async function privateChatOf(turn: Turn): Promise<TeamsAddress> {
  if (turn.personal) return turn.address;
  return turn.deps.connector.personalChat(
    turn.address.serviceUrl,
    turn.actor.tenantId,
    turn.actor.platformUserId,
  );
}

/**
 * Shows a gated reply or form to the person acting, and to nobody else: in their 1:1 chat with Triad (Teams
 * has no ephemeral messages in group chats, so an answer to something done in a group chat goes there too).
 */
export async function answer(turn: Turn, reply: Reply): Promise<void> {
  const activity = cardActivity(cardOf(reply), summaryOf(reply));
  if (turn.personal) {
    await turn.context.sendActivity(activity);
    return;
  }
  await turn.deps.connector.send(await privateChatOf(turn), activity);
}

/** A short logistics answer (an error's words, a notice), gated like any reply. */
export async function answerWords(
  turn: Turn,
  words: ReadableError,
  audience: Audience = 'private',
): Promise<Gated<OutboundMessage>> {
  const message = logisticsReply({
    personId: turn.actor.platformUserId,
    audience,
    summary: words.message.slice(0, 200),
    lines: [words.message],
    notes: words.hint ? [words.hint] : [],
  });
  const gated = await gateForTeams(message, turn.deps.core, false);
  await answer(turn, gated);
  return gated;
}

/** The body of an `adaptiveCard/action` invoke response. */
export type InvokeBody =
  | { statusCode: 200; type: 'application/vnd.microsoft.card.adaptive'; value: AdaptiveCard }
  | { statusCode: 200; type: 'application/vnd.microsoft.activity.message'; value: string };

/** Answers an Action.Execute invoke: a card replaces the one acted on; a message is shown to the actor only. */
export async function respondToInvoke(turn: Turn, body: InvokeBody): Promise<void> {
  await turn.context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
}

export const messageBody = (text: string): InvokeBody => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.activity.message',
  value: text.slice(0, 500),
});

export const cardBody = (card: AdaptiveCard): InvokeBody => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value: card,
});

import { ActivityTypes } from 'botbuilder';
import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import type { Audience, Form, OutboundMessage } from '../../../src/messages/message.js';
import { logisticsReply } from '../../../src/use-cases/shared/reply.js';
import type { ReadableError } from '../errors.js';
import { richText, textRun } from '../render/card-text.js';
import { blocksHoldPrivateText, dialogOpener, formIsPrivate, type TaskBody } from '../render/dialog-card.js';
import { renderFormCard } from '../render/form-card.js';
import {
  type AdaptiveCard,
  adaptiveCard,
  cardActivity,
  type FileOptions,
  renderMessageCard,
} from '../render/message-card.js';
import type { TeamsAddress } from '../teams-address.js';
import { gateForTeams } from '../teams-gate.js';
import type { Turn } from './turn.js';

export type Reply = Gated<OutboundMessage> | Gated<Form>;

export const isForm = (reply: Reply): reply is Gated<Form> => 'formId' in reply;

/** `downloadUrl`: where the reply's file (the client's export) is downloaded, when it has one. */
export function cardOf(reply: Reply, options: FileOptions = {}): AdaptiveCard {
  return isForm(reply) ? renderFormCard(reply) : renderMessageCard(reply, options);
}

const summaryOf = (reply: Reply) => (isForm(reply) ? reply.title.text : reply.summary.text);

/** Whether a reply shows or edits private text, so that on Teams it is shown in a dialog, never in a chat. */
export const needsDialog = (reply: Reply): boolean =>
  isForm(reply) ? formIsPrivate(reply) : blocksHoldPrivateText(reply.blocks);

/** What opens a private reply again in a dialog: the action id (and its value) it is fetched with. */
export interface Reopen {
  actionId: string;
  value?: string;
}

/**
 * The card a chat gets in place of a private reply: its title (logistics) and a button that opens the reply in a
 * dialog, so the private text never enters the chat's history. Without a way to reopen it, it says where to look.
 */
export function openerCard(reply: Reply, reopen: Reopen | undefined): AdaptiveCard {
  const heading = summaryOf(reply);
  const note = reopen
    ? 'Only you can see it. It opens in a private window, so it stays out of this chat’s history.'
    : 'Only you can see it: Triad shows private text in its own window, never in a chat. Type goals or export to open them.';
  return adaptiveCard(
    [
      richText([textRun(heading, { weight: 'Bolder', size: 'Medium' })]),
      richText([textRun(note, { isSubtle: true, size: 'Small' })]),
      ...(reopen
        ? [
            {
              type: 'ActionSet',
              actions: [
                dialogOpener(isForm(reply) ? `Open: ${reply.title}` : 'Open', {
                  actionId: reopen.actionId,
                  ...(reopen.value ? { value: reopen.value } : {}),
                }),
              ],
            },
          ]
        : []),
    ],
    heading,
  );
}

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
 * A reply that shows or edits private text is never posted: the chat gets a button that opens it in a dialog.
 */
export async function answer(
  turn: Turn,
  reply: Reply,
  reopen?: Reopen,
  options: FileOptions = {},
): Promise<void> {
  const card = needsDialog(reply) ? openerCard(reply, reopen) : cardOf(reply, options);
  const activity = cardActivity(card, summaryOf(reply));
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

/** The body of an `adaptiveCard/action` invoke response, or of a dialog's `task/fetch` / `task/submit`. */
export type InvokeBody =
  | { statusCode: 200; type: 'application/vnd.microsoft.card.adaptive'; value: AdaptiveCard }
  | { statusCode: 200; type: 'application/vnd.microsoft.activity.message'; value: string }
  | TaskBody;

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

import { z } from 'zod';
import type { Gated } from '../../src/confidentiality/outbound-gate.js';
import type { OutboundMessage } from '../../src/messages/message.js';
import type { SendOptions, SendResult } from '../../src/ports/messenger.js';
import { type CardMessage, meetingCardActivity, meetingNotice } from './render/meeting-card.js';
import { renderMessageActivity } from './render/message-card.js';
import type { TeamsAddress } from './teams-address.js';
import type { TeamsConnector } from './teams-connector.js';
import type { FileLinksFor } from './turn/turn.js';

/** Where a meeting's card is (stored by the core as the meeting's thread address): ids only. */
export const meetingCardAddress = z.object({
  conversationId: z.string().min(1).max(400),
  activityId: z.string().min(1).max(400),
});
export type MeetingCardAddress = z.infer<typeof meetingCardAddress>;

export interface MeetingCardDeps {
  connector: TeamsConnector;
  fileLinks?: FileLinksFor | undefined;
  /** Runs a Bot Connector call, its failure made a DeliveryError. */
  call<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * Delivers a message of a meeting's thread in a Teams chat (group chats have no reply threads):
 * - a state or a note updates the meeting's one card in place (`updateActivity`), the card re-rendered from the
 *   thread's messages (`threadMessages`, the others gated again by the core); the first posts the card, whose id
 *   the core stores as the meeting's thread. Updating again with the same messages changes nothing, so a retried
 *   delivery never posts a second card once the card's id is stored;
 * - a message that must reach people (`notify`: a reminder's attendees) also gets a short message of its own that
 *   mentions them, as a reply to the card: an edited card notifies no one;
 * - a `post` (what the client released) is a message of its own, a reply to the card, and never becomes the card.
 */
export async function sendToMeetingCard(
  deps: MeetingCardDeps,
  target: TeamsAddress,
  message: Gated<OutboundMessage>,
  options: SendOptions,
): Promise<SendResult> {
  const stored = meetingCardAddress.safeParse(options.threadAddress);
  const card =
    stored.success && stored.data.conversationId === target.conversationId ? stored.data : undefined;
  const role = message.destination.kind === 'space' ? message.destination.threadRole : undefined;
  const idOf = (activityId: string) => `${target.conversationId}|${activityId}`;
  if (role === 'post') {
    const activity = renderMessageActivity(message, {
      outboxId: options.outboxId,
      ...(await downloadsOf(deps, message)),
    });
    const posted = card
      ? await deps.call(() => deps.connector.reply(target, card.activityId, activity))
      : await deps.call(() => deps.connector.send(target, activity));
    return { messageId: idOf(posted) };
  }
  const thread: CardMessage[] = [];
  for (const one of options.threadMessages ?? [{ outboxId: options.outboxId, message }]) {
    thread.push({ ...one, ...(await downloadsOf(deps, one.message)) });
  }
  const activity = meetingCardActivity(thread);
  let cardId: string;
  if (card) {
    await deps.call(() => deps.connector.update(target, card.activityId, activity));
    cardId = card.activityId;
  } else {
    cardId = await deps.call(() => deps.connector.send(target, activity));
  }
  const notice = meetingNotice(message);
  const noticeId = notice ? await deps.call(() => deps.connector.reply(target, cardId, notice)) : undefined;
  const address: MeetingCardAddress = { conversationId: target.conversationId, activityId: cardId };
  return { messageId: idOf(noticeId ?? cardId), threadAddress: address };
}

async function downloadsOf(deps: MeetingCardDeps, message: Gated<OutboundMessage>) {
  const origin = message.file?.origin;
  if (!origin || !deps.fileLinks) return {};
  return { downloads: await deps.fileLinks(origin) };
}

import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import type { Part } from '../../../src/confidentiality/parts.js';
import type { Summary } from '../../../src/confidentiality/words.js';
import type { OutboundMessage } from '../../../src/messages/message.js';
import type { ThreadMessage } from '../../../src/ports/messenger.js';
import { type CardElement, hasTime, richText, TEAMS_LIMITS, textRun, timeTextBlock } from './card-text.js';
import { InputIds } from './controls.js';
import {
  type AdaptiveCard,
  adaptiveCard,
  type CardActivity,
  cardActivity,
  type DownloadButton,
  fileElements,
  mentionsOf,
  renderBody,
} from './message-card.js';

/**
 * A meeting in the sponsor chat as one card, updated in place: Teams group chats have no reply threads, so the
 * meeting's thread (`threadMeetingId`) becomes a single card instead of a stream of messages.
 * - The meeting's state is its latest message that is not a note (scheduled, moved, cancelled, held), shown in
 *   full with its buttons and calendar links; the notes since then (reminders, the video link, a withdrawal
 *   note) follow it in full.
 * - Everything before that state is listed under "Earlier" by its summary, times in each reader's own zone.
 * - Mentions are never in the card: an edit notifies no one, so a message that must reach people gets a short
 *   message of its own (`meetingNotice`).
 */

/** A message of a meeting's thread, with the download links of its file made for this send. */
export interface CardMessage extends ThreadMessage {
  downloads?: readonly DownloadButton[];
}

const isNote = (message: Gated<OutboundMessage>) =>
  message.destination.kind === 'space' && message.destination.threadRole === 'note';

const summaryParts = (summary: Summary): readonly Part[] =>
  summary.kind === 'timed' ? summary.pieces : [summary];

/** A summary as one line: a TextBlock with date functions when it names a time, else an inert text run. */
export function summaryLine(summary: Summary, style: { isSubtle?: boolean; size?: 'Small' } = {}) {
  const parts = summaryParts(summary);
  return hasTime(parts) ? timeTextBlock(parts, style) : richText([textRun(summary.text, style)]);
}

/** The card of a meeting: `messages` is its thread, oldest first, ending with the message being delivered. */
export function renderMeetingCard(messages: readonly CardMessage[]): AdaptiveCard {
  const last = messages.at(-1);
  if (!last) throw new Error('a meeting card needs a message');
  let state = -1;
  messages.forEach((one, index) => {
    if (!isNote(one.message)) state = index;
  });
  const shown = messages.slice(Math.max(state, 0));
  const earlier = messages.slice(0, Math.max(state, 0));
  const ids = new InputIds();
  // The state gets half the card, the notes share most of the rest; "Earlier" is a few summary lines.
  const noteBudget = Math.floor(TEAMS_LIMITS.cardJson / 3 / Math.max(1, shown.length - 1));
  const body: CardElement[] = [];
  shown.forEach((one, index) => {
    const budget = index === 0 && state >= 0 ? TEAMS_LIMITS.cardJson / 2 : noteBudget;
    const elements = [
      ...renderBody(one.message.blocks, { outboxId: one.outboxId, ids, budget }),
      ...fileElements(one.message, one.downloads ? { downloads: one.downloads } : {}),
    ];
    const [first, ...rest] = elements;
    if (!first) return;
    body.push(index === 0 ? first : { ...first, separator: true, spacing: 'Medium' }, ...rest);
  });
  if (earlier.length > 0) {
    body.push(
      richText([textRun('Earlier', { weight: 'Bolder', size: 'Small', isSubtle: true })], {
        separator: true,
        spacing: 'Medium',
      }),
      ...earlier.slice(-20).map((one) => ({
        ...summaryLine(one.message.summary, { isSubtle: true, size: 'Small' }),
        spacing: 'None',
      })),
    );
  }
  return adaptiveCard(body, last.message.summary.text);
}

export function meetingCardActivity(messages: readonly CardMessage[]): CardActivity {
  const last = messages.at(-1);
  return cardActivity(renderMeetingCard(messages), last?.message.summary.text ?? '');
}

/**
 * The short message that notifies the people an update is for (a reminder's attendees), since editing the card
 * notifies no one: their `<at>` mentions, the update's summary, and where the rest is. Sent as a reply to the
 * card (`replyToId`); Teams shows it as a new message in a group chat, which is what notifies.
 */
export function meetingNotice(message: Gated<OutboundMessage>): CardActivity | undefined {
  const mentions = mentionsOf(message);
  if (!mentions.line) return undefined;
  const card = adaptiveCard(
    [
      mentions.line,
      summaryLine(message.summary),
      richText([
        textRun('The meeting’s card above has the details and buttons, kept up to date.', {
          isSubtle: true,
          size: 'Small',
        }),
      ]),
    ],
    message.summary.text,
  );
  return cardActivity({ ...card, msteams: { entities: mentions.entities } }, message.summary.text);
}

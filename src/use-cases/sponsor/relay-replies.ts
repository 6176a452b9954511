import { opaque, words } from '../../confidentiality/words.js';
import type { OutboundMessage } from '../../messages/message.js';
import { logisticsReply } from '../shared/reply.js';
import { relayActions } from './relay-draft.js';

type RelayAudience = 'shared' | 'admin';

const cancelButton = (draftId: string) =>
  ({
    type: 'button',
    actionId: relayActions.cancel,
    label: words('Cancel'),
    value: opaque(draftId),
  }) as const;

/** "Which sponsor thread?": one button per engagement the sender may post to, and Cancel. */
export function relayChoiceReply(
  personId: string,
  audience: RelayAudience,
  choices: readonly { label: string; value: string }[],
  draftId: string,
): OutboundMessage<RelayAudience> {
  const base = logisticsReply({
    audience,
    personId,
    summary: 'Which sponsor thread is this for?',
    lines: [
      'Triad has no private channel: what you send me can only be posted in a sponsor thread, where the client and their coach see it. Which engagement is it about?',
    ],
    notes: ['Nothing is posted until you choose and confirm.'],
  });
  return {
    ...base,
    blocks: [
      ...base.blocks,
      {
        type: 'actions',
        elements: [
          ...choices.map((c) => ({
            type: 'button' as const,
            actionId: relayActions.choose,
            label: words(c.label),
            value: opaque(c.value),
          })),
          cancelButton(draftId),
        ],
      },
    ],
  };
}

/** "Post it there?": the thread chosen, who will see it, and the two buttons. */
export function relayConfirmReply(
  personId: string,
  audience: RelayAudience,
  engagementId: string,
  where: string,
  readers: string,
  value: string,
  draftId: string,
): OutboundMessage<RelayAudience> {
  const base = logisticsReply({
    audience,
    personId,
    engagementId,
    summary: 'Post to the sponsor thread?',
    lines: [`Post your message in the sponsor thread of ${where}? ${readers} will see it there.`],
  });
  return {
    ...base,
    blocks: [
      ...base.blocks,
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            actionId: relayActions.confirm,
            label: words('Post to the sponsor thread'),
            value: opaque(value),
            style: 'primary',
          },
          cancelButton(draftId),
        ],
      },
    ],
  };
}

import { privatePart } from '../../confidentiality/parts.js';
import type { PrivateText } from '../../confidentiality/private-text.js';
import { type ReleasedText, releasedPart } from '../../confidentiality/release.js';
import { opaque, words } from '../../confidentiality/words.js';
import type { ActionId } from '../../controls/controls.js';
import type { PrivateMessage, SharedMessage } from '../message.js';
import { clientReply } from './reflection-replies.js';
import { context, section } from './text.js';

export const releaseActions = {
  confirm: 'release.confirm',
  cancel: 'release.cancel',
  withdraw: 'release.withdraw',
} as const satisfies Record<string, ActionId>;

/** The preview: exactly the text the sponsor will see, shown to the client alone, with Confirm / Cancel. */
export function releasePreviewReply(
  engagementId: string,
  clientId: string,
  releaseId: string,
  text: PrivateText,
  names: { client: string; sponsor: string },
): PrivateMessage {
  return clientReply(engagementId, clientId, 'Preview: what your sponsor would see', [
    section(
      `This is exactly what ${names.sponsor} will see in the sponsor thread, posted as shared by you. Nothing is shared until you confirm.`,
    ),
    { type: 'section', text: [privatePart(text, engagementId, [clientId])] },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          actionId: releaseActions.confirm,
          label: words('Share it'),
          value: opaque(releaseId),
          style: 'primary',
        },
        { type: 'button', actionId: releaseActions.cancel, label: words('Cancel'), value: opaque(releaseId) },
      ],
    },
    context('You can withdraw it later; your sponsor is then told that you withdrew a shared item.'),
  ]);
}

/**
 * The released text in the sponsor space, attributed to the client. The only message that carries it. The thread
 * is read by the client, the sponsor and the coach, so it says what the client chose, not "shared with you".
 */
export function releasedPost(
  released: ReleasedText,
  clientName: string,
  options: { threadMeetingId?: string; replacesEarlier: boolean },
): SharedMessage {
  return {
    audience: 'shared',
    destination: {
      kind: 'space',
      engagementId: released.engagementId,
      space: 'sponsor',
      ...(options.threadMeetingId
        ? { threadMeetingId: options.threadMeetingId, threadRole: 'post' as const }
        : {}),
    },
    summary: words(`${clientName} shared something from the coaching`),
    blocks: [
      section(`${clientName} chose to share this:`),
      { type: 'section', text: [releasedPart(released)] },
      context(
        options.replacesEarlier
          ? `This replaces what ${clientName} shared about this earlier.`
          : 'Everything else from the coaching stays confidential.',
      ),
    ],
  };
}

/** Told where the release was posted: in its meeting thread when it had one. */
export function withdrawalNote(
  engagementId: string,
  clientName: string,
  threadMeetingId?: string,
): SharedMessage {
  return {
    audience: 'shared',
    destination: {
      kind: 'space',
      engagementId,
      space: 'sponsor',
      ...(threadMeetingId ? { threadMeetingId, threadRole: 'note' as const } : {}),
    },
    summary: words(`${clientName} withdrew a shared item`),
    blocks: [section(`${clientName} withdrew a shared item. Please do not rely on it any more.`)],
  };
}

export function releaseSharedReply(
  engagementId: string,
  clientId: string,
  releaseId: string,
  sponsorName: string,
  already: boolean,
): PrivateMessage {
  return clientReply(engagementId, clientId, already ? 'Already shared' : 'Shared with your sponsor', [
    section(
      already
        ? `You already shared this with ${sponsorName}.`
        : `Shared with ${sponsorName} in the sponsor thread. You can withdraw it at any time.`,
    ),
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          actionId: releaseActions.withdraw,
          label: words('Withdraw'),
          value: opaque(releaseId),
          style: 'danger',
        },
      ],
    },
  ]);
}

export const releaseNoteReply = (engagementId: string, clientId: string, text: string) =>
  clientReply(engagementId, clientId, text, [section(text)]);

import type { types } from '@slack/bolt';
import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import type { Block, OutboundMessage } from '../../../src/messages/message.js';
import { renderActions } from './controls.js';
import {
  escapeMrkdwn,
  partsToMrkdwn,
  plain,
  SLACK_LIMITS,
  splitText,
  summaryToMrkdwn,
  TRUNCATED_NOTE,
  truncate,
} from './text.js';

type SlackBlock = types.KnownBlock;

const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: text === '' ? ' ' : text });

/** One neutral block as one or more Block Kit blocks (long sections are split, not cut). */
function renderBlock(block: Block, index: number): SlackBlock[] {
  switch (block.type) {
    case 'header':
      return [{ type: 'header', text: plain(block.text.text, SLACK_LIMITS.headerText) }];
    case 'section':
      return splitText(partsToMrkdwn(block.text), SLACK_LIMITS.sectionText).map((chunk, i) => ({
        type: 'section',
        text: mrkdwn(chunk),
        ...(block.image && i === 0
          ? {
              accessory: {
                type: 'image',
                image_url: block.image.url.text,
                alt_text: truncate(block.image.alt.text, SLACK_LIMITS.imageAltText),
              },
            }
          : {}),
      }));
    case 'fields': {
      const fields = block.fields.map((field) =>
        mrkdwn(
          truncate(
            `*${escapeMrkdwn(field.label.text)}*\n${partsToMrkdwn(field.value)}`,
            SLACK_LIMITS.fieldText,
          ),
        ),
      );
      const sections: SlackBlock[] = [];
      for (let i = 0; i < fields.length; i += SLACK_LIMITS.sectionFields) {
        sections.push({ type: 'section', fields: fields.slice(i, i + SLACK_LIMITS.sectionFields) });
      }
      return sections;
    }
    case 'context':
      return [
        {
          type: 'context',
          elements: [mrkdwn(truncate(partsToMrkdwn(block.text), SLACK_LIMITS.contextText))],
        },
      ];
    case 'divider':
      return [{ type: 'divider' }];
    case 'actions':
      return renderActions(block.elements, index);
  }
}

const truncatedNote = (hidden: number): SlackBlock => ({
  type: 'context',
  elements: [mrkdwn(`${TRUNCATED_NOTE.trim()} ${hidden} more block${hidden === 1 ? '' : 's'} not shown.`)],
});

/**
 * Renders neutral blocks to at most `max` Block Kit blocks. When there are too many, content blocks past the
 * limit are dropped with a visible "(truncated)" note; interactive blocks are always kept, in order.
 */
export function renderBlocks(blocks: readonly Block[], max: number): SlackBlock[] {
  const groups = blocks.map((block, i) => ({
    interactive: block.type === 'actions',
    out: renderBlock(block, i),
  }));
  const total = groups.reduce((n, g) => n + g.out.length, 0);
  if (total <= max) return groups.flatMap((g) => g.out);
  const interactive = groups.filter((g) => g.interactive).reduce((n, g) => n + g.out.length, 0);
  let room = Math.max(0, max - interactive - 1);
  let hidden = 0;
  const kept: SlackBlock[] = [];
  let noteAt = -1;
  for (const group of groups) {
    if (group.interactive) {
      kept.push(...group.out);
      continue;
    }
    for (const block of group.out) {
      if (room > 0) {
        kept.push(block);
        room -= 1;
        noteAt = kept.length;
      } else hidden += 1;
    }
  }
  kept.splice(Math.max(noteAt, 0), 0, truncatedNote(hidden));
  return kept.slice(0, max);
}

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Slack user ids as Slack writes them; anything else is not rendered as a mention. */
const slackUserId = /^[UW][A-Z0-9]{2,20}$/;

/**
 * `<@U…>` mentions of the people a message is for. A mention notifies its person wherever the message is
 * posted, a thread reply included (a reply alone notifies only the thread's followers); `reply_broadcast`
 * would not (a channel post notifies only under "all messages" settings), and a DM would split the thread.
 */
function mentionsOf(message: Gated<OutboundMessage>): string {
  return (message.notify ?? [])
    .map((mention) => mention.platformUserId)
    .filter((id) => slackUserId.test(id))
    .map((id) => `<@${id}>`)
    .join(' ');
}

/**
 * A gated message as Block Kit: the summary is the notification text, escaped like everything typed; the
 * people it is for are mentioned in the text and in a first line of the blocks, so Slack notifies them.
 */
export function renderMessage(message: Gated<OutboundMessage>): SlackMessage {
  const mentions = mentionsOf(message);
  const summary = summaryToMrkdwn(message.summary);
  const blocks = renderBlocks(message.blocks, SLACK_LIMITS.messageBlocks - (mentions ? 1 : 0));
  return {
    text: truncate(mentions ? `${mentions} ${summary}` : summary, SLACK_LIMITS.notificationText),
    blocks: mentions ? [{ type: 'section', text: mrkdwn(mentions) }, ...blocks] : blocks,
  };
}

const hasImage = (block: SlackBlock) =>
  block.type === 'section' && (block as { accessory?: { type?: string } }).accessory?.type === 'image';

/** Whether any section shows an image accessory (a coach's photo). */
export const showsImages = (blocks: readonly SlackBlock[]) => blocks.some(hasImage);

/**
 * The same blocks with each image accessory shown as a link under its section instead: Slack refuses a whole
 * message (`invalid_blocks`) when it cannot download an image, and a broken photo link must not stop the message.
 */
export function imagesAsLinks(blocks: readonly SlackBlock[]): SlackBlock[] {
  return blocks.flatMap((block) => {
    if (!hasImage(block)) return [block];
    const { accessory, ...rest } = block as types.SectionBlock & { accessory: types.ImageElement };
    const url = 'image_url' in accessory ? accessory.image_url : undefined;
    return [
      rest as SlackBlock,
      ...(url ? [{ type: 'context', elements: [mrkdwn(`Photo: ${escapeMrkdwn(url)}`)] } as SlackBlock] : []),
    ];
  });
}

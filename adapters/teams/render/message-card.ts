import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import type { Block, OutboundMessage } from '../../../src/messages/message.js';
import { EXPORT_LINK_MINUTES } from '../../../src/use-cases/client/export-download.js';
import {
  ADAPTIVE_CARD,
  CARD_SCHEMA,
  CARD_VERSION,
  type CardElement,
  hasTime,
  joinParts,
  richText,
  TEAMS_LIMITS,
  TRUNCATED_NOTE,
  textRun,
  timeTextBlock,
  truncate,
} from './card-text.js';
import { InputIds, renderControls } from './controls.js';

export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  fallbackText?: string;
  body: CardElement[];
  /** Mentions in the card's TextBlocks: Teams notifies each mentioned person. */
  msteams?: { entities: MentionEntity[] };
}

/** A Bot Framework message activity carrying one Adaptive Card. */
export interface CardActivity {
  type: 'message';
  summary: string;
  attachments: [{ contentType: typeof ADAPTIVE_CARD; content: AdaptiveCard }];
}

const subtle = { isSubtle: true, size: 'Small' } as const;

interface Rendered {
  elements: CardElement[];
  interactive: boolean;
}

/** One neutral block as card elements; `separated` puts a rule above it (a divider before it). */
function renderBlock(block: Block, ids: InputIds, outboxId: string | undefined): Rendered {
  switch (block.type) {
    case 'header':
      return {
        elements: [richText([textRun(block.text.text, { weight: 'Bolder', size: 'Medium' })])],
        interactive: false,
      };
    case 'section': {
      const text = hasTime(block.text)
        ? timeTextBlock(block.text)
        : richText([textRun(joinParts(block.text))]);
      if (!block.image) return { elements: [text], interactive: false };
      const image = {
        type: 'Image',
        url: block.image.url.text,
        altText: block.image.alt.text,
        size: 'Small',
      };
      return { elements: [image, text], interactive: false };
    }
    case 'context':
      if (hasTime(block.text)) {
        return { elements: [timeTextBlock(block.text, subtle)], interactive: false };
      }
      return {
        elements: [richText([textRun(joinParts(block.text), subtle)])],
        interactive: false,
      };
    case 'fields':
      return {
        elements: block.fields.map((field) =>
          hasTime(field.value)
            ? { ...timeTextBlock(field.value, {}, field.label.text), spacing: 'Small' }
            : richText(
                [textRun(`${field.label.text}: `, { weight: 'Bolder' }), textRun(joinParts(field.value))],
                {
                  spacing: 'Small',
                },
              ),
        ),
        interactive: false,
      };
    case 'divider':
      return { elements: [], interactive: false };
    case 'actions': {
      const { inputs, actions } = renderControls(block.elements, ids, outboxId);
      const sets: CardElement[] = [];
      for (let i = 0; i < actions.length; i += TEAMS_LIMITS.actionsPerSet) {
        sets.push({ type: 'ActionSet', actions: actions.slice(i, i + TEAMS_LIMITS.actionsPerSet) });
      }
      return { elements: [...inputs, ...sets], interactive: true };
    }
  }
}

const size = (elements: CardElement[]) => JSON.stringify(elements).length;

/**
 * Renders neutral blocks to card body elements within Teams' size limit: when they would not fit, content
 * past the limit is dropped with a visible "(truncated)" note; interactive elements are always kept, in order.
 */
export function renderBody(
  blocks: readonly Block[],
  options: { outboxId?: string; ids?: InputIds; budget?: number } = {},
): CardElement[] {
  const ids = options.ids ?? new InputIds();
  const budget = options.budget ?? TEAMS_LIMITS.cardJson;
  const groups: Rendered[] = [];
  let separate = false;
  for (const block of blocks) {
    if (block.type === 'divider') {
      separate = true;
      continue;
    }
    const rendered = renderBlock(block, ids, options.outboxId);
    const [first] = rendered.elements;
    if (separate && first) rendered.elements[0] = { ...first, separator: true };
    separate = false;
    groups.push(rendered);
  }
  const all = groups.flatMap((g) => g.elements);
  if (size(all) <= budget) return all;
  const interactive = size(groups.filter((g) => g.interactive).flatMap((g) => g.elements));
  let room = Math.max(0, budget - interactive - 200);
  const kept: CardElement[] = [];
  let cut = false;
  for (const group of groups) {
    if (group.interactive) {
      kept.push(...group.elements);
      continue;
    }
    for (const element of group.elements) {
      const cost = size([element]);
      if (!cut && cost <= room) {
        kept.push(element);
        room -= cost;
      } else cut = true;
    }
  }
  kept.push(richText([textRun(TRUNCATED_NOTE.trim(), { isSubtle: true, size: 'Small' })]));
  return kept;
}

export function adaptiveCard(body: CardElement[], fallbackText: string): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    fallbackText: truncate(fallbackText, TEAMS_LIMITS.summary),
    body,
  };
}

export function cardActivity(card: AdaptiveCard, summary: string): CardActivity {
  return {
    type: 'message',
    summary: truncate(summary, TEAMS_LIMITS.summary),
    attachments: [{ contentType: ADAPTIVE_CARD, content: card }],
  };
}

/**
 * The people a message is for as `<at>` mentions: a TextBlock naming them and the mention entities Teams needs
 * to notify them (the `<at>` text must match an entity's text exactly).
 */
export function mentionsOf(message: Gated<OutboundMessage>): {
  line?: CardElement;
  entities: MentionEntity[];
} {
  const entities = (message.notify ?? []).map((mention) => {
    const name = mention.name.text.replace(/[<>&]/g, '').trim() || 'you';
    return {
      type: 'mention' as const,
      text: `<at>${name}</at>`,
      mentioned: { id: mention.platformUserId, name },
    };
  });
  if (entities.length === 0) return { entities };
  return { line: { type: 'TextBlock', text: entities.map((e) => e.text).join(' '), wrap: true }, entities };
}

/** A download link's button: a file Triad makes when the link is followed (see `src/use-cases/files/`). */
export interface DownloadButton {
  title: string;
  url: string;
}

/** How a message's file reaches Teams: download links (`downloads`, or the export's `downloadUrl`). */
export interface FileOptions {
  downloadUrl?: string;
  downloads?: readonly DownloadButton[];
}

/** A gated message as one Adaptive Card; the summary is the notification preview. */
export function renderMessageCard(
  message: Gated<OutboundMessage>,
  options: { outboxId?: string } & FileOptions = {},
): AdaptiveCard {
  const mentions = mentionsOf(message);
  const body = [...renderBody(message.blocks, options), ...fileElements(message, options)];
  if (mentions.line) body.unshift(mentions.line);
  const card = adaptiveCard(body, message.summary.text);
  return mentions.entities.length > 0 ? { ...card, msteams: { entities: mentions.entities } } : card;
}

/** A message's file as Teams gets it: short-lived signed download links served by Triad, never inlined. */
export function fileElements(message: Gated<OutboundMessage>, options: FileOptions = {}): CardElement[] {
  if (!message.file) return [];
  const downloads =
    options.downloads ??
    (options.downloadUrl
      ? [
          {
            title: `Download your export (link valid for ${EXPORT_LINK_MINUTES} minutes)`,
            url: options.downloadUrl,
          },
        ]
      : []);
  const elements: CardElement[] = [];
  if (downloads.length > 0) {
    for (let i = 0; i < downloads.length; i += TEAMS_LIMITS.actionsPerSet) {
      elements.push({
        type: 'ActionSet',
        actions: downloads.slice(i, i + TEAMS_LIMITS.actionsPerSet).map((link) => ({
          type: 'Action.OpenUrl',
          title: truncate(link.title, 200),
          url: link.url,
        })),
      });
    }
    return elements;
  }
  // A meeting's message already carries its "Add to Outlook" / "Add to Google Calendar" links.
  const note =
    message.file.mimeType === 'text/calendar'
      ? 'Teams gets no calendar file from Triad: use the Add to Outlook or Add to Google Calendar link above.'
      : 'Triad cannot send files in Teams yet, so this file was not delivered here.';
  return [richText([textRun(note, { isSubtle: true })])];
}

/**
 * A gated message as an activity. The outbox id travels in each action's data, so the card can be refreshed in
 * place after someone acts on it. (It is not put in channelData: the Bot Connector offers no way to read a
 * conversation back, so nothing could look for it there.)
 */
export function renderMessageActivity(
  message: Gated<OutboundMessage>,
  options: { outboxId?: string } & FileOptions = {},
): CardActivity {
  return cardActivity(renderMessageCard(message, options), message.summary.text);
}

/**
 * What a person typed to Triad in Teams, made readable for the command grammar. Teams sends a mention as
 * `<at>Jane Doe</at>` in the text plus a `mention` entity with the user's id; each mention becomes one
 * placeholder word bound to that entity, Triad's own mention is dropped, and HTML is reduced to plain text.
 */

export interface Mention {
  /** The mentioned user's Teams id (`29:…`), or undefined when Teams attached no entity to the tag. */
  id: string | undefined;
  name: string;
}

export interface TeamsText {
  /** The text with each mention replaced by a placeholder word (see `mentionIndex`). */
  text: string;
  mentions: Mention[];
}

interface ActivityLike {
  text?: string | undefined;
  entities?: unknown[] | undefined;
  recipient?: { id?: string } | undefined;
}

interface MentionEntity {
  type: 'mention';
  text?: string;
  mentioned?: { id?: string; name?: string };
}

const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = new RegExp(`^${OPEN}(\\d{1,3})${CLOSE}$`);

export const mentionPlaceholder = (index: number) => `${OPEN}${index}${CLOSE}`;

/** The index of the mention a placeholder word stands for, or undefined. */
export function mentionIndex(word: string): number | undefined {
  const match = PLACEHOLDER.exec(word);
  return match ? Number(match[1]) : undefined;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
  '&nbsp;': ' ',
};

function decodeHtml(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n')
    .replace(/<(?!\/?at>)[^>]*>/gi, '')
    .replace(/&(?:amp|lt|gt|quot|#39|apos|nbsp);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/\u00a0/g, ' ');
}

const isMention = (entity: unknown): entity is MentionEntity =>
  typeof entity === 'object' && entity !== null && (entity as { type?: unknown }).type === 'mention';

/** Reads a Teams message: mentions → placeholders, the bot's own mention removed, HTML decoded. */
export function readTeamsText(activity: ActivityLike): TeamsText {
  const raw = activity.text ?? '';
  const botId = activity.recipient?.id;
  const entities = (activity.entities ?? []).filter(isMention);
  const used = new Set<number>();
  const mentions: Mention[] = [];
  const replaced = raw.replace(/<at>([\s\S]*?)<\/at>/gi, (tag: string, inner: string) => {
    const name = decodeHtml(inner).trim();
    const index = entities.findIndex((e, i) => !used.has(i) && (e.text ?? '').trim() === tag.trim());
    const entity = index >= 0 ? entities[index] : undefined;
    if (index >= 0) used.add(index);
    const id = entity?.mentioned?.id;
    if (id && id === botId) return ' ';
    mentions.push({ id: id || undefined, name: entity?.mentioned?.name?.trim() || name });
    return ` ${mentionPlaceholder(mentions.length - 1)} `;
  });
  return {
    text: decodeHtml(replaced)
      .replace(/[ \t]+/g, ' ')
      .trim(),
    mentions,
  };
}

/** The text as a person would read it (mentions as @Name), e.g. to answer a reflection in their own words. */
export function plainTeamsText(activity: ActivityLike): string {
  const { text, mentions } = readTeamsText(activity);
  return text.replace(new RegExp(`${OPEN}(\\d{1,3})${CLOSE}`, 'g'), (_m, i: string) => {
    const mention = mentions[Number(i)];
    return mention ? `@${mention.name}` : '';
  });
}

/**
 * What a person typed to Triad in Teams, made readable for the command grammar. Teams sends a mention as
 * `<at>Jane Doe</at>` in the text plus a `mention` entity with the user's id; each mention becomes one
 * placeholder word bound to that entity, Triad's own mention is dropped, and HTML is reduced to plain text.
 */
import { TeamsInputError } from '../errors.js';

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

/**
 * Teams' own limit for one message is about 28 KB of HTML; anything longer did not come from a Teams client, and
 * is refused before any of it is read.
 */
export const MAX_TEAMS_TEXT = 28_000;

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
  '&nbsp;': ' ',
};

const decodeEntities = (text: string) =>
  text.replace(/&(?:amp|lt|gt|quot|#39|apos|nbsp);/g, (entity) => ENTITIES[entity] ?? entity);

interface Token {
  tag: boolean;
  text: string;
}

/**
 * Splits HTML into text and tags in one pass. A tag runs from `<` to the next `>`; a `<` with no `>` after it is
 * text. The position of the next `>` is remembered, so a run of `<` is read in linear time (a regular expression
 * such as `<[^>]*>` scans to the end again from every `<`: 100 KB of `<` took about 21 s).
 */
function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  let nextClose = -1;
  while (at < html.length) {
    const open = html.indexOf('<', at);
    if (nextClose !== -1 && nextClose < open) nextClose = -1;
    if (open !== -1 && nextClose === -1) nextClose = html.indexOf('>', open);
    if (open === -1 || nextClose === -1) {
      tokens.push({ tag: false, text: html.slice(at) });
      break;
    }
    if (open > at) tokens.push({ tag: false, text: html.slice(at, open) });
    tokens.push({ tag: true, text: html.slice(open, nextClose + 1) });
    at = nextClose + 1;
    nextClose = -1;
  }
  return tokens;
}

const BREAK = /^<br\s*\/?>$/i;
const PARAGRAPH_END = /^<\/p>$/i;
const PARAGRAPH = /^<p>$/i;
const MENTION_OPEN = /^<at>$/i;
const MENTION_CLOSE = /^<\/at>$/i;
const isTag = (token: Token | undefined, tag: RegExp) => token?.tag === true && tag.test(token.text);
const isBlank = (token: Token | undefined) => token !== undefined && !token.tag && token.text.trim() === '';

/** Plain text of tokens: `<br>` and `</p><p>` become line breaks, other tags go, entities are decoded. */
function plainOf(tokens: readonly Token[], from = 0, to = tokens.length): string {
  let out = '';
  for (let i = from; i < to; i += 1) {
    const token = tokens[i] as Token;
    if (!token.tag) {
      out += decodeEntities(token.text);
      continue;
    }
    if (BREAK.test(token.text)) out += '\n';
    else if (PARAGRAPH_END.test(token.text)) {
      const next = isBlank(tokens[i + 1]) ? i + 2 : i + 1;
      if (isTag(tokens[next], PARAGRAPH)) {
        out += '\n';
        i = next;
      }
    } else if (MENTION_OPEN.test(token.text) || MENTION_CLOSE.test(token.text)) out += token.text;
  }
  return out.replace(/\u00a0/g, ' ');
}

const isMention = (entity: unknown): entity is MentionEntity =>
  typeof entity === 'object' && entity !== null && (entity as { type?: unknown }).type === 'mention';

/** Reads a Teams message: mentions → placeholders, the bot's own mention removed, HTML decoded. */
export function readTeamsText(activity: ActivityLike): TeamsText {
  const raw = activity.text ?? '';
  if (raw.length > MAX_TEAMS_TEXT) {
    throw new TeamsInputError(
      `That message is ${raw.length.toLocaleString('en-GB')} characters long; Triad reads at most ${MAX_TEAMS_TEXT.toLocaleString('en-GB')} characters in one message.`,
      'Send it in shorter parts.',
    );
  }
  const botId = activity.recipient?.id;
  const entities = (activity.entities ?? []).filter(isMention);
  // Unused mention entities by their tag text, in order, so each tag takes the next one with its text.
  const byTag = new Map<string, number[]>();
  entities.forEach((entity, index) => {
    const key = (entity.text ?? '').trim();
    byTag.set(key, [...(byTag.get(key) ?? []), index]);
  });
  const tokens = tokenize(raw);
  const mentions: Mention[] = [];
  const parts: string[] = [];
  let plainFrom = 0;
  let lastClose = -1;
  tokens.forEach((token, index) => {
    if (isTag(token, MENTION_CLOSE)) lastClose = index;
  });
  for (let i = 0; i < lastClose; i += 1) {
    if (!isTag(tokens[i], MENTION_OPEN)) continue;
    let close = i + 1;
    while (!isTag(tokens[close], MENTION_CLOSE)) close += 1;
    parts.push(plainOf(tokens, plainFrom, i));
    const tag = tokens
      .slice(i, close + 1)
      .map((t) => t.text)
      .join('');
    const name = plainOf(tokens, i + 1, close).trim();
    const index = byTag.get(tag.trim())?.shift();
    const entity = index === undefined ? undefined : entities[index];
    const id = entity?.mentioned?.id;
    if (id && id === botId) parts.push(' ');
    else {
      mentions.push({ id: id || undefined, name: entity?.mentioned?.name?.trim() || name });
      parts.push(` ${mentionPlaceholder(mentions.length - 1)} `);
    }
    plainFrom = close + 1;
    i = close;
  }
  parts.push(plainOf(tokens, plainFrom));
  return {
    text: parts
      .join('')
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

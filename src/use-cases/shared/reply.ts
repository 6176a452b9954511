import { type AdminPart, logistics } from '../../confidentiality/parts.js';
import { words } from '../../confidentiality/words.js';
import { type Phrase, phraseParts } from '../../messages/command-hint.js';
import type { Audience, Block, OutboundMessage } from '../../messages/message.js';

export interface LogisticsReply<A extends Audience = Audience> {
  personId: string;
  audience: A;
  engagementId?: string;
  summary: string;
  lines: readonly string[];
  /** Quieter lines; they may name commands, which each platform writes in its own words. */
  notes?: readonly Phrase[];
}

/**
 * A reply to the person acting, made of bot-composed logistics only, so it suits any audience (client, sponsor,
 * coach or HR). `notes` go in a quieter context block.
 */
export function logisticsReply<A extends Audience>({
  personId,
  audience,
  engagementId,
  summary,
  lines,
  notes = [],
}: LogisticsReply<A>): OutboundMessage<A> {
  const blocks: Block<AdminPart>[] = lines.map((line) => ({
    type: 'section',
    text: [logistics(line)],
  }));
  if (notes.length > 0) blocks.push({ type: 'context', text: notes.flatMap(phraseParts) });
  return {
    audience,
    destination: { kind: 'reply', audience, personId, ...(engagementId ? { engagementId } : {}) },
    summary: words(summary),
    // Logistics parts are allowed for every audience.
    blocks: blocks as OutboundMessage<A>['blocks'],
  };
}

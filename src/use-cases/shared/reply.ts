import { logistics } from '../../confidentiality/parts.js';
import { words } from '../../confidentiality/words.js';
import type { Audience, Block, OutboundMessage } from '../../messages/message.js';

export interface LogisticsReply<A extends Audience = Audience> {
  personId: string;
  audience: A;
  engagementId?: string;
  summary: string;
  lines: readonly string[];
  notes?: readonly string[];
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
  const blocks: Block<ReturnType<typeof logistics>>[] = lines.map((line) => ({
    type: 'section',
    text: [logistics(line)],
  }));
  if (notes.length > 0) blocks.push({ type: 'context', text: notes.map((n) => logistics(n)) });
  return {
    audience,
    destination: { kind: 'reply', audience, personId, ...(engagementId ? { engagementId } : {}) },
    summary: words(summary),
    // Logistics parts are allowed for every audience.
    blocks: blocks as OutboundMessage<A>['blocks'],
  };
}

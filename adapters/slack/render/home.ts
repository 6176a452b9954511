import type { types } from '@slack/bolt';
import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import type { Block, OutboundMessage } from '../../../src/messages/message.js';
import { renderBlocks } from './blocks.js';
import { SLACK_LIMITS } from './text.js';

/** The App Home tab from the core's gated sections (one per engagement and role), divided, within 100 blocks. */
export function renderHome(sections: readonly Gated<OutboundMessage>[]): types.HomeView {
  const blocks: Block[] = [];
  sections.forEach((section, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(...section.blocks);
  });
  return { type: 'home', blocks: renderBlocks(blocks, SLACK_LIMITS.viewBlocks) };
}

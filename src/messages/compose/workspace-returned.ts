import { logistics } from '../../confidentiality/parts.js';
import { words } from '../../confidentiality/words.js';
import type { AdminMessage } from '../message.js';

/** How many held messages go out now, in words (a count only: nothing of what they say). */
function resuming(count: number): string {
  if (count === 0) return 'No messages were waiting while it was away.';
  if (count === 1) return 'The 1 message held while it was away now goes out.';
  return `The ${count} messages held while it was away now go out.`;
}

/** To each HR admin of an organisation whose workspace installed Triad again after removing it. */
export function workspaceReturnedForHr(hrPersonId: string, resumed: number): AdminMessage {
  return {
    audience: 'admin',
    destination: { kind: 'hr', personId: hrPersonId },
    summary: words('Triad was reinstalled'),
    blocks: [
      {
        type: 'section',
        text: [
          logistics(
            `Triad was reinstalled in your workspace and works again with its engagements as they were. ${resuming(resumed)}`,
          ),
        ],
      },
    ],
  };
}

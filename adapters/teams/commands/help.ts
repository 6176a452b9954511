import { words } from '../../../src/confidentiality/words.js';
import { context, header, section } from '../../../src/messages/compose/text.js';
import type { OutboundMessage } from '../../../src/messages/message.js';

const reply = (
  personId: string,
  summary: string,
  lines: string[],
  note: string,
): OutboundMessage<'private'> => ({
  audience: 'private',
  destination: { kind: 'reply', audience: 'private', personId },
  summary: words(summary),
  blocks: [header(summary), ...lines.map((line) => section(line)), context(note)],
});

export const groupHelp = (personId: string) =>
  reply(
    personId,
    'Triad in this chat',
    [
      'A sponsor chat has exactly the client, the sponsor and the coach; a coaching chat exactly the client and the coach. Triad links a chat only when its members match an engagement, and posts nothing while anyone else is in it.',
      'Use the buttons on Triad’s messages to schedule, move and mark meetings. Everything private happens in your 1:1 chat with Triad.',
    ],
    'HR commands work only in your 1:1 chat with Triad.',
  );

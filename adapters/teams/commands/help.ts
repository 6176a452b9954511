import { words } from '../../../src/confidentiality/words.js';
import { context, header, section } from '../../../src/messages/compose/text.js';
import type { OutboundMessage } from '../../../src/messages/message.js';

/** Static help (no engagement data), as replies to the person who asked. */
const hrLines = [
  'start client:@jane sponsor:@sam coach:@kim [coach:@lee …] [weeks:12] [cadence:weekly|fortnightly] — start an engagement (up to 5 coaches for a shortlist; the client chooses). Type start alone for a form with people pickers.',
  'list — the engagements of your organisation, status only.',
  'status @jane or status 1a2b3c4d — one engagement: stage, meetings, days left.',
  'pause …, resume …, end … — name the engagement by its client or its id.',
  'reassign @jane coach:@lee — a new coach; Triad asks the group chats to add and remove people, which Teams does not let it do.',
  'Name people with @mentions (type @ and pick them), or by email address when they are in this chat.',
];

const clientLines = [
  'Your reflection questions arrive here. Answer with the Answer button (stored only in Triad, encrypted), or simply reply in this chat.',
  'goals — your goals, with what is shared. goal — draft a new goal. export — everything you wrote, for you only.',
  'Whatever you write here stays private. Only text you choose to share, after seeing exactly what will be posted, reaches your sponsor chat.',
];

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

export const hrHelp = (personId: string) =>
  reply(
    personId,
    'Triad commands',
    hrLines,
    'HR sees lifecycle status only. Coaching content stays with the client (and what they share with their coach).',
  );

export const personalHelp = (personId: string) =>
  reply(personId, 'What Triad does here', clientLines, 'HR programme owners: type help for the HR commands.');

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

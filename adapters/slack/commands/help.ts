import type { types } from '@slack/bolt';

const lines = [
  '*`/coaching start client:@jane sponsor:@sam coach:@kim [coach:@lee …] [weeks:12] [cadence:weekly|fortnightly]`*\nStart an engagement (up to 5 coaches for a shortlist; the client chooses). `/coaching start` alone opens a form.',
  '*`/coaching list`* — the engagements of your organisation, status only.',
  '*`/coaching status @jane`* or *`/coaching status 1a2b3c4d`* — one engagement: stage, meetings, days left.',
  '*`/coaching pause …`*, *`/coaching resume …`*, *`/coaching end …`* — name the engagement by client or id.',
  '*`/coaching reassign @jane coach:@lee`* — a new coach joins; the previous one leaves the sponsor space.',
];

/** `/coaching help`: what HR can type. Static text; nothing about any engagement. */
export function helpBlocks(): { text: string; blocks: types.KnownBlock[] } {
  return {
    text: 'Triad commands',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Triad commands' } },
      ...lines.map((text) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } })),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'HR sees lifecycle status only. Coaching content stays with the client (and what they share with their coach).',
          },
        ],
      },
    ],
  };
}

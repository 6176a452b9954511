import { logistics } from '../../confidentiality/parts.js';
import { words } from '../../confidentiality/words.js';
import type { AdminMessage, PrivateMessage } from '../message.js';

/** To the client, in their DM: their coaching space has someone in it who is not part of the engagement. */
export function strangerNoticeForClient(engagementId: string, count: number): PrivateMessage {
  const who = count === 1 ? 'Someone who is not' : `${count} people who are not`;
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId, space: 'client_dm' },
    summary: words('Triad has paused your coaching space'),
    blocks: [
      {
        type: 'section',
        text: [
          logistics(
            `${who} part of your coaching was added to your coaching space. Triad has stopped posting anything ` +
              'private there and keeps those messages until only you and your coach are in it. HR has been told ' +
              'that the space needs attention, without any of its content.',
          ),
        ],
      },
    ],
  };
}

/** To the HR person who started the engagement: lifecycle words only, no content, no names of the space. */
export function strangerAlertForHr(
  engagementId: string,
  hrPersonId: string,
  clientName: string,
  count: number,
): AdminMessage {
  return {
    audience: 'admin',
    destination: { kind: 'hr', personId: hrPersonId, engagementId },
    summary: words(`Coaching space of ${clientName} needs attention`),
    blocks: [
      {
        type: 'section',
        text: [
          logistics(
            `${count === 1 ? 'A person' : `${count} people`} outside the engagement of ${clientName} ` +
              'joined its coaching space. Triad holds its private messages until they are removed from it.',
          ),
        ],
      },
    ],
  };
}

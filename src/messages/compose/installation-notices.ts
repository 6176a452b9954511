import { logistics } from '../../confidentiality/parts.js';
import { words } from '../../confidentiality/words.js';
import { command, phrase, phraseParts } from '../command-hint.js';
import type { AdminMessage } from '../message.js';

/**
 * To whoever installed Triad for a whole Enterprise Grid organisation, once per workspace the install covers:
 * they are its first HR admin, and how to hand the right on. Nothing of any engagement.
 */
export function firstAdminForHr(hrPersonId: string): AdminMessage {
  return {
    audience: 'admin',
    destination: { kind: 'hr', personId: hrPersonId },
    summary: words('You are the first HR admin of this workspace'),
    blocks: [
      {
        type: 'section',
        text: [
          logistics(
            'You installed Triad for your whole organisation, so you are the first HR admin of this workspace: you can start and oversee its coaching engagements (status only, never coaching content) and set its defaults.',
          ),
        ],
      },
      {
        type: 'context',
        text: phraseParts(
          phrase`${command('admins')} lists this workspace's HR admins; add the people who run its coaching programme with ${command('admins')} add and their name, then remove yourself if you wish.`,
        ),
      },
    ],
  };
}

/**
 * To each HR admin when Slack has refused to renew Triad's access to the workspace several times in a row: what
 * the workspace admin must do. Only the count of attempts: nothing of any engagement, no token, no error text.
 */
export function accessRenewalFailingForHr(hrPersonId: string, attempts: number): AdminMessage {
  return {
    audience: 'admin',
    destination: { kind: 'hr', personId: hrPersonId },
    summary: words("Slack refused to renew Triad's access"),
    blocks: [
      {
        type: 'section',
        text: [
          logistics(
            `Slack refused to renew Triad's access to this workspace (${attempts} attempts in a row). Triad keeps trying, but once its current access runs out it can send nothing here: messages then wait, none is lost.`,
          ),
        ],
      },
      {
        type: 'context',
        text: [
          logistics(
            'A workspace admin should install Triad again from its install link (Add to Slack): engagements stay as they are and the waiting messages go out. If Triad was installed again since this message was written, nothing more is needed.',
          ),
        ],
      },
    ],
  };
}

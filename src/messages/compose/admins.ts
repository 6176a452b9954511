import { words } from '../../confidentiality/words.js';
import { command, phrase, phraseParts } from '../command-hint.js';
import type { AdminMessage } from '../message.js';
import { header, section } from './text.js';

/** One HR admin as the list shows them: a name and where their rights come from. */
export interface AdminRow {
  name: string;
  /** `installer`: made admin when they installed Triad; `added`: by another admin; `configured`: `HR_ADMINS`. */
  source: 'installer' | 'added' | 'configured';
  addedBy?: string | undefined;
}

const sourceWords = (row: AdminRow) => {
  switch (row.source) {
    case 'installer':
      return 'installed Triad';
    case 'added':
      return row.addedBy ? `added by ${row.addedBy}` : 'added by an HR admin';
    case 'configured':
      return 'from the server configuration (HR_ADMINS)';
  }
};

/**
 * The organisation's HR admins, for an HR admin: who they are, how each got the right, and how to change the
 * list. `note` says what the request just changed (or why it changed nothing).
 */
export function adminsMessage(input: {
  personId: string;
  admins: readonly AdminRow[];
  note?: string;
}): AdminMessage {
  const lines = input.admins.map((row) => `• ${row.name} — ${sourceWords(row)}`);
  return {
    audience: 'admin',
    destination: { kind: 'reply', audience: 'admin', personId: input.personId },
    summary: words(input.note ?? `${input.admins.length} HR admin${input.admins.length === 1 ? '' : 's'}`),
    blocks: [
      header('HR admins'),
      ...(input.note ? [section(input.note)] : []),
      section(lines.length > 0 ? lines.join('\n') : 'This organisation has no HR admins yet.'),
      {
        type: 'context',
        text: phraseParts(
          phrase`HR admins start and oversee engagements (status only, never coaching content) and set the organisation's defaults. Change the list with ${command('admins')} add or remove and a person's name; the last HR admin cannot be removed.`,
        ),
      },
    ],
  };
}

/**
 * The HR command names a direct message may start with, and the lines that describe them in the DM help.
 *
 * They belong to the command grammar; until the shared grammar lives in `src/` (it is in `adapters/shared/commands`
 * today, which the core may not import), this is the one list the DM router reads. The lines name the commands as
 * they are typed in a DM with Triad, which is the same on every platform (no `/coaching` prefix there).
 */
export const hrCommandWords = ['start', 'list', 'status', 'pause', 'resume', 'end', 'reassign'] as const;
export type HrCommandWord = (typeof hrCommandWords)[number];

/** Whether `word` (any case) names an HR command. `help` is not one here: every sender gets their own help. */
export const isHrCommandWord = (word: string | undefined): word is HrCommandWord =>
  word !== undefined && (hrCommandWords as readonly string[]).includes(word.toLowerCase());

export const hrCommandHelpLines: readonly string[] = [
  'start client:@jane sponsor:@sam coach:@kim [coach:@lee …] [weeks:12] [cadence:weekly|fortnightly] — start an engagement (up to 5 coaches for a shortlist; the client chooses).',
  'list — the engagements of your organisation, status only.',
  'status @jane or status 1a2b3c4d — one engagement: stage, meetings, days left.',
  'pause …, resume …, end … — name the engagement by its client or its id.',
  'reassign @jane coach:@lee — a new coach for the engagement.',
  'Name people with @mentions: type @ and pick them from the list.',
];

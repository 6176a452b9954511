import { PrivateText, revealPrivateText } from '../../confidentiality/private-text.js';
import { entryRow } from '../../confidentiality/sealed-rows.js';
import type { PrivateEntry } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { command, phrase } from '../../messages/command-hint.js';
import type { Cipher, SealContext, Sealed } from '../../ports/cipher.js';
import type { Repositories } from '../../ports/repositories.js';

export const maxGoalLength = 1000;

/** A goal and how its success will be measured: both private until the client releases them. */
export interface GoalContent {
  goal: PrivateText;
  successMeasure: PrivateText;
}

/** Both parts are sealed together as one private entry (kind 'goal'). */
export function sealGoal(cipher: Cipher, content: GoalContent, row: SealContext): Sealed {
  return cipher.seal(
    JSON.stringify({
      goal: revealPrivateText(content.goal),
      successMeasure: revealPrivateText(content.successMeasure),
    }),
    row,
  );
}

export function openGoal(cipher: Cipher, entry: PrivateEntry): GoalContent {
  const parsed = JSON.parse(cipher.open(entry, entryRow(entry))) as {
    goal?: unknown;
    successMeasure?: unknown;
  };
  return {
    goal: PrivateText.of(String(parsed.goal ?? '')),
    successMeasure: PrivateText.of(String(parsed.successMeasure ?? '')),
  };
}

/** Exactly what the sponsor would read if the client released this goal. */
export function goalReleaseText(content: GoalContent): PrivateText {
  return PrivateText.of(
    `Goal: ${revealPrivateText(content.goal)}\nSuccess measure: ${revealPrivateText(content.successMeasure)}`,
  );
}

/** A goal entry of this engagement's client, or a readable not-found. */
export async function findGoal(repos: Repositories, entryId: string): Promise<PrivateEntry> {
  const entry = await repos.entries.get(entryId);
  if (entry?.kind !== 'goal') {
    throw new TriadError(
      'not_found',
      'I can’t find that goal.',
      phrase`To list your goals, ${command('goals')}.`,
    );
  }
  return entry;
}

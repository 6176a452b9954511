import type { Engagement } from '../../engagement/records.js';
import type { OfferedEntry } from '../../messages/compose/preparation-messages.js';
import { mayRead } from '../../policy/readers.js';
import type { Cipher } from '../../ports/cipher.js';
import type { Repositories } from '../../ports/repositories.js';
import { insightReleaseText, openInsight, openReport } from '../assessments/assessment-content.js';
import { goalReleaseText, openGoal } from '../goals/goal-content.js';

/** Most goals, and most insights, listed in a preparation form (each is one block). */
const maxOffered = 5;

/**
 * What the client may bring to an alignment meeting: their goals and their assessment insights, as the text the
 * sponsor would read if they released one (readable by the client alone; nothing is shared here).
 */
export async function preparationOffer(
  repos: Repositories,
  cipher: Cipher,
  engagement: Engagement,
): Promise<OfferedEntry[]> {
  const clientId = engagement.clientId;
  const readable = async (kind: 'goal' | 'assessment_insight' | 'assessment_report') =>
    (await repos.entries.listByEngagement(engagement.id, kind)).filter((entry) => mayRead(clientId, entry));
  const reports = new Map((await readable('assessment_report')).map((entry) => [entry.id, entry]));
  const goals = (await readable('goal')).map(
    (entry): OfferedEntry => ({
      entryId: entry.id,
      kind: 'goal',
      text: goalReleaseText(openGoal(cipher, entry)),
    }),
  );
  const insights = (await readable('assessment_insight')).map((entry): OfferedEntry => {
    const insight = openInsight(cipher, entry);
    const report = reports.get(insight.reportId);
    return {
      entryId: entry.id,
      kind: 'insight',
      text: insightReleaseText(insight, report ? openReport(cipher, report) : undefined),
    };
  });
  return [...goals.slice(0, maxOffered), ...insights.slice(0, maxOffered)];
}

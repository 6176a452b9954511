import { asc, sql } from 'drizzle-orm';
import type { Engagement, ReflectionPrompt } from '../../src/engagement/records.js';
import type {
  EngagementRepository,
  PlanningSnapshot,
  PromptingSnapshot,
} from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { engagements, meetings, reflectionPrompts as prompts } from '../schema/index.js';
import { amongIds, isUuid } from './support.js';

/** As `meetings.listByEngagement` orders them: meetings created together in lifecycle order. */
const meetingLifecycleOrder = sql`case ${meetings.kind} when 'kickoff' then 0 when 'alignment' then 1 when 'midpoint' then 2 when 'closing' then 3 else 4 end`;
const meetingOrder = [
  asc(meetings.engagementId),
  asc(meetings.createdAt),
  meetingLifecycleOrder,
  asc(meetings.id),
];

/** Rows grouped by engagement id, keeping their order. */
function byEngagement<T extends { engagementId: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.engagementId);
    if (group) group.push(row);
    else groups.set(row.engagementId, [row]);
  }
  return groups;
}

/**
 * Engagements with their meetings (as `readMeetings` reads them) and prompts, in three queries run together;
 * locked in id order when `forUpdate`, so two batches over the same engagements never deadlock.
 */
async function loadSnapshots<M extends { engagementId: string }>(
  db: TriadDatabase,
  ids: readonly string[],
  forUpdate: boolean,
  readMeetings: (wanted: string[]) => Promise<M[]>,
): Promise<{ engagement: Engagement; meetings: M[]; prompts: ReflectionPrompt[] }[]> {
  const wanted = ids.filter(isUuid);
  if (wanted.length === 0) return [];
  const selected = db
    .select()
    .from(engagements)
    .where(amongIds(engagements.id, wanted))
    .orderBy(asc(engagements.id));
  const [found, meetingRows, promptRows] = await Promise.all([
    forUpdate ? selected.for('update') : selected,
    readMeetings(wanted),
    db
      .select()
      .from(prompts)
      .where(amongIds(prompts.engagementId, wanted))
      .orderBy(asc(prompts.engagementId), asc(prompts.sentAt), asc(prompts.id)),
  ]);
  const meetingsOf = byEngagement(meetingRows);
  const promptsOf = byEngagement(promptRows);
  return found.map((engagement) => ({
    engagement,
    meetings: meetingsOf.get(engagement.id) ?? [],
    prompts: promptsOf.get(engagement.id) ?? [],
  }));
}

/** The engagement repository's batch loads for planning schedules and issuing prompts. */
export function engagementSnapshots(
  db: TriadDatabase,
): Pick<EngagementRepository, 'loadForPlanning' | 'loadForPrompting'> {
  return {
    loadForPlanning: (ids, options): Promise<PlanningSnapshot[]> =>
      loadSnapshots(db, ids, options?.forUpdate ?? false, (wanted) =>
        options?.meetings === false
          ? Promise.resolve([])
          : db
              .select()
              .from(meetings)
              .where(amongIds(meetings.engagementId, wanted))
              .orderBy(...meetingOrder),
      ),
    async loadForPrompting(ids, options): Promise<PromptingSnapshot[]> {
      const loaded = await loadSnapshots(db, ids, options?.forUpdate ?? false, (wanted) =>
        db
          .select({
            engagementId: meetings.engagementId,
            kind: meetings.kind,
            status: meetings.status,
            startsAt: meetings.startsAt,
          })
          .from(meetings)
          .where(amongIds(meetings.engagementId, wanted))
          .orderBy(...meetingOrder),
      );
      return loaded.map(({ engagement, meetings: marks, prompts: issued }) => ({
        engagement,
        meetings: marks.map(({ kind, status, startsAt }) => ({ kind, status, startsAt })),
        prompts: issued,
      }));
    },
  };
}

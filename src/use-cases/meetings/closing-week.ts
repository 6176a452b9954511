import { z } from 'zod';
import { closingEventAt, nextStage } from '../../engagement/lifecycle.js';
import type { Engagement } from '../../engagement/records.js';
import { inTransaction, type Unit } from '../../outbox/unit.js';
import type { CoreDeps } from '../deps.js';
import { updateEngagement } from '../shared/engagement-update.js';

/**
 * Moves a locked engagement from coaching to closing once its closing meeting's week has begun (see
 * `closingWeekStart`); otherwise returns it unchanged. Called inside a transaction by the closing-week job and by
 * the reflection prompt, so the stage is right whichever runs first. Decided from the database rows alone.
 */
export async function enterClosingWhenDue(
  unit: Unit,
  engagement: Engagement,
  now: Date,
): Promise<Engagement> {
  if (engagement.stage !== 'coaching') return engagement;
  const meetings = await unit.repos.meetings.listByEngagement(engagement.id);
  if (closingEventAt(engagement, meetings, now) !== 'closing_started') return engagement;
  const stage = nextStage(engagement, 'closing_started');
  const updated = await updateEngagement(unit.repos, engagement, { stage }, now);
  await unit.audit({
    engagementId: engagement.id,
    actorId: null,
    action: 'closing_started',
    details: { stage },
  });
  unit.touch(engagement.id);
  return updated;
}

export const beginClosingWeekInput = z.object({ engagementId: z.uuid() });
export type BeginClosingWeekInput = z.input<typeof beginClosingWeekInput>;

/** The closing-week job: the engagement enters its closing stage if its closing meeting's week has begun. */
export async function beginClosingWeek(
  raw: BeginClosingWeekInput,
  deps: CoreDeps,
): Promise<{ outcome: 'closing' | 'unchanged' | 'gone' }> {
  const input = beginClosingWeekInput.parse(raw);
  const outcome = await inTransaction(deps, async (unit) => {
    const engagement = await unit.repos.engagements.getForUpdate(input.engagementId);
    if (!engagement) return 'gone' as const;
    const after = await enterClosingWhenDue(unit, engagement, deps.clock.now());
    return after.stage === engagement.stage ? ('unchanged' as const) : ('closing' as const);
  });
  deps.logger.info({ engagementId: input.engagementId, outcome }, 'closing week');
  return { outcome };
}

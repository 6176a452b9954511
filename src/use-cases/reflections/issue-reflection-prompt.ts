import { z } from 'zod';
import { closingWeekAt } from '../../engagement/lifecycle.js';
import { hoursOf } from '../../engagement/organisation-settings.js';
import type { Engagement, Meeting, ReflectionPrompt } from '../../engagement/records.js';
import { reflectionPromptMessage } from '../../messages/compose/reflection-prompt.js';
import { inTransaction } from '../../outbox/unit.js';
import { choosePrompt } from '../../prompts/prompt-bank.js';
import {
  cycleOf,
  isLaterCycle,
  isPromptWeek,
  nextPromptAt,
  nudgeTime,
  type PromptTiming,
  weekIndexOf,
} from '../../prompts/prompt-schedule.js';
import { isSessionCycle } from '../../prompts/session-questions.js';
import { parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { enterClosingWhenDue } from '../meetings/closing-week.js';
import { lockEngagement } from '../shared/engagement-access.js';
import { isOpenPrompt, promptingStages } from './reflection-access.js';

export const issueReflectionPromptInput = z.object({
  engagementId: z.uuid(),
  /** When the scheduler meant the prompt to go out (an ISO string from a job payload is accepted). */
  dueAt: z.coerce.date(),
});
export type IssueReflectionPromptInput = z.input<typeof issueReflectionPromptInput>;

/** The idempotency key of a cycle's prompt message: one per engagement and cycle. */
export const promptOutboxKey = (engagementId: string, cycle: string): string =>
  `engagement:${engagementId}:prompt:${cycle}`;

export type IssueOutcome =
  | {
      outcome: 'issued';
      promptId: string;
      cycle: string;
      nudgeDueAt: Date | null;
      /** The earlier prompts this one expired (their nudge or snooze reminder is no longer wanted). */
      expiredPromptIds: string[];
    }
  | { outcome: 'already_issued'; promptId: string; cycle: string }
  | { outcome: 'not_prompting'; cycle: string }
  | { outcome: 'not_due'; cycle: string }
  | { outcome: 'superseded'; cycle: string };

/**
 * Called by the prompt scheduler job. Sends the client the reflection question of the cycle (ISO week, or the
 * configured prompt interval) that `dueAt` falls in — at most once per cycle, so a retried or duplicated job is a no-op.
 *
 * First the stage: coaching becomes closing here if the closing meeting's week has begun (the closing-week job
 * does the same without a prompt). The question's category follows the engagement's progress (`categoryFor`).
 *
 * Prompts go out only in the coaching and closing stages: not before the sponsor alignment meeting (the
 * client's first weeks are about kickoff, coach matching and goals), not while paused, never after the end.
 * Fortnightly engagements are prompted in every second ISO week counted from the engagement's start. The
 * previous prompt, if still unanswered, expires. A nudge is planned `nudgeAfterHours` later in the client's
 * working hours, and only if it comes before the next prompt.
 */
/**
 * The question of a weekly prompt due at `dueAt`, by the engagement's progress (its week, the sessions and meetings
 * held, whether the closing week has begun) and never one of the recent `earlier` ones. One rule for the prompt job
 * and the minute's batch.
 */
export function weeklyQuestion(
  engagement: Engagement,
  meetings: readonly Pick<Meeting, 'kind' | 'status' | 'startsAt'>[],
  earlier: readonly ReflectionPrompt[],
  dueAt: Date,
  timing: PromptTiming,
) {
  const held = (kind: Meeting['kind']) => meetings.filter((m) => m.kind === kind && m.status === 'held');
  return choosePrompt(
    {
      weekIndex: weekIndexOf(engagement.startedAt, dueAt, engagement.timeZone, timing),
      totalWeeks: engagement.weeks,
      promptsSoFar: earlier.length,
      sessionsHeld: held('session').length,
      midpointHeld: held('midpoint').length > 0,
      closingWeek: engagement.stage === 'closing' ? 'begun' : closingWeekAt(engagement, meetings, dueAt),
    },
    earlier.map((p) => p.questionId),
  );
}

export async function issueReflectionPrompt(
  raw: IssueReflectionPromptInput,
  deps: CoreDeps,
): Promise<IssueOutcome> {
  const input = parseInput(issueReflectionPromptInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const now = deps.clock.now();
    // The prompt job also moves the stage: closing once the closing meeting's week has begun.
    const engagement = await enterClosingWhenDue(unit, await lockEngagement(repos, input.engagementId), now);
    const zone = engagement.timeZone;
    const timing = deps.settings;
    const cycle = cycleOf(input.dueAt, zone, timing);
    if (!promptingStages.includes(engagement.stage) || engagement.purgedAt) {
      return { outcome: 'not_prompting', cycle };
    }
    if (!isPromptWeek(engagement.cadence, engagement.startedAt, input.dueAt, zone, timing)) {
      return { outcome: 'not_due', cycle };
    }
    // The weekly rhythm counts its own prompts only: the questions around sessions have cycles of their own.
    const earlier = (await repos.prompts.listByEngagement(engagement.id)).filter(
      (p) => !isSessionCycle(p.cycle),
    );
    const existing = earlier.find((p) => p.cycle === cycle);
    if (existing) return { outcome: 'already_issued', promptId: existing.id, cycle };
    if (earlier.some((p) => isLaterCycle(p.cycle, cycle))) return { outcome: 'superseded', cycle };

    const expired = earlier.filter(isOpenPrompt);
    for (const previous of expired) {
      await repos.prompts.update({ ...previous, status: 'expired', snoozedUntil: null });
    }
    const meetings = await repos.meetings.listByEngagement(engagement.id);
    const question = weeklyQuestion(engagement, meetings, earlier, input.dueAt, timing);
    const next = nextPromptAt(engagement.cadence, input.dueAt, zone, timing);
    const prompt: ReflectionPrompt = {
      id: deps.ids.newId(),
      engagementId: engagement.id,
      questionId: question.id,
      category: question.category,
      cycle,
      status: 'sent',
      sentAt: now,
      snoozedUntil: null,
      nudgeDueAt: nudgeTime(
        now,
        deps.settings.nudgeAfterHours,
        next,
        zone,
        hoursOf(engagement, timing.workingHours),
      ),
      nudgedAt: null,
      expiresAt: next,
    };
    if (!(await repos.prompts.insert(prompt))) {
      const raced = await repos.prompts.findByCycle(engagement.id, cycle);
      return { outcome: 'already_issued', promptId: raced?.id ?? '', cycle };
    }
    await unit.send(reflectionPromptMessage(prompt), promptOutboxKey(engagement.id, cycle));
    await unit.audit({
      engagementId: engagement.id,
      actorId: null,
      action: 'reflection_prompt_issued',
      details: {
        promptId: prompt.id,
        cycle,
        questionId: question.id,
        expired: expired.length,
      },
    });
    unit.touch(engagement.id);
    deps.logger.info({ engagementId: engagement.id, promptId: prompt.id, cycle }, 'reflection prompt issued');
    return {
      outcome: 'issued',
      promptId: prompt.id,
      cycle,
      nudgeDueAt: prompt.nudgeDueAt,
      expiredPromptIds: expired.map((p) => p.id),
    };
  });
}

import { z } from 'zod';
import type { Engagement, Meeting, ReflectionPrompt } from '../../engagement/records.js';
import { sessionCheckInMessage } from '../../messages/compose/session-follow-up.js';
import { inTransaction, type Unit } from '../../outbox/unit.js';
import {
  inTurn,
  sessionActionCycle,
  sessionActionQuestions,
  sessionCheckInCycle,
  sessionCheckInQuestions,
} from '../../prompts/session-questions.js';
import type { CoreDeps } from '../deps.js';

/** How long the question after a session stays open when no later session comes first. */
export const sessionQuestionOpenMs = 14 * 24 * 3600_000;

/** Stages in which the questions around sessions go out: not while paused, never after the end. */
const followUpStages: readonly Engagement['stage'][] = ['coach_matching', 'alignment', 'coaching', 'closing'];

/**
 * Stores the action-planning question after `held` (one per session: its cycle names the session); the caller
 * sends `sessionActionMessage` with the key `meeting:<id>:action-question`, after its own messages. Undefined when the engagement is not taking questions or the question was already
 * asked (a retried or repeated "held" asks nothing twice; the outbox key names the session too).
 */
export async function askAfterSession(
  unit: Unit,
  deps: CoreDeps,
  engagement: Engagement,
  held: Meeting,
): Promise<ReflectionPrompt | undefined> {
  if (!followUpStages.includes(engagement.stage) || engagement.purgedAt) return undefined;
  const cycle = sessionActionCycle(held.id);
  const earlier = await unit.repos.prompts.listByEngagement(engagement.id);
  if (earlier.some((p) => p.cycle === cycle)) return undefined;
  const asked = earlier.filter((p) => p.cycle.startsWith('session:')).length;
  const now = deps.clock.now();
  const prompt = newPrompt(deps, engagement, cycle, inTurn(sessionActionQuestions, asked), now, {
    expiresAt: new Date(now.getTime() + sessionQuestionOpenMs),
  });
  if (!(await unit.repos.prompts.insert(prompt))) return undefined;
  await unit.audit({
    engagementId: engagement.id,
    actorId: null,
    action: 'session_question_issued',
    details: { promptId: prompt.id, meetingId: held.id, questionId: prompt.questionId },
  });
  return prompt;
}

export const issueSessionCheckInInput = z.object({
  engagementId: z.uuid(),
  /** The upcoming session the check-in prepares. */
  meetingId: z.uuid(),
  /** The start the job was planned for: a job left over from before a move asks nothing. */
  startsAt: z.coerce.date(),
});
export type IssueSessionCheckInInput = z.input<typeof issueSessionCheckInInput>;

export type CheckInOutcome =
  | 'issued'
  | 'already_issued'
  | 'meeting_gone'
  | 'moved'
  | 'already_started'
  | 'no_plan_yet'
  | 'engagement_inactive';

/**
 * Called by the session-check-in job (planned 24 hours before a session, once a question after an earlier
 * session was asked): one check-in question about that plan, in the client's DM. At most one per session, so
 * a retried or duplicated job is a no-op; a moved, cancelled or started session gets none from an old job.
 */
export async function issueSessionCheckIn(
  raw: IssueSessionCheckInInput,
  deps: CoreDeps,
): Promise<{ outcome: CheckInOutcome; promptId?: string }> {
  const input = issueSessionCheckInInput.parse(raw);
  const result = await inTransaction(
    deps,
    async (unit): Promise<{ outcome: CheckInOutcome; promptId?: string }> => {
      const { repos } = unit;
      const meeting = await repos.meetings.get(input.meetingId);
      const ours = meeting?.kind === 'session' && meeting.engagementId === input.engagementId;
      if (!meeting || !ours || meeting.status !== 'scheduled' || !meeting.startsAt) {
        return { outcome: 'meeting_gone' };
      }
      if (meeting.startsAt.getTime() !== input.startsAt.getTime()) return { outcome: 'moved' };
      const now = deps.clock.now();
      if (meeting.startsAt.getTime() <= now.getTime()) return { outcome: 'already_started' };
      const engagement = await repos.engagements.getForUpdate(meeting.engagementId);
      if (!engagement || !followUpStages.includes(engagement.stage) || engagement.purgedAt) {
        return { outcome: 'engagement_inactive' };
      }
      const cycle = sessionCheckInCycle(meeting.id);
      const earlier = await repos.prompts.listByEngagement(engagement.id);
      const existing = earlier.find((p) => p.cycle === cycle);
      if (existing) return { outcome: 'already_issued', promptId: existing.id };
      if (!earlier.some((p) => p.cycle.startsWith('session:'))) return { outcome: 'no_plan_yet' };
      const asked = earlier.filter((p) => p.cycle.startsWith('check-in:')).length;
      const prompt = newPrompt(deps, engagement, cycle, inTurn(sessionCheckInQuestions, asked), now, {
        expiresAt: meeting.startsAt,
      });
      if (!(await repos.prompts.insert(prompt))) {
        const raced = await repos.prompts.findByCycle(engagement.id, cycle);
        return { outcome: 'already_issued', ...(raced ? { promptId: raced.id } : {}) };
      }
      await unit.send(sessionCheckInMessage(prompt), `meeting:${meeting.id}:check-in-question`);
      await unit.audit({
        engagementId: engagement.id,
        actorId: null,
        action: 'session_check_in_issued',
        details: { promptId: prompt.id, meetingId: meeting.id, questionId: prompt.questionId },
      });
      unit.touch(engagement.id);
      return { outcome: 'issued', promptId: prompt.id };
    },
  );
  deps.logger.info({ meetingId: input.meetingId, outcome: result.outcome }, 'session check-in');
  return result;
}

function newPrompt(
  deps: CoreDeps,
  engagement: Engagement,
  cycle: string,
  question: { id: string; category: ReflectionPrompt['category'] },
  now: Date,
  times: { expiresAt: Date },
): ReflectionPrompt {
  return {
    id: deps.ids.newId(),
    engagementId: engagement.id,
    questionId: question.id,
    category: question.category,
    cycle,
    status: 'sent',
    sentAt: now,
    snoozedUntil: null,
    nudgeDueAt: null,
    nudgedAt: null,
    expiresAt: times.expiresAt,
  };
}

import { z } from 'zod';
import { passOutboundGate } from '../../confidentiality/outbound-gate.js';
import { outboxRow } from '../../confidentiality/sealed-rows.js';
import { closingEventAt } from '../../engagement/lifecycle.js';
import { hoursOf } from '../../engagement/organisation-settings.js';
import type { AuditEntry, Cadence, OutboxEntry, ReflectionPrompt, Space } from '../../engagement/records.js';
import { isTriadError } from '../../errors.js';
import { reflectionPromptMessage } from '../../messages/compose/reflection-prompt.js';
import type { PrivateMessage } from '../../messages/message.js';
import { serializePayload } from '../../messages/serialize.js';
import { gateLookups } from '../../outbox/gate-lookups.js';
import { spaceReaders } from '../../policy/readers.js';
import type { PromptingSnapshot, Repositories } from '../../ports/repositories.js';
import {
  cycleOf,
  isLaterCycle,
  isPromptWeek,
  nextPromptAt,
  nudgeTime,
} from '../../prompts/prompt-schedule.js';
import { isSessionCycle } from '../../prompts/session-questions.js';
import { promptJobsDueFrom } from '../../scheduling/plan-engagement.js';
import type { CoreDeps } from '../deps.js';
import { promptOutboxKey, weeklyQuestion } from './issue-reflection-prompt.js';
import { isOpenPrompt, promptingStages } from './reflection-access.js';

export const issueDuePromptsInput = z.array(z.object({ engagementId: z.uuid(), dueAt: z.coerce.date() }));
export type IssueDuePromptsInput = z.input<typeof issueDuePromptsInput>;

/** A prompt issued by a batch, with what the scheduler needs after commit. */
export interface BatchIssued {
  engagementId: string;
  promptId: string;
  cycle: string;
  nudgeDueAt: Date | null;
  expiredPromptIds: string[];
  /**
   * The earliest a one-off job of the new prompt or of the prompts it expired (as they were) can fall due
   * (`promptJobsDueFrom`), or null when none has one: while it lies beyond what the scheduler has queued, issuing
   * changed nothing it holds.
   */
  jobsDueFrom: Date | null;
  outboxId: string;
}

export interface BatchOutcome {
  issued: BatchIssued[];
  /**
   * Engagements the batch leaves to `issueReflectionPrompt`, one at a time, because issuing changes more than
   * a prompt: the closing meeting's week has begun (the stage moves), the client's DM is missing, or the
   * outbound gate refused the message (the single path refuses it as it always did).
   */
  single: { engagementId: string; dueAt: Date }[];
  /** Engagements not prompted now: not prompting, off-week, already prompted, or a later cycle exists. */
  skipped: number;
}

/**
 * The minute's prompts as one transaction: what `issueReflectionPrompt` does for one engagement, for a batch,
 * with one statement per kind of row (lock and load, prompts, expiries, spaces, outbox, audit). The decisions
 * are the same, made by the same functions: stage, fortnightly parity, one prompt per cycle, no prompt when a
 * later cycle has one, earlier open prompts expire, the question's category from the engagement's progress,
 * the nudge time. Idempotent: a cycle's prompt exists once (unique per engagement and cycle; engagements are
 * locked in id order), so a re-run or a concurrent batch issues nothing twice.
 */
export async function issueDuePrompts(raw: IssueDuePromptsInput, deps: CoreDeps): Promise<BatchOutcome> {
  const due = new Map(issueDuePromptsInput.parse(raw).map((d) => [d.engagementId, d.dueAt]));
  const outcome: BatchOutcome = { issued: [], single: [], skipped: 0 };
  if (due.size === 0) return outcome;
  await deps.uow.transaction(async (repos) => {
    outcome.issued = [];
    outcome.single = [];
    outcome.skipped = 0;
    const now = deps.clock.now();
    const snapshots = await repos.engagements.loadForPrompting([...due.keys()], { forUpdate: true });
    const dms = new Map(
      (await repos.spaces.findLive([...due.keys()], 'client_dm')).map((s) => [s.engagementId, s]),
    );
    const planned: Planned[] = [];
    const calendar = slotCalendar(now, deps);
    for (const snapshot of snapshots) {
      const { engagement } = snapshot;
      const dueAt = due.get(engagement.id) as Date;
      const dm = dms.get(engagement.id);
      const step = dm ? plan(snapshot, dm, dueAt, now, deps, calendar) : 'single';
      if (step === 'skip') outcome.skipped += 1;
      else if (step !== 'single' && (await gated(step, repos, deps, now))) planned.push(step);
      else outcome.single.push({ engagementId: engagement.id, dueAt });
    }
    outcome.skipped += due.size - snapshots.length;
    if (planned.length === 0) return;
    const inserted = new Set(await repos.prompts.insertMany(planned.map((p) => p.prompt)));
    const kept = planned.filter((p) => inserted.has(p.prompt.id));
    outcome.skipped += planned.length - kept.length;
    await repos.prompts.expire(kept.flatMap((p) => p.expired));
    const entries = kept.map((p) => outboxEntry(p, now, deps));
    const queued = new Set(await repos.outbox.insertMany(entries));
    await repos.audit.insertMany(kept.flatMap((p) => [...p.gateAudits, issuedAudit(p, now)]));
    kept.forEach((p, index) => {
      const entry = entries[index] as OutboxEntry;
      if (!queued.has(entry.id)) return;
      outcome.issued.push({
        engagementId: p.prompt.engagementId,
        promptId: p.prompt.id,
        cycle: p.prompt.cycle,
        nudgeDueAt: p.prompt.nudgeDueAt,
        expiredPromptIds: p.expired,
        jobsDueFrom: p.jobsDueFrom,
        outboxId: entry.id,
      });
    });
  });
  deps.logger.info(
    { issued: outcome.issued.length, single: outcome.single.length, skipped: outcome.skipped },
    'reflection prompts issued as a batch',
  );
  return outcome;
}

interface Planned {
  prompt: ReflectionPrompt;
  /** The prompt's message: gated, then sealed into its outbox entry (composed once). */
  message: PrivateMessage;
  expired: string[];
  /** See `BatchIssued.jobsDueFrom`. */
  jobsDueFrom: Date | null;
  questionId: string;
  /** The client's DM row the entry is bound to, and who reads it now. */
  dm: Space;
  readers: string[];
  /** The outbound gate's decision, audited with the prompt. */
  gateAudits: AuditEntry[];
}

/** The decisions of `issueReflectionPrompt` for one locked engagement, without writing. */
function plan(
  { engagement, meetings, prompts }: PromptingSnapshot,
  dm: Space,
  dueAt: Date,
  now: Date,
  deps: CoreDeps,
  calendar: SlotCalendar,
): Planned | 'skip' | 'single' {
  if (engagement.stage === 'coaching' && closingEventAt(engagement, meetings, now) === 'closing_started') {
    return 'single';
  }
  const zone = engagement.timeZone;
  const timing = deps.settings;
  const { cycle, next, nudgeDueAt } = calendar(engagement.cadence, dueAt, zone, engagement.workingHours);
  if (!promptingStages.includes(engagement.stage) || engagement.purgedAt) return 'skip';
  if (!isPromptWeek(engagement.cadence, engagement.startedAt, dueAt, zone, timing)) return 'skip';
  const earlier = prompts.filter((p) => !isSessionCycle(p.cycle));
  if (earlier.some((p) => p.cycle === cycle || isLaterCycle(p.cycle, cycle))) return 'skip';
  const question = weeklyQuestion(engagement, meetings, earlier, dueAt, timing);
  const prompt: ReflectionPrompt = {
    id: deps.ids.newId(),
    engagementId: engagement.id,
    questionId: question.id,
    category: question.category,
    cycle,
    status: 'sent',
    sentAt: now,
    snoozedUntil: null,
    nudgeDueAt,
    nudgedAt: null,
    expiresAt: next,
  };
  const expiring = earlier.filter(isOpenPrompt);
  return {
    prompt,
    message: reflectionPromptMessage(prompt),
    expired: expiring.map((p) => p.id),
    jobsDueFrom: promptJobsDueFrom(prompt, ...expiring),
    questionId: question.id,
    dm,
    readers: spaceReaders(engagement, dm),
    gateAudits: [],
  };
}

type SlotCalendar = (
  cadence: Cadence,
  dueAt: Date,
  zone: string,
  /** The engagement's own working hours (its organisation's setting when it started), null for the default. */
  workingHours: string | null,
) => { cycle: string; next: Date; nudgeDueAt: Date | null };

/**
 * The cycle, next prompt and nudge time of a due time in a zone: the same for every engagement of a slot (and
 * cadence), so computed once per batch with the same functions `issueReflectionPrompt` uses.
 */
function slotCalendar(now: Date, deps: CoreDeps): SlotCalendar {
  const known = new Map<string, { cycle: string; next: Date; nudgeDueAt: Date | null }>();
  const timing = deps.settings;
  return (cadence, dueAt, zone, workingHours) => {
    const key = `${cadence}|${dueAt.getTime()}|${zone}|${workingHours ?? ''}`;
    let found = known.get(key);
    if (!found) {
      const next = nextPromptAt(cadence, dueAt, zone, timing);
      found = {
        cycle: cycleOf(dueAt, zone, timing),
        next,
        nudgeDueAt: nudgeTime(
          now,
          timing.nudgeAfterHours,
          next,
          zone,
          hoursOf({ workingHours }, timing.workingHours),
        ),
      };
      known.set(key, found);
    }
    return found;
  };
}

/** The outbound gate on the prompt message, against the readers of the client's DM row; false if refused. */
async function gated(step: Planned, repos: Repositories, deps: CoreDeps, now: Date): Promise<boolean> {
  try {
    await passOutboundGate(step.message, {
      lookups: gateLookups(repos, deps.cipher, { readers: step.readers }),
      audit: async (decision) => {
        step.gateAudits.push({ ...decision, actorId: null, createdAt: now });
      },
      logger: deps.logger,
      auditAllowed: true,
    });
    return true;
  } catch (error) {
    if (isTriadError(error)) return false;
    throw error;
  }
}

function outboxEntry(step: Planned, now: Date, deps: CoreDeps): OutboxEntry {
  const { prompt, message } = step;
  const id = deps.ids.newId();
  const sealed = deps.cipher.seal(
    serializePayload({ type: 'message', message }),
    outboxRow({ id, engagementId: prompt.engagementId }),
  );
  return {
    id,
    engagementId: prompt.engagementId,
    destination: message.destination,
    spaceId: step.dm.id,
    readers: step.readers,
    idempotencyKey: promptOutboxKey(prompt.engagementId, prompt.cycle),
    ciphertext: sealed.ciphertext,
    keyId: sealed.keyId,
    status: 'pending',
    attempts: 0,
    lastErrorCode: null,
    availableAt: now,
    sentAt: null,
    platformMessageId: null,
    createdAt: now,
    updatedAt: now,
  };
}

function issuedAudit(step: Planned, now: Date): AuditEntry {
  return {
    engagementId: step.prompt.engagementId,
    actorId: null,
    action: 'reflection_prompt_issued',
    outcome: 'done',
    details: {
      promptId: step.prompt.id,
      cycle: step.prompt.cycle,
      questionId: step.questionId,
      expired: step.expired.length,
    },
    createdAt: now,
  };
}

import { z } from 'zod';
import { isTriadError } from '../src/errors.js';
import type { DuePrompt, DueSlot } from '../src/ports/repositories.js';
import { planningRules } from '../src/scheduling/plan-engagement.js';
import { type AwayCheck, awayAmong } from '../src/scheduling/prompt-when-present.js';
import { type BatchOutcome, issueDuePrompts } from '../src/use-cases/reflections/issue-due-prompts.js';
import { horizonEdge } from './horizon.js';
import type { JobDeps } from './job-definition.js';
import { schedulePromptsIssued } from './nudge-scheduling.js';
import { scheduleJobOptions, type TriadQueues } from './queues.js';
import { issueOneAndSchedule } from './reflection-prompt.job.js';

/**
 * One part of a minute's prompts (`prompt-part` job): the due slots the tick computed for its window, and a
 * range of engagement ids, `afterId` (exclusive) to `upToId` (inclusive), either end open. The tick's parts
 * cover the whole id space, so an engagement created after the tick is still in exactly one of them.
 */
export const promptPartData = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  slots: z
    .array(
      z.object({
        timeZone: z.string().min(1),
        weekday: z.number().int().min(0).max(7),
        time: z.string().regex(/^\d\d:\d\d$/),
        dueAt: z.iso.datetime(),
        cycle: z.string().min(1),
      }),
    )
    .min(1),
  afterId: z.uuid().optional(),
  upToId: z.uuid().optional(),
  /** Engagements issued per transaction. */
  pageSize: z.number().int().min(1).max(5_000),
});
export type PromptPartData = z.infer<typeof promptPartData>;

export interface PartReport {
  issued: number;
  single: number;
  away: number;
  skipped: number;
  /** Prompts found issued already (a re-run, or issued one by one): their nudge jobs were added again. */
  repaired: number;
  /** Engagements whose prompt failed on its own while the rest of its page was issued: left to their own job. */
  isolated: number;
  queueingFailed?: boolean;
}

export const emptyPartReport = (): PartReport => ({
  issued: 0,
  single: 0,
  away: 0,
  skipped: 0,
  repaired: 0,
  isolated: 0,
});

/**
 * Issues one part of a minute's prompts: its range is read in keyset pages of `pageSize` by one set-based query
 * each; a page is issued in one transaction, its deliveries queued after commit, and the nudges that fall due
 * within the horizon added with `addBulk` (a prompt with none due by then costs Redis nothing: no lock, no read).
 * Clients that the platform says are away get the one-by-one prompt job, which waits and looks again. Prompts
 * of the window that exist already (a crash after commit, a retry of this part, an overlapping part of a
 * duplicated tick) are not issued again (one prompt per engagement and cycle, engagements locked in id order):
 * their nudges are added again (same ids, so nothing twice) and their pending deliveries are the outbox's.
 * Throws when queueing after a commit failed, so BullMQ retries the part and the retry repairs what is missing.
 */
export async function runPromptPart(
  queues: TriadQueues,
  deps: JobDeps,
  part: PromptPartData,
): Promise<PartReport> {
  const report = emptyPartReport();
  const slots: DueSlot[] = part.slots.map((slot) => ({ ...slot, dueAt: new Date(slot.dueAt) }));
  let afterId = part.afterId;
  for (;;) {
    const page = await deps.uow.read.engagements.listPromptDue(slots, afterId, part.pageSize, part.upToId);
    if (page.length === 0) break;
    afterId = page.at(-1)?.engagementId;
    await issuePage(queues, deps, page, report);
    if (page.length < part.pageSize) break;
  }
  if (report.queueingFailed) throw new Error('prompt part: queueing after commit failed');
  deps.logger.info(report, 'prompt part issued');
  return report;
}

async function issuePage(
  queues: TriadQueues,
  deps: JobDeps,
  page: readonly DuePrompt[],
  report: PartReport,
): Promise<void> {
  const schedulerDeps = { ...deps, rules: planningRules(deps.settings) };
  const repairs = page.filter((row) => row.promptId !== null);
  const fresh = page.filter((row) => row.promptId === null);
  const away = await awayAmong(fresh, deps);
  const present = fresh.filter((row) => !away.has(row.engagementId));
  await waitForPresence(queues, deps, away, report);
  const batch = await issueIsolatingFailures(queues, deps, present, report);
  report.issued += batch.issued.length;
  report.single += batch.single.length;
  report.skipped += batch.skipped;
  report.repaired += repairs.length;
  try {
    await deps.scheduler.deliver(batch.issued.map((one) => one.outboxId));
    // A prompt whose nudge (and the expired prompts' nudges and snooze ends) fall beyond what Redis holds changed
    // nothing there: the horizon tick queues the nudge when it enters the horizon. The others are applied now.
    const edge = await horizonEdge(queues, deps.clock.now());
    await schedulePromptsIssued(queues, schedulerDeps, [
      ...batch.issued.filter((one) => one.jobsDueFrom !== null && one.jobsDueFrom <= edge),
      ...repairs.map((row) => ({
        engagementId: row.engagementId,
        promptId: row.promptId as string,
        expiredPromptIds: [],
      })),
    ]);
  } catch (error) {
    report.queueingFailed = true;
    deps.logger.warn(
      { err: errorName(error), issued: batch.issued.length },
      'queueing after the prompt batch failed; the part is retried',
    );
  }
  for (const one of batch.single) await issueOneAndSchedule(queues, deps, one);
}

/**
 * Away clients: the one-by-one prompt job, delayed to when it looks again (it then waits, skips or issues as
 * the prompt job always did). Its id names the engagement's cycle, so a re-run adds it once; it does not start
 * with the engagement id, so reconciliation leaves it alone, as it leaves a scheduler's sleeping run.
 */
async function waitForPresence(
  queues: TriadQueues,
  deps: JobDeps,
  away: ReadonlyMap<string, AwayCheck>,
  report: PartReport,
): Promise<void> {
  const waiting = [...away].filter(([, check]) => check.outcome === 'away');
  report.away += away.size;
  if (waiting.length === 0) return;
  const now = Date.now();
  await queues.schedule.addBulk(
    waiting.map(([engagementId, check]) => ({
      name: 'reflection-prompt',
      data: { engagementId, dueAt: check.dueAt.toISOString() },
      opts: {
        ...scheduleJobOptions,
        jobId: `away.${engagementId}.${check.cycle}`,
        timestamp: now,
        delay: Math.max(0, (check.retryAt?.getTime() ?? now) - queues.clockAheadMs() - now),
      },
    })),
  );
  deps.logger.info({ waiting: waiting.length }, 'clients away; their prompts wait');
}

/**
 * A page's prompts in one transaction; when that fails, each engagement in its own, so that one engagement
 * failing for a reason of its own (its rows, not the database) does not hold back the others of its part
 * forever. If every one fails, the cause is not theirs (the database went away): the part throws and is retried.
 * Otherwise the ones that failed get their own one-by-one prompt job (its retries, then a failed job someone
 * can see), and the part completes.
 */
async function issueIsolatingFailures(
  queues: TriadQueues,
  deps: JobDeps,
  present: DuePrompt[],
  report: PartReport,
): Promise<BatchOutcome> {
  try {
    return await issueDuePrompts(present, deps);
  } catch (error) {
    if (present.length < 2) throw error;
    const outcome: BatchOutcome = { issued: [], single: [], skipped: 0 };
    const failed: DuePrompt[] = [];
    for (const one of present) {
      try {
        const alone = await issueDuePrompts([one], deps);
        outcome.issued.push(...alone.issued);
        outcome.single.push(...alone.single);
        outcome.skipped += alone.skipped;
      } catch (oneError) {
        failed.push(one);
        deps.logger.warn(
          { engagementId: one.engagementId, err: errorName(oneError) },
          'prompt failed on its own; left to its own job',
        );
      }
    }
    if (failed.length === present.length) throw error;
    report.isolated += failed.length;
    await queues.schedule.addBulk(
      failed.map((one) => ({
        name: 'reflection-prompt',
        data: { engagementId: one.engagementId, dueAt: one.dueAt.toISOString() },
        opts: { ...scheduleJobOptions, jobId: `isolated.${one.engagementId}.${one.cycle}` },
      })),
    );
    return outcome;
  }
}

const errorName = (error: unknown) => (isTriadError(error) ? error.code : (error as Error)?.name);

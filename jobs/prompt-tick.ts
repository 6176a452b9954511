import { getNextMillis } from 'bullmq';
import { isTriadError } from '../src/errors.js';
import type { DuePrompt, DueSlot, PromptSlot } from '../src/ports/repositories.js';
import { cycleOf } from '../src/prompts/prompt-schedule.js';
import { planningRules, promptPattern } from '../src/scheduling/plan-engagement.js';
import { type AwayCheck, awayAmong } from '../src/scheduling/prompt-when-present.js';
import { issueDuePrompts } from '../src/use-cases/reflections/issue-due-prompts.js';
import type { JobDeps } from './job-definition.js';
import { schedulePromptsIssued } from './nudge-scheduling.js';
import { scheduleJobOptions, type TriadQueues, triadKey } from './queues.js';
import { issueOneAndSchedule } from './reflection-prompt.job.js';

/** Engagements issued per transaction. */
export const PROMPT_BATCH = 500;
/** How far back a late tick looks when it finds no mark (first run, Redis wiped): one minute. */
const FIRST_LOOK_BACK_MS = 60_000;
/** A tick never looks back further than this: one week (a slot falls due once a week). */
const MAX_CATCH_UP_MS = 7 * 24 * 3600_000;
/** How long a running tick keeps others out (renewed per batch); a crashed tick's lock simply expires. */
const RUNNING_MS = 5 * 60_000;

export interface TickReport {
  outcome: 'done' | 'busy' | 'interval';
  from?: string;
  to?: string;
  slots: number;
  issued: number;
  single: number;
  away: number;
  skipped: number;
  /** Prompts found issued already (a re-run, or issued one by one): their nudge jobs were added again. */
  repaired: number;
  queueingFailed?: boolean;
}

const coveredKey = (queues: TriadQueues) => triadKey(queues, 'prompt-tick', 'covered');
const runningKey = (queues: TriadQueues) => triadKey(queues, 'prompt-tick', 'running');
const RAISE = `local c = tonumber(redis.call('GET', KEYS[1]) or '0') if tonumber(ARGV[1]) > c then redis.call('SET', KEYS[1], ARGV[1]) end return 1`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * For each slot, the latest instant in (from, to] at which BullMQ's cron for that slot (`promptPattern` in the
 * slot's zone, the pattern a scheduler per engagement used) fires: exactly those due times, daylight-saving
 * changes included. A slot that did not fire in the window is left out.
 */
export function dueSlots(slots: readonly PromptSlot[], from: Date, to: Date): DueSlot[] {
  const due: DueSlot[] = [];
  for (const slot of slots) {
    const repeat = { pattern: promptPattern(slot.weekday, slot.time), tz: slot.timeZone };
    let last: number | undefined;
    for (let next = getNextMillis(from.getTime(), repeat); next !== undefined && next <= to.getTime(); ) {
      last = next;
      next = getNextMillis(next, repeat);
    }
    if (last === undefined) continue;
    const dueAt = new Date(last);
    due.push({ ...slot, dueAt, cycle: cycleOf(dueAt, slot.timeZone) });
  }
  return due;
}

/**
 * The minute's prompt tick, for the instant `tickAt` (on the core's clock): issues every weekly prompt whose
 * slot fell due after the last tick that completed (a mark in Redis; a late tick catches up on everything that
 * fell due while no worker ran, at most a week) and up to `tickAt`. The due engagements are read in pages of
 * `batchSize` by one set-based query each; a page is issued in one transaction, its deliveries and nudges queued
 * with `addBulk` after commit. Clients that the platform says are away get the one-by-one prompt job, which waits
 * and looks again as before. Prompts of the window that exist already (a crash after commit, or a second tick
 * for the same minute) are not issued again: their nudges are added again (same ids, so nothing twice) and
 * their pending deliveries are the outbox sweep's. One tick runs at a time; a tick that finds another running
 * leaves its window to the next (the mark only moves when a tick completes).
 */
export async function runPromptTick(
  queues: TriadQueues,
  deps: JobDeps,
  tickAt: Date,
  batchSize = PROMPT_BATCH,
): Promise<TickReport> {
  const report: TickReport = {
    outcome: 'done',
    slots: 0,
    issued: 0,
    single: 0,
    away: 0,
    skipped: 0,
    repaired: 0,
  };
  if (deps.settings.promptIntervalMs) return { ...report, outcome: 'interval' };
  const token = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const running = runningKey(queues);
  if ((await queues.redis.set(running, token, 'PX', RUNNING_MS, 'NX')) !== 'OK') {
    return { ...report, outcome: 'busy' };
  }
  try {
    const mark = Number(await queues.redis.get(coveredKey(queues)));
    const from = new Date(
      Math.max(mark > 0 ? mark : tickAt.getTime() - FIRST_LOOK_BACK_MS, tickAt.getTime() - MAX_CATCH_UP_MS),
    );
    const slots = dueSlots(await deps.uow.read.engagements.listPromptSlots(), from, tickAt);
    Object.assign(report, { from: from.toISOString(), to: tickAt.toISOString(), slots: slots.length });
    let afterId: string | undefined;
    while (slots.length > 0) {
      const page = await deps.uow.read.engagements.listPromptDue(slots, afterId, batchSize);
      if (page.length === 0) break;
      afterId = page.at(-1)?.engagementId;
      await queues.redis.pexpire(running, RUNNING_MS);
      await issuePage(queues, deps, page, report);
      if (page.length < batchSize) break;
    }
    // Queueing failed after a commit: the window stays open, so the retry (or the next tick) adds the jobs.
    if (report.queueingFailed) throw new Error('prompt tick: queueing after commit failed');
    await queues.redis.eval(RAISE, 1, coveredKey(queues), String(tickAt.getTime()));
  } finally {
    await queues.redis.eval(RELEASE, 1, running, token).catch(() => undefined);
  }
  deps.logger.info(report, 'prompt tick');
  return report;
}

async function issuePage(
  queues: TriadQueues,
  deps: JobDeps,
  page: readonly DuePrompt[],
  report: TickReport,
): Promise<void> {
  const schedulerDeps = { ...deps, rules: planningRules(deps.settings) };
  const repairs = page.filter((row) => row.promptId !== null);
  const fresh = page.filter((row) => row.promptId === null);
  const away = await awayAmong(fresh, deps);
  const present = fresh.filter((row) => !away.has(row.engagementId));
  await waitForPresence(queues, deps, away, report);
  const batch = await issueDuePrompts(present, deps);
  report.issued += batch.issued.length;
  report.single += batch.single.length;
  report.skipped += batch.skipped;
  report.repaired += repairs.length;
  try {
    await deps.scheduler.deliver(batch.issued.map((one) => one.outboxId));
    await schedulePromptsIssued(queues, schedulerDeps, [
      ...batch.issued,
      ...repairs.map((row) => ({
        engagementId: row.engagementId,
        promptId: row.promptId as string,
        expiredPromptIds: [],
      })),
    ]);
  } catch (error) {
    report.queueingFailed = true;
    deps.logger.warn(
      { err: isTriadError(error) ? error.code : (error as Error)?.name, issued: batch.issued.length },
      'queueing after the prompt batch failed; the tick is retried for the same window',
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
  report: TickReport,
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

import { createHash } from 'node:crypto';
import { getNextMillis } from 'bullmq';
import type { DueSlot, PromptSlot } from '../src/ports/repositories.js';
import { cycleOf } from '../src/prompts/prompt-schedule.js';
import { promptPattern } from '../src/scheduling/plan-engagement.js';
import type { JobDeps } from './job-definition.js';
import { emptyPartReport, type PartReport, type PromptPartData, runPromptPart } from './prompt-part.js';
import { type TriadQueues, triadKey } from './queues.js';

/** Engagements issued per transaction inside a part. */
export const PROMPT_PAGE = 500;
/**
 * Due engagements per part (PROMPT_PART_SIZE): 10,000 due make 40 parts, so every worker process's
 * SCHEDULE_CONCURRENCY slots (4 each) have parts to take, each a transaction of a few hundred.
 */
export const PROMPT_PART_SIZE = 250;
/**
 * How far back a tick looks when it finds no mark (first run, Redis wiped): a wipe also loses the parts still
 * queued and stops the ticks until the schedules are rebuilt (the worker's watchdog looks every 5 minutes), so
 * the first tick after it looks back over both. Prompts found issued already are only repaired.
 */
const FIRST_LOOK_BACK_MS = 15 * 60_000;
/** A tick never looks back further than this: one week (a slot falls due once a week). */
const MAX_CATCH_UP_MS = 7 * 24 * 3600_000;
/** How long a planning tick keeps others out; a crashed tick's lock simply expires. Planning takes a second. */
const RUNNING_MS = 60_000;
/** A part is retried every 30–60 s, for at least as long as a tick catches up (a week), as ticks used to be. */
const PART_RETRY_MS = 60_000;

/**
 * How a part job is queued: retried until the week is over. A completed part is removed: a tick that plans the
 * same window again after that runs it again, which only repairs (its prompts exist).
 */
export const promptPartJobOptions = {
  attempts: Math.ceil(MAX_CATCH_UP_MS / (PART_RETRY_MS / 2)),
  backoff: { type: 'fixed', delay: PART_RETRY_MS, jitter: 0.5 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

export interface TickSettings {
  partSize?: number;
  pageSize?: number;
}

export interface TickReport {
  outcome: 'queued' | 'busy' | 'interval';
  from?: string;
  to?: string;
  slots: number;
  parts: number;
  /** The part jobs' ids (not logged). */
  partIds: string[];
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
 * The minute's prompt tick, for the instant `tickAt` (on the core's clock). It only plans: the window runs from
 * the mark of the last tick whose parts were queued (in Redis; a late tick catches up on everything that fell
 * due while no worker ran, at most a week) to `tickAt`; the slots that fell due in it are computed, and the
 * engagements due in them are split, by one statement, into id ranges of `partSize` (exact bounds, so the parts
 * are even whatever the ids look like). Each range is a `prompt-part` job that any worker process on any
 * machine takes (`runPromptPart`), all added with one `addBulk`.
 *
 * Exactly once: a part's id names the window's end, a hash of the plan (window, slots, bounds, page size) and
 * its index, so a retried or duplicated tick for the same window adds each part once while it is queued or
 * running; a tick that plans differently (the due set changed meanwhile), or plans again after a part
 * completed, adds parts that overlap the first's, which is safe: a prompt exists once per engagement and cycle
 * (engagements locked in id order), so an overlap only repairs. addBulk is not atomic, so a crash halfway leaves some parts queued and the mark unmoved: the
 * retry adds the rest (same plan) or a full plan.
 *
 * The mark moves only after `addBulk` returned, i.e. once every part is durably queued; from then on the parts
 * are BullMQ's to run: a failed part is retried (`promptPartJobOptions`) with its own window, a part whose
 * worker died is taken over when its lock expires, so the mark never skips prompts. A Redis wipe loses the
 * mark and the queued parts; the first tick after it looks back `FIRST_LOOK_BACK_MS`.
 *
 * The `running` lock keeps a second tick from planning an overlapping window at the same time (it returns
 * 'busy' and leaves its window to the next tick, as the mark has not moved); it covers the planning only, not
 * the parts, which run in parallel.
 */
export async function runPromptTick(
  queues: TriadQueues,
  deps: JobDeps,
  tickAt: Date,
  settings: TickSettings = deps.promptTick ?? {},
): Promise<TickReport> {
  const report: TickReport = { outcome: 'queued', slots: 0, parts: 0, partIds: [] };
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
    if (slots.length > 0) {
      const partSize = settings.partSize ?? PROMPT_PART_SIZE;
      const bounds = await deps.uow.read.engagements.listPromptDueBounds(slots, partSize);
      const parts = partsOf(from, tickAt, slots, bounds, settings.pageSize ?? PROMPT_PAGE);
      const jobs = await queues.schedule.addBulk(
        parts.map(({ id, data }) => ({
          name: 'prompt-part',
          data,
          opts: { ...promptPartJobOptions, jobId: id },
        })),
      );
      report.parts = jobs.length;
      report.partIds = parts.map((part) => part.id);
    }
    await queues.redis.eval(RAISE, 1, coveredKey(queues), String(tickAt.getTime()));
  } finally {
    await queues.redis.eval(RELEASE, 1, running, token).catch(() => undefined);
  }
  const { partIds: _ids, ...logged } = report;
  deps.logger.info(logged, 'prompt tick');
  return report;
}

/** The ranges (−∞, b1], (b1, b2], …, (bn, ∞) as part jobs, with ids that name the plan. */
function partsOf(
  from: Date,
  to: Date,
  slots: readonly DueSlot[],
  bounds: readonly string[],
  pageSize: number,
): { id: string; data: PromptPartData }[] {
  const shared = {
    from: from.toISOString(),
    to: to.toISOString(),
    slots: slots.map((slot) => ({ ...slot, dueAt: slot.dueAt.toISOString() })),
    pageSize,
  };
  const plan = createHash('sha256')
    .update(JSON.stringify({ ...shared, bounds }))
    .digest('hex')
    .slice(0, 12);
  const count = bounds.length + 1;
  return Array.from({ length: count }, (_, index) => ({
    id: `prompt-part.${to.getTime()}.${plan}.${index + 1}of${count}`,
    data: {
      ...shared,
      ...(index > 0 ? { afterId: bounds[index - 1] } : {}),
      ...(index < bounds.length ? { upToId: bounds[index] } : {}),
    },
  }));
}

/**
 * The tick and its parts in this process, one part after the other, for tools that issue a minute without
 * workers (benchmarks, tests): each part still waiting is taken off the queue first (a worker that took it
 * meanwhile keeps it), so nothing runs twice.
 */
export async function runPromptTickHere(
  queues: TriadQueues,
  deps: JobDeps,
  tickAt: Date,
  settings?: TickSettings,
): Promise<{ tick: TickReport; parts: PartReport }> {
  const tick = await runPromptTick(queues, deps, tickAt, settings);
  const total = emptyPartReport();
  for (const id of tick.partIds) {
    const job = await queues.schedule.getJob(id);
    if (!job || (await job.getState()) !== 'waiting' || (await queues.schedule.remove(id)) !== 1) continue;
    const part = await runPromptPart(queues, deps, job.data as PromptPartData);
    for (const key of ['issued', 'single', 'away', 'skipped', 'repaired', 'isolated'] as const) {
      total[key] += part[key];
    }
  }
  return { tick, parts: total };
}

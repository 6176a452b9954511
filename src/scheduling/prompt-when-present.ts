import { z } from 'zod';
import { hoursOf } from '../engagement/organisation-settings.js';
import type { Cadence, Platform } from '../engagement/records.js';
import type { Presence } from '../ports/presence.js';
import { cycleOf, intoWorkingHours, isPromptWeek, type WorkingHours } from '../prompts/prompt-schedule.js';
import type { CoreDeps } from '../use-cases/deps.js';
import {
  type IssueOutcome,
  issueReflectionPrompt,
} from '../use-cases/reflections/issue-reflection-prompt.js';
import { promptingStages } from '../use-cases/reflections/reflection-access.js';
import { presenceKey, updatesOf, verdictOf } from './known-presence.js';
import { askPlatforms } from './presence-lookup.js';
import { readKnownPresence, storeLearned } from './stored-presence.js';

/**
 * Away handling for the weekly prompt: while the platform says the client is away (Do Not Disturb, an "on
 * vacation" status, Teams presence Away/OutOfOffice), the prompt waits and is tried again every `recheckMs`
 * (moved into working hours); once `skipAfterMs` has passed since it was due, that week's prompt is skipped.
 */
export interface AwayRules {
  recheckMs: number;
  skipAfterMs: number;
}

export const defaultAwayRules: AwayRules = { recheckMs: 2 * 3600_000, skipAfterMs: 48 * 3600_000 };

export const promptWhenPresentInput = z.object({ engagementId: z.uuid(), dueAt: z.coerce.date() });

export interface PresenceDeps extends CoreDeps {
  presence?: Partial<Record<Platform, Presence>>;
  awayRules?: AwayRules;
}

export type PromptJobOutcome =
  | IssueOutcome
  | { outcome: 'away'; retryAt: Date; cycle: string }
  | { outcome: 'skipped_away'; cycle: string };

/** Called by the reflection-prompt job: issues the week's prompt now, or says when to look again. */
export async function promptWhenPresent(
  raw: z.input<typeof promptWhenPresentInput>,
  deps: PresenceDeps,
): Promise<PromptJobOutcome> {
  const input = promptWhenPresentInput.parse(raw);
  const away = await isClientAway(input.engagementId, input.dueAt, deps);
  if (away) {
    const rules = deps.awayRules ?? defaultAwayRules;
    const now = deps.clock.now();
    const cycle = cycleOf(input.dueAt, away.zone, deps.settings);
    const retryAt = intoWorkingHours(new Date(now.getTime() + rules.recheckMs), away.zone, away.hours);
    const log = { engagementId: input.engagementId, cycle };
    if (retryAt.getTime() - input.dueAt.getTime() > rules.skipAfterMs) {
      deps.logger.info(log, 'client away past the limit; this cycle is skipped');
      return { outcome: 'skipped_away', cycle };
    }
    deps.logger.info(log, 'client away; prompt waits');
    return { outcome: 'away', retryAt, cycle };
  }
  return issueReflectionPrompt(input, deps);
}

/** What the tick learns of an away client: wait until `retryAt`, or this cycle is skipped. */
export interface AwayCheck {
  outcome: 'away' | 'skipped_away';
  dueAt: Date;
  cycle: string;
  retryAt?: Date;
}

/** A due engagement as the tick read it, with what the presence check needs (no further reads). */
export interface DueForPresence {
  engagementId: string;
  dueAt: Date;
  cycle: string;
  cadence: Cadence;
  startedAt: Date;
  timeZone: string;
  platform: Platform;
  /** The engagement's organisation: whose stored presence of the client is read. */
  organisationId: string;
  /** The organisation's platform tenant: a platform with a token per tenant is asked with that tenant's. */
  tenantId: string;
  clientPlatformUserId: string;
}

/**
 * `promptWhenPresent`'s away check for a batch of due engagements (a prompting stage and no prompt of the cycle,
 * as the tick selected them), from the rows already read. The presence the platform's events left is read for
 * the whole batch in one query; the platform is asked only for what was never stored (in bulk where it can:
 * Slack's `dnd.teamInfo` takes 50 people a call), and what it says is stored. Returns the away clients: wait
 * until `retryAt`, or skipped for the cycle once `skipAfterMs` has passed since due. An unknown presence (a
 * lookup refused or failed) counts as present.
 */
export async function awayAmong(
  due: readonly DueForPresence[],
  deps: PresenceDeps,
): Promise<Map<string, AwayCheck>> {
  const away = new Map<string, AwayCheck>();
  const presence = deps.presence;
  if (!presence) return away;
  const asked = due.filter(
    (row) =>
      presence[row.platform] &&
      isPromptWeek(row.cadence, row.startedAt, row.dueAt, row.timeZone, deps.settings),
  );
  if (asked.length === 0) return away;
  const now = deps.clock.now();
  const keyOf = (row: DueForPresence) => presenceKey(row.organisationId, row.clientPlatformUserId);
  const known = await readKnownPresence(
    asked.map((row) => ({ organisationId: row.organisationId, platformUserId: row.clientPlatformUserId })),
    deps,
  );
  const unknown = asked.filter((row) => verdictOf(known.get(keyOf(row)), now) === 'unknown');
  const { updates, awayByAnswer } = await askPlatforms(unknown, known, presence, now, deps.logger);
  await storeLearned(updates, deps);
  for (const row of asked) {
    if (verdictOf(known.get(keyOf(row)), now) === 'away' || awayByAnswer.has(row.engagementId)) {
      away.set(row.engagementId, awayOutcome(row, deps));
    }
  }
  return away;
}

function awayOutcome(row: DueForPresence, deps: PresenceDeps): AwayCheck {
  const rules = deps.awayRules ?? defaultAwayRules;
  const now = deps.clock.now();
  const zone = row.timeZone;
  const retryAt = intoWorkingHours(
    new Date(now.getTime() + rules.recheckMs),
    zone,
    deps.settings.workingHours,
  );
  const log = { engagementId: row.engagementId, cycle: row.cycle };
  if (retryAt.getTime() - row.dueAt.getTime() > rules.skipAfterMs) {
    deps.logger.info(log, 'client away past the limit; this cycle is skipped');
    return { outcome: 'skipped_away', dueAt: row.dueAt, cycle: row.cycle };
  }
  deps.logger.info(log, 'client away; prompt waits');
  return { outcome: 'away', dueAt: row.dueAt, cycle: row.cycle, retryAt };
}

/** Asks the platform only when a prompt would really go out now; a presence failure counts as present. */
async function isClientAway(
  engagementId: string,
  dueAt: Date,
  deps: PresenceDeps,
): Promise<{ zone: string; hours: WorkingHours | 'always' | undefined } | undefined> {
  if (!deps.presence) return undefined;
  const repos = deps.uow.read;
  const engagement = await repos.engagements.get(engagementId);
  if (!engagement || !promptingStages.includes(engagement.stage)) return undefined;
  const zone = engagement.timeZone;
  const timing = deps.settings;
  if (!isPromptWeek(engagement.cadence, engagement.startedAt, dueAt, zone, timing)) return undefined;
  if (await repos.prompts.findByCycle(engagement.id, cycleOf(dueAt, zone, timing))) return undefined;
  const organisation = await repos.organisations.get(engagement.organisationId);
  const platformPresence = organisation && deps.presence[organisation.platform];
  const presence =
    (organisation && platformPresence?.forTenant?.(organisation.platformTenantId)) ?? platformPresence;
  const client = await repos.people.get(engagement.clientId);
  if (!presence || !client) return undefined;
  try {
    const away = presence.lookUp
      ? await lookUpAndStore(presence, engagement.organisationId, client.platformUserId, deps)
      : await presence.isAway(client.platformUserId);
    return away ? { zone, hours: hoursOf(engagement, deps.settings.workingHours) } : undefined;
  } catch (error) {
    deps.logger.warn({ engagementId, err: (error as Error)?.name }, 'presence unknown; prompting anyway');
    return undefined;
  }
}

/**
 * The one-by-one job runs for the few clients found away (looked at again every `recheckMs`): it asks the platform
 * afresh rather than trusting what is stored, and stores the answer, so a stored "away" whose ending event was
 * missed holds a prompt back by one recheck at most.
 */
async function lookUpAndStore(
  presence: Presence,
  organisationId: string,
  platformUserId: string,
  deps: PresenceDeps,
): Promise<boolean> {
  const now = deps.clock.now();
  const facts = await (presence.lookUp as NonNullable<Presence['lookUp']>).call(presence, {
    dnd: [platformUserId],
    status: [platformUserId],
  });
  const fact = facts.find((one) => one.platformUserId === platformUserId);
  await storeLearned(updatesOf(organisationId, fact ? [fact] : [], now), deps);
  return verdictOf(fact, now) === 'away';
}

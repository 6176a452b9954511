import type { Cadence } from '../engagement/records.js';
import { type HrRights, type HrRightsQuery, hrRightsFromAdmins } from '../policy/hr-rights.js';
import type { Cipher } from '../ports/cipher.js';
import type { Clock } from '../ports/clock.js';
import type { Directory } from '../ports/directory.js';
import type { IdGenerator } from '../ports/ids.js';
import type { Logger } from '../ports/logger.js';
import type { Repositories, UnitOfWork } from '../ports/repositories.js';
import type { Scheduler } from '../ports/scheduler.js';
import { officeHours, type WorkingHours } from '../prompts/prompt-schedule.js';

/** Organisation-wide defaults and limits, from configuration. */
export interface CoreSettings {
  /**
   * `HR_ADMINS`: platform user ids with HR rights besides each organisation's own admin list. For single-workspace,
   * self-hosted mode; a multi-workspace (OAuth) wiring passes none, so only the organisations' lists count.
   */
  hrAdmins: readonly string[];
  defaultTimeZone: string;
  defaultCadence: Cadence;
  defaultWeeks: number;
  defaultPromptWeekday: number;
  defaultPromptTime: string;
  nudgeAfterHours: number;
  retentionDays: number;
  /** Whether new organisations offer intro ("chemistry") calls before the client chooses a coach. */
  chemistryCalls: boolean;
  /** Prompts every this many ms instead of the weekly / fortnightly calendar (demos, trials); null: calendar. */
  promptIntervalMs: number | null;
  /** When nudges, snoozes and scheduling reminders land, in the client's zone; `'always'` for demos. */
  workingHours: WorkingHours | 'always';
  /** Overrides every organisation's retention days (demos only); null: the organisation's days. */
  retentionMs: number | null;
  /** How often the retention purge runs; null: daily at 03:15 UTC. */
  purgeEveryMs: number | null;
}

/** Everything a use case may touch, passed in explicitly. */
export interface CoreDeps {
  uow: UnitOfWork;
  cipher: Cipher;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  scheduler: Scheduler;
  settings: CoreSettings;
  /** Who has HR rights; without it, the organisation's admin list and the settings' `hrAdmins` decide. */
  hrRights?: HrRights;
}

/**
 * Whether `who` has HR rights right now: asked on every request, never stored. `repos` are the request's own
 * (its transaction's when it has one), so a change of the admin list counts from the next request on.
 */
export async function hasHrRights(
  deps: CoreDeps,
  who: HrRightsQuery,
  /** Where the admin list is read: the caller's transaction when it has one, `deps.uow.read` otherwise. */
  repos: Repositories,
): Promise<boolean> {
  const rights = deps.hrRights ?? hrRightsFromAdmins(deps.settings.hrAdmins);
  return rights(who, repos);
}

/** Use cases that look people up on the platform also get its directory. */
export interface DirectoryDeps extends CoreDeps {
  directory: Directory;
}

export const defaultSettings: CoreSettings = {
  hrAdmins: [],
  defaultTimeZone: 'Europe/London',
  defaultCadence: 'weekly',
  defaultWeeks: 12,
  defaultPromptWeekday: 1,
  defaultPromptTime: '09:30',
  nudgeAfterHours: 48,
  retentionDays: 30,
  chemistryCalls: true,
  promptIntervalMs: null,
  workingHours: officeHours,
  retentionMs: null,
  purgeEveryMs: null,
};

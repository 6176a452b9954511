import type { Cadence } from '../engagement/records.js';
import type { Cipher } from '../ports/cipher.js';
import type { Clock } from '../ports/clock.js';
import type { Directory } from '../ports/directory.js';
import type { IdGenerator } from '../ports/ids.js';
import type { Logger } from '../ports/logger.js';
import type { UnitOfWork } from '../ports/repositories.js';
import type { Scheduler } from '../ports/scheduler.js';

/** Organisation-wide defaults and limits, from configuration. */
export interface CoreSettings {
  hrAdmins: readonly string[];
  defaultTimeZone: string;
  defaultCadence: Cadence;
  defaultWeeks: number;
  defaultPromptWeekday: number;
  defaultPromptTime: string;
  nudgeAfterHours: number;
  retentionDays: number;
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
};

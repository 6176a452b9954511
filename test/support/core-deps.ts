import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createAesGcmCipher } from '../../adapters/crypto/aes-gcm.cipher.js';
import type { Directory, PlatformProfile } from '../../src/ports/directory.js';
import type { UnitOfWork } from '../../src/ports/repositories.js';
import type { Scheduler } from '../../src/ports/scheduler.js';
import { type CoreSettings, type DirectoryDeps, defaultSettings } from '../../src/use-cases/deps.js';
import { createInMemoryUnitOfWork } from './in-memory-store/index.js';

/** A clock tests move by hand. */
export function manualClock(start = new Date('2026-11-23T08:00:00Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (date: Date) => {
      now = date.getTime();
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** A platform directory tests fill with people. */
export function fakeDirectory(profiles: PlatformProfile[] = []) {
  const byId = new Map(profiles.map((p) => [p.platformUserId, p]));
  const directory: Directory & {
    add(p: Partial<PlatformProfile> & { platformUserId: string }): PlatformProfile;
  } = {
    lookup: async (id) => byId.get(id),
    add(partial) {
      const profile: PlatformProfile = {
        displayName: partial.platformUserId,
        timeZone: 'Europe/London',
        isBot: false,
        deleted: false,
        ...partial,
      };
      byId.set(profile.platformUserId, profile);
      return profile;
    },
  };
  return directory;
}

/** Records what the core asked the scheduler to do after each commit. */
export function recordingScheduler() {
  const delivered: string[] = [];
  const synced: string[] = [];
  const forgotten: string[] = [];
  const learning: string[] = [];
  const scheduler: Scheduler & {
    delivered: string[];
    synced: string[];
    forgotten: string[];
    learning: string[];
  } = {
    delivered,
    synced,
    forgotten,
    learning,
    learnPresence: async (id) => {
      learning.push(id);
    },
    deliver: async (ids) => {
      delivered.push(...ids);
    },
    syncEngagement: async (id) => {
      synced.push(id);
    },
    forgetEngagement: async (id) => {
      forgotten.push(id);
    },
  };
  return scheduler;
}

/** Captures every log line as text, for scans that private text never reaches a log. */
export function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

export const testEncryptionKeys = () => [{ id: 'test1', key: randomBytes(32) }];

export interface TestCore extends DirectoryDeps {
  clock: ReturnType<typeof manualClock>;
  directory: ReturnType<typeof fakeDirectory>;
  scheduler: ReturnType<typeof recordingScheduler>;
  logLines: string[];
}

/** Core dependencies on the in-memory store (fast) or any UnitOfWork (e.g. real Postgres). */
export function createTestCore(
  options: { uow?: UnitOfWork; settings?: Partial<CoreSettings> } = {},
): TestCore {
  const { logger, lines } = capturingLogger();
  return {
    uow: options.uow ?? createInMemoryUnitOfWork(),
    cipher: createAesGcmCipher(testEncryptionKeys()),
    clock: manualClock(),
    ids: { newId: () => randomUUID() },
    logger,
    scheduler: recordingScheduler(),
    settings: { ...defaultSettings, hrAdmins: ['UHR'], ...options.settings },
    directory: fakeDirectory(),
    logLines: lines,
  };
}

import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pino from 'pino';
import { createAesGcmCipher, type EncryptionKey } from '../../adapters/crypto/aes-gcm.cipher.js';
import { createLocalPlatform, type LocalPlatform } from '../../adapters/local/local-platform.js';
import { createLocalSession, type LocalSession } from '../../adapters/local/local-session.js';
import { uuidIds } from '../../src/ports/ids.js';
import type { Logger } from '../../src/ports/logger.js';
import { type CoreSettings, type DirectoryDeps, defaultSettings } from '../../src/use-cases/deps.js';
import type { AppConfig } from '../config/app.config.js';
import { createLogger } from '../logger.js';
import { castMembers, findCastMember, newDemoTenant } from './cast.js';
import { type DemoClock, realDemoClock, skippingDemoClock } from './demo-clock.js';
import { type DemoRuntime, type DemoTiming, demoTiming, startDemoRuntime } from './runtime.js';
import { type DemoServices, demoEncryptionKey, startDemoServices } from './services.js';
import { createTranscript, type Transcript } from './transcript.js';

/** What the demo runs on and where its output goes. */
export interface DemoOptions {
  /** PostgreSQL to use instead of the embedded PGlite. */
  readonly databaseUrl?: string;
  /** Redis to use instead of a private redis-server. */
  readonly redisUrl?: string;
  /** BullMQ key prefix (a hash tag); unique per run by default. */
  readonly queuePrefix?: string;
  /** Keys from TRIAD_ENCRYPTION_KEYS; a fresh random key by default. */
  readonly encryptionKeys?: readonly EncryptionKey[];
  /** Where pino writes (the transcript is stdout; logs never are). */
  readonly logPath: string;
  /** pino level for that file; info by default. */
  readonly logLevel?: AppConfig['LOG_LEVEL'];
  readonly write: (text: string) => void;
  readonly timing?: Partial<DemoTiming>;
  /**
   * Skip the waits for meetings to start by moving the demo's clock ahead (the demo's test); people watching
   * the demo wait in real time.
   */
  readonly skipWaits?: boolean;
  /** Transcript options for interactive mode. */
  readonly full?: boolean;
  readonly follow?: () => readonly string[] | undefined;
}

/** Everything a running demo is made of, for the scripted story and interactive mode alike. */
export interface DemoWorld {
  readonly platform: LocalPlatform;
  readonly session: LocalSession;
  readonly transcript: Transcript;
  readonly deps: DirectoryDeps;
  readonly services: DemoServices;
  readonly runtime: DemoRuntime;
  readonly timing: DemoTiming;
  /** The clock the core, jobs and director share: real time, or skipping ahead (`skipWaits`). */
  readonly clock: DemoClock;
  readonly logPath: string;
  /** The demo organisation's tenant id on the local platform. */
  readonly tenantId: string;
  close(): Promise<void>;
}

export function demoLogger(
  logPath: string,
  level: AppConfig['LOG_LEVEL'] = 'info',
): { logger: Logger; flush(): void } {
  mkdirSync(dirname(logPath), { recursive: true });
  const destination = pino.destination({ dest: logPath, sync: true, append: false });
  return { logger: createLogger({ LOG_LEVEL: level }, destination), flush: () => destination.flushSync() };
}

/** Starts the database, Redis, the jobs runtime and the local platform with the demo's people. */
export async function startDemoWorld(options: DemoOptions): Promise<DemoWorld> {
  const timing = { ...demoTiming, ...options.timing };
  const clock = options.skipWaits ? skippingDemoClock() : realDemoClock();
  const { logger, flush } = demoLogger(options.logPath, options.logLevel);
  const transcript = createTranscript({
    write: options.write,
    ...(options.full ? { full: true } : {}),
    ...(options.follow ? { follow: options.follow } : {}),
  });
  const services = await startDemoServices({
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    logger,
  });
  try {
    const tenantId = newDemoTenant();
    const platform = createLocalPlatform({
      onSeen: (line) => transcript.seen(line),
      // Files people receive (the client's export) go beside the log, in the demo's output folder.
      filesDir: join(dirname(options.logPath), 'files'),
    });
    for (const member of castMembers) platform.addPerson(member);
    const settings: CoreSettings = {
      ...defaultSettings,
      hrAdmins: castMembers.filter((m) => m.role === 'hr').map((m) => m.platformUserId),
      nudgeAfterHours: timing.nudgeAfterMs / 3_600_000,
      promptIntervalMs: timing.promptEveryMs,
      workingHours: 'always',
      retentionMs: timing.retentionMs,
      purgeEveryMs: 2_000,
    };
    const cipher = createAesGcmCipher(options.encryptionKeys ?? [demoEncryptionKey()]);
    const core = { uow: services.uow, cipher, clock, ids: uuidIds, logger };
    const runtime = await startDemoRuntime({
      ...core,
      redisUrl: services.redisUrl,
      queuePrefix: options.queuePrefix ?? `{triad-demo-${process.pid}-${Date.now().toString(36)}}`,
      messenger: platform.messenger,
      settings,
      timing,
    });
    const deps: DirectoryDeps = {
      ...core,
      settings,
      scheduler: runtime.scheduler,
      directory: platform.directory,
    };
    const session = createLocalSession({
      platform,
      deps,
      tenantId,
      resolveMention: (name) => findCastMember(name)?.platformUserId,
    });
    return {
      platform,
      session,
      transcript,
      deps,
      services,
      runtime,
      timing,
      clock,
      logPath: options.logPath,
      tenantId,
      close: async () => {
        await runtime.close();
        await services.close();
        flush();
      },
    };
  } catch (error) {
    await services.close();
    throw error;
  }
}

export const readLog = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

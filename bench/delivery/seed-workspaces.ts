import { randomUUID } from 'node:crypto';
import type { Installation } from '@slack/bolt';
import type { DateTime } from 'luxon';
import postgres from 'postgres';
import { createAesGcmCipher, type EncryptionKey } from '../../adapters/crypto/aes-gcm.cipher.js';
import { InstallationVault } from '../../adapters/slack/oauth/installation-vault.js';
import { createDatabase } from '../../db/client.js';
import { slackInstallationRepository } from '../../db/repositories/slack-installation.repository.js';
import type { Logger } from '../../src/ports/logger.js';
import { benchUserId, benchZones } from '../lib/bench-users.js';
import { seedEngagements } from '../lib/seed.js';

/** The Slack workspaces of the delivery benchmark: team ids, and the bot token each installation holds. */
export const teamOf = (workspace: number) => `TBENCH${String(workspace).padStart(5, '0')}`;
export const tokenOf = (teamId: string) => `xoxb-bench-${teamId}`;

/** People of one run: clients 1…count (one DM each), then per workspace its HR admin, 5 sponsors and 2 coaches. */
export const deliveryUsers = (count: number, workspaces: number) => 1 + count + workspaces * 8;
const clientOf = (n: number) => benchUserId(1 + n);
const staffOf = (count: number, workspace: number, k: number) => benchUserId(1 + count + workspace * 8 + k);

const silent: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silent,
};

export interface WorkspaceSeed {
  databaseUrl: string;
  workspaces: number;
  perWorkspace: number;
  /** The workers' encryption key: installation tokens are sealed with it, as the OAuth redirect does. */
  encryptionKey: EncryptionKey;
  /** The DM channel of each client, by engagement number. */
  dms: readonly string[];
  dueAt: DateTime;
}

/**
 * `workspaces` Slack organisations installed in distribution mode (an installation row each, bot token sealed
 * through the production vault, bound to its row), with `perWorkspace` engagements each in the coaching stage,
 * whose weekly prompts fall due at `dueAt` in four zones.
 */
export async function seedWorkspaces(seed: WorkspaceSeed): Promise<void> {
  const count = seed.workspaces * seed.perWorkspace;
  const database = createDatabase(seed.databaseUrl, { max: 2 });
  const vault = new InstallationVault({
    repository: slackInstallationRepository(database.db),
    cipher: createAesGcmCipher([seed.encryptionKey]),
    clock: { now: () => new Date() },
    ids: { newId: () => randomUUID() },
    logger: silent,
    refresh: async () => {
      throw new Error('no refresh in the benchmark');
    },
  });
  try {
    let next = 0;
    const one = async (workspace: number) => {
      const teamId = teamOf(workspace);
      const installation = {
        team: { id: teamId, name: `Bench ${workspace}` },
        enterprise: undefined,
        isEnterpriseInstall: false,
        appId: 'ABENCH',
        bot: {
          token: tokenOf(teamId),
          id: `B${teamId}`,
          userId: `U${teamId}BOT`,
          scopes: ['chat:write', 'im:write'],
        },
        user: { id: staffOf(count, workspace, 0), token: undefined, scopes: undefined },
        tokenType: 'bot',
      } as Installation<'v2', false>;
      await vault.store(installation);
      const first = workspace * seed.perWorkspace;
      await seedEngagements({
        databaseUrl: seed.databaseUrl,
        teamId,
        count: seed.perWorkspace,
        hrUserId: staffOf(count, workspace, 0),
        clientOf: (n) => clientOf(first + n),
        sponsorOf: (n) => staffOf(count, workspace, 1 + (n % 5)),
        coachOf: (n) => staffOf(count, workspace, 6 + (n % 2)),
        dmOf: (n) => seed.dms[first + n],
        promptOf: (n) => {
          const local = seed.dueAt.setZone(benchZones[(first + n) % benchZones.length] as string);
          return { timeZone: local.zoneName ?? 'UTC', weekday: local.weekday, time: local.toFormat('HH:mm') };
        },
        startedAt: seed.dueAt.minus({ weeks: 3, hours: 1 }).toJSDate(),
      });
    };
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < seed.workspaces) await one(next++);
      }),
    );
  } finally {
    await database.close();
  }
}

/** Clients' user ids in engagement order (their DMs are opened before seeding). */
export const clientIds = (count: number) => Array.from({ length: count }, (_, n) => clientOf(n));

/**
 * Moves every seeded engagement's weekly prompt to `dueAt` (one statement per zone), once seeding is done: the
 * due minute is chosen after seeding, however long that took on a busy machine.
 */
export async function moveDueMinute(databaseUrl: string, dueAt: DateTime): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    for (const zone of benchZones) {
      const local = dueAt.setZone(zone);
      await sql`
        update engagements set prompt_weekday = ${local.weekday}, prompt_time = ${local.toFormat('HH:mm')}
        where time_zone = ${zone}`;
    }
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * Stores every client's presence as Slack's `user_status_changed` / `dnd_updated_user` events leave it (present,
 * Do Not Disturb off): a Monday after the first, when the tick asks Slack nothing. Without it every client is
 * never seen, and the first tick looks them up (one `dnd.teamInfo` per 50, one `users.profile.get` each).
 */
export async function storePresence(databaseUrl: string, seenAt: Date): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`
      insert into presence_records
        (id, organisation_id, platform_user_id, status_away, status_seen_at, dnd_enabled, dnd_seen_at)
      select gen_random_uuid(), e.organisation_id, p.platform_user_id, false, ${seenAt}, false, ${seenAt}
      from engagements e join people p on p.id = e.client_id`;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

import { randomUUID } from 'node:crypto';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { engagements, meetings, organisations, people, spaces } from '../../db/schema/index.js';
import { FAKE_TEAM_ID } from '../../test/support/fake-slack/defaults.js';

/**
 * Bulk-inserts engagements in the coaching stage straight into Postgres (multi-row inserts through the
 * drizzle schema), as if they had been started weeks ago: the benchmarks measure what happens next, not
 * 10,000 starts.
 */
export interface SeedOptions {
  databaseUrl: string;
  count: number;
  /** Slack user ids of the n-th engagement's client, sponsor and coach. */
  clientOf: (n: number) => string;
  sponsorOf: (n: number) => string;
  coachOf: (n: number) => string;
  hrUserId: string;
  /** The client's zone, prompt weekday (ISO, 1 = Monday) and local prompt time of the n-th engagement. */
  promptOf: (n: number) => { timeZone: string; weekday: number; time: string };
  startedAt: Date;
  /** Channel of the client's DM with the bot, when it was opened already. */
  dmOf?: (n: number) => string | undefined;
  /** Start times of the mid-point, closing and one coaching session; none scheduled when left out. */
  meetingsOf?: (n: number) => { midpoint: Date; closing: Date; session: Date };
  /** The organisation's Slack workspace (team id); the fake's own by default. */
  teamId?: string;
}

export interface Seeded {
  organisationId: string;
  engagementIds: string[];
}

const CHUNK = 1_000;

export async function seedEngagements(options: SeedOptions): Promise<Seeded> {
  const sql = postgres(options.databaseUrl, { max: 4, onnotice: () => {} });
  const db = drizzle(sql);
  const now = new Date();
  try {
    const organisationId = randomUUID();
    await db.insert(organisations).values({
      id: organisationId,
      platform: 'slack',
      platformTenantId: options.teamId ?? FAKE_TEAM_ID,
      name: `Bench workspace ${options.teamId ?? FAKE_TEAM_ID}`,
      createdAt: now,
    });
    const personIds = new Map<string, string>();
    const personRow = (slackId: string, isHrAdmin = false) => {
      const id = randomUUID();
      personIds.set(slackId, id);
      return {
        id,
        organisationId,
        platformUserId: slackId,
        displayName: slackId.toLowerCase(),
        timeZone: 'Europe/London',
        isHrAdmin,
        createdAt: now,
        updatedAt: now,
      };
    };
    const personRows = [personRow(options.hrUserId, true)];
    for (let n = 0; n < options.count; n += 1) {
      for (const slackId of [options.clientOf(n), options.sponsorOf(n), options.coachOf(n)]) {
        if (!personIds.has(slackId)) personRows.push(personRow(slackId));
      }
    }
    for (let i = 0; i < personRows.length; i += CHUNK) {
      await db.insert(people).values(personRows.slice(i, i + CHUNK));
    }
    const hrId = personIds.get(options.hrUserId) as string;
    const engagementIds: string[] = [];
    for (let from = 0; from < options.count; from += CHUNK) {
      const engagementRows = [];
      const spaceRows = [];
      const meetingRows = [];
      for (let n = from; n < Math.min(options.count, from + CHUNK); n += 1) {
        const id = randomUUID();
        engagementIds.push(id);
        const coachId = personIds.get(options.coachOf(n)) as string;
        const prompt = options.promptOf(n);
        engagementRows.push({
          id,
          organisationId,
          clientId: personIds.get(options.clientOf(n)) as string,
          sponsorId: personIds.get(options.sponsorOf(n)) as string,
          coachId,
          coachShortlist: [coachId],
          startedById: hrId,
          stage: 'coaching' as const,
          weeks: 12,
          cadence: 'weekly' as const,
          promptWeekday: prompt.weekday,
          promptTime: prompt.time,
          timeZone: prompt.timeZone,
          startedAt: options.startedAt,
          updatedAt: now,
        });
        const dm = options.dmOf?.(n);
        for (const kind of ['client_dm', 'coaching', 'sponsor'] as const) {
          const address = kind === 'client_dm' && dm ? { channel: dm } : null;
          spaceRows.push({
            id: randomUUID(),
            engagementId: id,
            kind,
            platform: 'slack' as const,
            address,
            createdAt: now,
          });
        }
        const times = options.meetingsOf?.(n);
        const meeting = (
          kind: 'kickoff' | 'alignment' | 'midpoint' | 'closing' | 'session',
          startsAt?: Date,
        ) => ({
          id: randomUUID(),
          engagementId: id,
          kind,
          status: startsAt
            ? ('scheduled' as const)
            : kind === 'kickoff' || kind === 'alignment'
              ? ('held' as const)
              : ('unscheduled' as const),
          startsAt: startsAt ?? null,
          durationMinutes: 60,
          organiserId: startsAt ? coachId : null,
          organiserZone: startsAt ? prompt.timeZone : null,
          heldAt: startsAt ? null : kind === 'kickoff' || kind === 'alignment' ? options.startedAt : null,
          createdAt: now,
          updatedAt: now,
        });
        meetingRows.push(meeting('kickoff'), meeting('alignment'));
        meetingRows.push(meeting('midpoint', times?.midpoint), meeting('closing', times?.closing));
        if (times) meetingRows.push(meeting('session', times.session));
      }
      await db.insert(engagements).values(engagementRows);
      await db.insert(spaces).values(spaceRows);
      await db.insert(meetings).values(meetingRows);
    }
    return { organisationId, engagementIds };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

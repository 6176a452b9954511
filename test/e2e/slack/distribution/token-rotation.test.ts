import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistributionHarness, startDistributionHarness } from './distribution-harness.js';

const TEAM = 'T0ROTATE1';
const HR = 'UROTHR0001';
const HOUR = 3_600_000;
const clients = ['UROTCLI001', 'UROTCLI002', 'UROTCLI003', 'UROTCLI004'];
const SPONSOR = 'UROTSPON01';
const COACH = 'UROTCOACH1';

let h: DistributionHarness;

const start = (client: string) =>
  h.command(TEAM, HR, `start client:<@${client}> sponsor:<@${SPONSOR}> coach:<@${COACH}>`);
const refreshes = () => h.cloud.grants.filter((g) => g.grant === 'refresh_token');

beforeAll(async () => {
  h = await startDistributionHarness({
    workspaces: [
      {
        teamId: TEAM,
        teamName: 'Rotating',
        botUserId: 'U0BOTROT01',
        users: [HR, SPONSOR, COACH, ...clients].map((id) => ({ id, name: id.toLowerCase() })),
      },
    ],
    hrAdmins: [HR],
    // token_rotation_enabled: bot tokens live 12 hours, as Slack's do.
    rotationSeconds: 12 * 3600,
  });
  expect((await h.install(TEAM, HR)).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('Slack token rotation under concurrent deliveries', () => {
  it('stores the refresh token and expiry, sealed', async () => {
    const [row] = await h.database.sql<{ token_expires_at: Date; refresh_token_ciphertext: Buffer | null }[]>`
      select token_expires_at, refresh_token_ciphertext from slack_installations`;
    expect(row?.refresh_token_ciphertext).not.toBeNull();
    expect(row?.refresh_token_ciphertext?.toString('latin1')).not.toMatch(/xoxe/);
    expect(row?.token_expires_at.getTime()).toBeGreaterThan(h.core.clock.now().getTime() + 11 * HOUR);
  });

  it('refreshes once, before expiry, while many deliveries run at once; none uses an expired token', async () => {
    await start(clients[0] ?? '');
    await start(clients[1] ?? '');
    // Four minutes before expiry: inside the five-minute margin.
    h.core.clock.advance(12 * HOUR - 4 * 60_000);
    const outcomes = await h.drain({ concurrent: true });
    expect(outcomes.length).toBeGreaterThan(4);
    expect(outcomes.filter((o) => o.outcome === 'failed')).toEqual([]);
    expect(refreshes()).toEqual([{ grant: 'refresh_token', teamId: TEAM, ok: true }]);
    expect(h.cloud.calls.filter((c) => c.error !== undefined)).toEqual([]);
    const [row] = await h.database.sql<
      { token_version: number }[]
    >`select token_version from slack_installations`;
    expect(row?.token_version).toBe(2);
  });

  it('a failed refresh is retried and alerted; the deliveries wait and nothing goes out with the expired token', async () => {
    await start(clients[2] ?? '');
    // Slack's OAuth is down for a while: every refresh fails until it is back.
    h.cloud.failRefreshes(1_000);
    // Past the new token's expiry: it may not be used, and the refresh fails (the quick retry too).
    h.core.clock.advance(12 * HOUR + 60_000);
    const waiting = await h.drain({ concurrent: true });
    expect(waiting.length).toBeGreaterThan(0);
    // Each waits (the ones behind an earlier entry of their space wait for it): none sent, none failed.
    const codes = new Set(waiting.map((o) => (o.outcome === 'retry' ? o.code : o.outcome)));
    expect([...codes].sort()).toEqual(['token_refresh_failed', 'waiting_for_earlier']);
    expect(h.logLines.some((line) => line.includes('"alert":"slack_token_refresh_failed"'))).toBe(true);
    const [row] = await h.database.sql<{ refresh_failures: number; last_refresh_error: string }[]>`
      select refresh_failures, last_refresh_error from slack_installations`;
    expect(row?.refresh_failures).toBeGreaterThan(0);
    expect(row?.last_refresh_error).toBe('internal_error');
    const pending = await h.database.sql<{ attempts: number }[]>`
      select attempts from outbox where status = 'pending'`;
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((e) => e.attempts === 0)).toBe(true);
    expect(h.cloud.calls.filter((c) => c.error === 'token_expired')).toEqual([]);

    // Slack is fine again: the next round refreshes and everything waiting goes out.
    h.cloud.failRefreshes(0);
    h.core.clock.advance(31_000);
    const outcomes = [];
    for (let round = 0; round < 5; round += 1) {
      outcomes.push(...(await h.drain({ concurrent: true })));
      h.core.clock.advance(1_000);
    }
    expect(outcomes.filter((o) => o.outcome === 'failed')).toEqual([]);
    const statuses = await h.database.sql<{ status: string }[]>`select distinct status from outbox`;
    expect(statuses.map((r) => r.status)).toEqual(['sent']);
    expect(refreshes().filter((g) => g.ok)).toHaveLength(2);
    expect(h.cloud.calls.filter((c) => c.error !== undefined)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistributionHarness, startDistributionHarness } from './distribution-harness.js';

/**
 * Slack refuses to renew Triad's rotating token again and again: past REFRESH_ALERT_AFTER refusals in a row the
 * workspace's HR admins are told once (per streak), in a DM, what the workspace admin must do. A refresh that
 * works, or a re-install, ends the streak. Once the token has expired nothing can reach the workspace: the notice
 * waits with every other delivery and goes out when Triad is installed again.
 */
const TEAM = 'T0RENEW01';
const HR = 'URENHR0001';
const HR2 = 'URENHR0002';
const CLIENTS = ['URENCLI001', 'URENCLI002'];
const SPONSOR = 'URENSPON01';
const COACH = 'URENCOACH1';
const HOUR = 3_600_000;
const REFUSED = "Slack refused to renew Triad's access";

let h: DistributionHarness;

const noticesTo = (user: string) =>
  h.cloud
    .workspace(TEAM)
    .messagesIn(user)
    .filter((m) => m.text.includes(REFUSED));
const alerts = async () =>
  h.database.sql<{ told: string; failures: string }[]>`
    select details->>'told' as told, details->>'failures' as failures from audit_log
    where action = 'access_renewal_failing' order by created_at`;
const start = (client: string) =>
  h.command(TEAM, HR, `start client:<@${client}> sponsor:<@${SPONSOR}> coach:<@${COACH}>`);

beforeAll(async () => {
  h = await startDistributionHarness({
    workspaces: [
      {
        teamId: TEAM,
        teamName: 'Renewing',
        botUserId: 'U0BOTREN01',
        users: [HR, HR2, SPONSOR, COACH, ...CLIENTS].map((id) => ({ id, name: id.toLowerCase() })),
      },
    ],
    hrAdmins: [],
    rotationSeconds: 12 * 3600,
  });
  expect((await h.install(TEAM, HR)).status).toBe(200);
  // The installer is the first HR admin and adds a second (not yet known to Triad as a person).
  expect(JSON.stringify(await h.command(TEAM, HR, `admins add <@${HR2}>`))).toContain('is now an HR admin');
  expect(JSON.stringify(await start(CLIENTS[0] ?? ''))).toContain('started for');
  await h.drain();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('a Slack token refresh refused again and again', () => {
  it("tells the HR admins once per streak while the token still works; the refusals' requests still work", async () => {
    h.cloud.failRefreshes(1_000);
    // Inside the refresh margin, not expired: each request tries to refresh, and is refused.
    h.core.clock.advance(12 * HOUR - 4 * 60_000);
    for (let i = 0; i < 5; i += 1) {
      expect(JSON.stringify(await h.command(TEAM, HR, 'list'))).toContain(CLIENTS[0]?.toLowerCase());
    }
    const [row] = await h.database.sql<{ refresh_failures: number }[]>`
      select refresh_failures from slack_installations`;
    expect(row?.refresh_failures).toBe(5);
    expect(await alerts()).toEqual([{ told: '2', failures: '3' }]);
    const outcomes = await h.drain();
    expect(outcomes.filter((o) => o.outcome === 'failed')).toEqual([]);
    expect(noticesTo(HR)).toHaveLength(1);
    expect(noticesTo(HR2)).toHaveLength(1);
    const notice = JSON.stringify(noticesTo(HR)[0]?.blocks);
    expect(notice).toContain('install Triad again');
    expect(notice).toContain('3 attempts in a row');
    // The log still carries the ops alert, with codes and ids only.
    expect(h.logLines.some((line) => line.includes('"alert":"slack_token_refresh_failed"'))).toBe(true);
    expect(h.logLines.some((line) => line.includes('xoxb-') || line.includes('xoxe-'))).toBe(false);
  });

  it('a refresh that works ends the streak; the next streak tells them again', async () => {
    h.cloud.failRefreshes(0);
    await h.command(TEAM, HR, 'list');
    const [fresh] = await h.database.sql<{ refresh_failures: number }[]>`
      select refresh_failures from slack_installations`;
    expect(fresh?.refresh_failures).toBe(0);
    h.cloud.failRefreshes(1_000);
    h.core.clock.advance(12 * HOUR - 4 * 60_000);
    for (let i = 0; i < 3; i += 1) await h.command(TEAM, HR, 'list');
    expect(await alerts()).toHaveLength(2);
    await h.drain();
    expect(noticesTo(HR)).toHaveLength(2);
    expect(noticesTo(HR2)).toHaveLength(2);
  });

  it('once the token has expired the notice waits with every delivery, and goes out after a re-install', async () => {
    // A re-install starts afresh (new token, no streak); its token then expires with Slack refusing to renew it.
    // (Bolt dates the new token by the real clock, far behind the test's: its first use refreshes it.)
    h.cloud.failRefreshes(0);
    expect((await h.install(TEAM, HR)).status).toBe(200);
    const [fresh] = await h.database.sql<{ refresh_failures: number }[]>`
      select refresh_failures from slack_installations`;
    expect(fresh?.refresh_failures).toBe(0);
    await h.drain();
    expect(JSON.stringify(await start(CLIENTS[1] ?? ''))).toContain('started for');
    h.cloud.failRefreshes(1_000);
    h.core.clock.advance(12 * HOUR + 60_000);
    const callsBefore = h.cloud.calls.length;
    for (let round = 0; round < 10 && (await alerts()).length < 3; round += 1) {
      const outcomes = await h.drain();
      expect(outcomes.filter((o) => o.outcome === 'failed' || o.outcome === 'sent')).toEqual([]);
      h.core.clock.advance(31_000);
    }
    expect(await alerts()).toHaveLength(3);
    await h.drain();
    // Nothing went out with the expired token; the notices wait, no attempt used.
    expect(h.cloud.calls.slice(callsBefore)).toEqual([]);
    const waiting = await h.database.sql<
      { status: string; attempts: number; last_error_code: string | null }[]
    >`
      select status, attempts, last_error_code from outbox where status <> 'sent'`;
    expect(waiting.length).toBeGreaterThan(2);
    expect(waiting.every((e) => e.status === 'pending' && e.attempts === 0)).toBe(true);
    expect(noticesTo(HR)).toHaveLength(2);

    // A workspace admin installs Triad again: everything waiting goes out, the notice among it.
    h.cloud.failRefreshes(0);
    expect((await h.install(TEAM, HR)).status).toBe(200);
    const outcomes = await h.drain();
    expect(outcomes.filter((o) => o.outcome === 'failed')).toEqual([]);
    const statuses = await h.database.sql<{ status: string }[]>`select distinct status from outbox`;
    expect(statuses.map((r) => r.status)).toEqual(['sent']);
    expect(noticesTo(HR)).toHaveLength(3);
    expect(noticesTo(HR2)).toHaveLength(3);
    const back = h.cloud
      .workspace(TEAM)
      .messagesIn(HR)
      .filter((m) => m.text.includes('reinstalled'));
    expect(back.length).toBeGreaterThan(0);
    const [row] = await h.database.sql<{ refresh_failures: number }[]>`
      select refresh_failures from slack_installations`;
    expect(row?.refresh_failures).toBe(0);
  });
});

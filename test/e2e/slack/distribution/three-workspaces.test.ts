import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockActionsPayload } from '../../../support/fake-slack/interaction-payloads.js';
import { eventBody, interactionBody } from '../../../support/slack-signing.js';
import { controlsIn } from '../slack-walk.js';
import { type DistributionHarness, startDistributionHarness } from './distribution-harness.js';

const teams = ['A', 'B', 'C'] as const;
type Team = (typeof teams)[number];
const teamId = (t: Team) => `T0TEAM00${t}`;
const person = (t: Team, role: string) => `U${t}${role.toUpperCase()}`.padEnd(10, '0');
const people = (t: Team) => ({
  hr: person(t, 'hr'),
  client: person(t, 'client'),
  sponsor: person(t, 'spons'),
  coach: person(t, 'coach'),
});

let h: DistributionHarness;

const engagementOf = async (t: Team) =>
  (
    await h.database.sql<{ id: string; stage: string; organisation: string }[]>`
      select e.id, e.stage, o.platform_tenant_id as organisation from engagements e
      join organisations o on o.id = e.organisation_id
      join people p on p.id = e.client_id where p.platform_user_id = ${people(t).client}`
  )[0];
const dmTexts = (t: Team) =>
  h.cloud
    .workspace(teamId(t))
    .messagesIn(people(t).client)
    .map((m) => m.text);

beforeAll(async () => {
  h = await startDistributionHarness({
    workspaces: teams.map((t) => ({
      teamId: teamId(t),
      teamName: `Workspace ${t}`,
      botUserId: `U0BOT000${t}`,
      users: Object.entries(people(t)).map(([role, id]) => ({ id, name: `${role}-${t.toLowerCase()}` })),
    })),
    // No HR_ADMINS: each workspace's HR rights come from installing Triad (the installer is its first admin).
    hrAdmins: [],
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('Slack distribution: three workspaces install Triad and stay apart', () => {
  it('each installs through /slack/install, Slack authorize and /slack/oauth_redirect; tokens are sealed', async () => {
    for (const t of teams) {
      const done = await h.install(teamId(t), people(t).hr);
      expect(done.status).toBe(200);
    }
    const admins = await h.database.sql<{ platform_tenant_id: string; platform_user_id: string }[]>`
      select o.platform_tenant_id, a.platform_user_id from organisation_admins a
      join organisations o on o.id = a.organisation_id order by o.platform_tenant_id`;
    expect(admins.map((a) => [a.platform_tenant_id, a.platform_user_id])).toEqual(
      teams.map((t) => [teamId(t), people(t).hr]),
    );
    const rows = await h.database.sql<
      { team_id: string; installer_user_id: string; bot_token_ciphertext: Buffer }[]
    >`
      select team_id, installer_user_id, bot_token_ciphertext from slack_installations order by team_id`;
    expect(rows.map((r) => [r.team_id, r.installer_user_id])).toEqual(
      teams.map((t) => [teamId(t), people(t).hr]),
    );
    const issued = h.cloud.calls.length; // none yet beyond auth.test; tokens are not stored in clear
    expect(issued).toBeGreaterThan(0);
    for (const row of rows) expect(row.bot_token_ciphertext.toString('latin1')).not.toMatch(/xoxb-/);
  });

  it('a redirect whose state was not issued to this browser installs nothing', async () => {
    const before = await h.database.sql`select 1 from slack_installations`;
    const forged = await fetch(`${h.base}/slack/oauth_redirect?code=x&state=forged`, { redirect: 'manual' });
    expect(forged.status).not.toBe(200);
    expect((await h.database.sql`select 1 from slack_installations`).length).toBe(before.length);
  });

  it("each HR starts an engagement; every Web API call uses that workspace's own token", async () => {
    for (const t of ['A', 'C'] as const) {
      const p = people(t);
      const replies = await h.command(
        teamId(t),
        p.hr,
        `start client:<@${p.client}> sponsor:<@${p.sponsor}> coach:<@${p.coach}>`,
      );
      expect(JSON.stringify(replies)).toContain('started for');
    }
    const outcomes = await h.drain();
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((o) => o.outcome === 'sent')).toBe(true);
    for (const t of ['A', 'C'] as const) {
      expect(dmTexts(t).join()).toContain('Your coaching engagement has started');
      expect((await engagementOf(t))?.organisation).toBe(teamId(t));
    }
    // Nothing of A's reached C's workspace, nor the reverse.
    expect(h.cloud.workspace(teamId('C')).messagesIn(people('A').client)).toEqual([]);
    expect(h.cloud.calls.filter((c) => c.error !== undefined)).toEqual([]);
  });

  it("A's HR lists only A's engagements and cannot touch C's client", async () => {
    const list = JSON.stringify(await h.command(teamId('A'), people('A').hr, 'list'));
    expect(list).toContain('client-a');
    expect(list).not.toContain('client-c');
    const before = await engagementOf('C');
    const pause = JSON.stringify(
      await h.command(teamId('A'), people('A').hr, `pause <@${people('C').client}>`),
    );
    expect(pause).not.toMatch(/paused/i);
    expect((await engagementOf('C'))?.stage).toBe(before?.stage);
  });

  it("A's meeting picker replayed by C's client in C's signed request changes nothing", async () => {
    const dm = h.cloud.workspace(teamId('A')).messagesIn(people('A').client);
    const picker = controlsIn(dm).find((c) => c.actionId === 'meeting.schedule');
    expect(picker).toBeDefined();
    const snapshot = async () =>
      JSON.stringify([
        await h.database.sql`select * from engagements order by id`,
        await h.database.sql`select * from meetings order by id`,
        await h.database.sql`select count(*)::int as n from outbox`,
      ]);
    const before = await snapshot();
    const messagesBefore = h.cloud.workspace(teamId('A')).messages.length;
    const key = randomUUID();
    const response = await h.post(
      interactionBody(
        blockActionsPayload({
          user_id: people('C').client,
          team_id: teamId('C'),
          channel_id: picker?.channel ?? '',
          response_url: h.sink.urlFor(key),
          action: {
            action_id: picker?.actionId ?? '',
            type: picker?.type ?? 'datetimepicker',
            ...(picker?.blockId ? { block_id: picker.blockId } : {}),
            selected_date_time: Math.floor(h.core.clock.now().getTime() / 1000) + 3 * 86_400,
          },
        }),
      ),
    );
    expect(response.status).toBe(200);
    expect(await snapshot()).toBe(before);
    expect(h.cloud.workspace(teamId('A')).messages.length).toBe(messagesBefore);
    // C's client is told it is not theirs, privately; nothing is said in A.
    expect(JSON.stringify(h.sink.postsTo(key).map((p) => p.body))).not.toBe('[]');
  });

  it("B's uninstall stops B's deliveries: nothing sent with B's revoked token, nothing lost for A, B or C", async () => {
    const p = people('B');
    await h.command(
      teamId('B'),
      p.hr,
      `start client:<@${p.client}> sponsor:<@${p.sponsor}> coach:<@${p.coach}>`,
    );
    const bEngagement = await engagementOf('B');
    expect(bEngagement).toBeDefined();
    // Slack revokes B's tokens and tells Triad.
    h.cloud.uninstall(teamId('B'));
    const event = await h.post(
      eventBody(
        { type: 'app_uninstalled', event_ts: `${Date.now() / 1000}` },
        { team_id: teamId('B'), event_id: `Ev${randomUUID()}` },
      ),
    );
    expect(event.status).toBe(200);
    const [row] = await h.database.sql<{ uninstalled_at: Date | null }[]>`
      select uninstalled_at from slack_installations where team_id = ${teamId('B')}`;
    expect(row?.uninstalled_at).not.toBeNull();
    // A's HR starts another engagement meanwhile; it goes out.
    const callsBefore = h.cloud.calls.length;
    const outcomes = await h.drain();
    expect(outcomes.some((o) => o.outcome === 'retry' && o.code === 'workspace_uninstalled')).toBe(true);
    expect(outcomes.some((o) => o.outcome === 'failed')).toBe(false);
    const held = await h.database.sql<{ status: string; attempts: number; last_error_code: string }[]>`
      select status, attempts, last_error_code from outbox where engagement_id = ${bEngagement?.id ?? ''}`;
    expect(held.length).toBeGreaterThan(0);
    expect(held.every((e) => e.status === 'pending' && e.attempts === 0)).toBe(true);
    expect(held.every((e) => e.last_error_code === 'workspace_uninstalled')).toBe(true);
    // Not one call was made for B (no call with a revoked token, no refused call at all).
    expect(h.cloud.calls.slice(callsBefore).filter((c) => c.error !== undefined)).toEqual([]);
    expect(h.cloud.calls.slice(callsBefore).some((c) => c.teamId === teamId('B'))).toBe(false);
    expect(dmTexts('B')).toEqual([]);
  });

  it('re-installing B resumes its deliveries at once with the new token, keeps its engagement and tells its HR', async () => {
    const before = await engagementOf('B');
    const [{ held } = { held: 0 }] = await h.database.sql<{ held: number }[]>`
      select count(*)::int as held from outbox where status = 'pending' and last_error_code = 'workspace_uninstalled'`;
    expect(held).toBeGreaterThan(1);
    const back = await h.install(teamId('B'), people('B').hr);
    expect(back.status).toBe(200);
    // No waiting for the held entries' next look: they are due the moment B is back.
    const outcomes = await h.drain();
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((o) => o.outcome === 'sent')).toBe(true);
    expect(dmTexts('B').join()).toContain('Your coaching engagement has started');
    expect((await engagementOf('B'))?.id).toBe(before?.id);
    expect(h.cloud.calls.filter((c) => c.error !== undefined)).toEqual([]);
    // B's HR admin reads, in their DM, that Triad is back and how many held messages go out: a count only.
    const hrTexts = JSON.stringify(h.cloud.workspace(teamId('B')).messagesIn(people('B').hr));
    expect(hrTexts).toContain('Triad was reinstalled');
    expect(hrTexts).toContain(`The ${held} messages held while it was away now go out.`);
    // Nobody in A or C is told anything about B.
    for (const t of ['A', 'C'] as const) {
      expect(JSON.stringify(h.cloud.workspace(teamId(t)).messagesIn(people(t).hr))).not.toContain(
        'reinstalled',
      );
    }
  });
});

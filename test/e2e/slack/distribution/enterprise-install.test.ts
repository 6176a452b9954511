import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFirstAdmin } from '../../../../src/use-cases/admins/make-first-admin.js';
import { type DistributionHarness, startDistributionHarness } from './distribution-harness.js';

/**
 * Enterprise Grid: one org-wide installation (`org_deploy_enabled`, `is_enterprise_install`) serves two
 * workspaces of the enterprise. Each request resolves its own workspace and organisation, the workers post with
 * the enterprise's token naming the right workspace, and neither workspace's HR sees the other's engagements.
 */
const ENTERPRISE = 'E0GRID0001';
const teams = ['A', 'B'] as const;
type Team = (typeof teams)[number];
const teamId = (t: Team) => `T0GRID000${t}`;
const person = (t: Team, role: string) => `U${t}${role.toUpperCase()}`.padEnd(10, '0');
const people = (t: Team) => ({
  hr: person(t, 'hr'),
  client: person(t, 'client'),
  sponsor: person(t, 'spons'),
  coach: person(t, 'coach'),
});
const orgWide = { enterpriseId: ENTERPRISE };

let h: DistributionHarness;

beforeAll(async () => {
  h = await startDistributionHarness({
    workspaces: teams.map((t) => ({
      teamId: teamId(t),
      teamName: `Grid ${t}`,
      // An org-wide app has one bot user across the enterprise.
      botUserId: 'U0GRIDBOT1',
      users: Object.entries(people(t)).map(([role, id]) => ({ id, name: `${role}-${t.toLowerCase()}` })),
    })),
    enterprises: [{ enterpriseId: ENTERPRISE, name: 'Grid Corp', teamIds: teams.map(teamId) }],
    hrAdmins: [],
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const organisationOfEngagement = async (t: Team) =>
  (
    await h.database.sql<{ organisation: string }[]>`
      select o.platform_tenant_id as organisation from engagements e
      join organisations o on o.id = e.organisation_id
      join people p on p.id = e.client_id where p.platform_user_id = ${people(t).client}`
  )[0]?.organisation;

describe('Slack Enterprise Grid: one org-wide installation, two workspaces', () => {
  it('is stored once for the enterprise, with no workspace of its own', async () => {
    expect((await h.installOrgWide(ENTERPRISE, 'U0GRIDADM1')).status).toBe(200);
    const rows = await h.database.sql<
      { installation_key: string; team_id: string | null; is_enterprise_install: boolean }[]
    >`select installation_key, team_id, is_enterprise_install from slack_installations`;
    expect(rows).toEqual([
      { installation_key: `E:${ENTERPRISE}`, team_id: null, is_enterprise_install: true },
    ]);
    // Each workspace's first HR admin is named in the product (an org-wide install names no workspace).
    for (const t of teams) {
      await makeFirstAdmin(
        {
          organisation: { platform: 'slack', tenantId: teamId(t) },
          installer: { platformUserId: people(t).hr },
        },
        h.core,
      );
    }
  });

  it("each workspace's HR starts an engagement; the workers post with the enterprise token to that workspace", async () => {
    for (const t of teams) {
      const p = people(t);
      const replies = await h.command(
        teamId(t),
        p.hr,
        `start client:<@${p.client}> sponsor:<@${p.sponsor}> coach:<@${p.coach}>`,
        orgWide,
      );
      expect(JSON.stringify(replies)).toContain('started for');
    }
    const callsBefore = h.cloud.calls.length;
    const outcomes = await h.drain();
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((o) => o.outcome === 'sent')).toBe(true);
    const calls = h.cloud.calls.slice(callsBefore);
    expect(calls.filter((c) => c.error !== undefined)).toEqual([]);
    // One token for both, each call naming its workspace.
    expect(new Set(calls.map((c) => c.token)).size).toBe(1);
    expect(new Set(calls.map((c) => c.teamId))).toEqual(new Set(teams.map(teamId)));
    for (const t of teams) {
      const own = h.cloud.workspace(teamId(t)).messagesIn(people(t).client);
      expect(own.map((m) => m.text).join()).toContain('Your coaching engagement has started');
      expect(await organisationOfEngagement(t)).toBe(teamId(t));
    }
    expect(h.cloud.workspace(teamId('B')).messagesIn(people('A').client)).toEqual([]);
    const remembered = await h.database.sql<{ team_id: string; enterprise_id: string }[]>`
      select team_id, enterprise_id from slack_enterprise_teams order by team_id`;
    expect(remembered.map((r) => [r.team_id, r.enterprise_id])).toEqual(
      teams.map((t) => [teamId(t), ENTERPRISE]),
    );
  });

  it("A's engagements are not visible from B, nor B's from A", async () => {
    const fromA = JSON.stringify(await h.command(teamId('A'), people('A').hr, 'list', orgWide));
    const fromB = JSON.stringify(await h.command(teamId('B'), people('B').hr, 'list', orgWide));
    expect(fromA).toContain('client-a');
    expect(fromA).not.toContain('client-b');
    expect(fromB).toContain('client-b');
    expect(fromB).not.toContain('client-a');
    // A's HR has no rights in B.
    const pause = JSON.stringify(
      await h.command(teamId('B'), people('A').hr, `pause <@${people('B').client}>`, orgWide),
    );
    expect(pause).not.toMatch(/paused/i);
  });
});

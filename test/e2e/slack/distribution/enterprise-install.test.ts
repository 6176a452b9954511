import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistributionHarness, startDistributionHarness } from './distribution-harness.js';

/**
 * Enterprise Grid: one org-wide installation (`org_deploy_enabled`, `is_enterprise_install`) serves two
 * workspaces of the enterprise. Each request resolves its own workspace and organisation, the workers post with
 * the enterprise's token naming the right workspace, and neither workspace's HR sees the other's engagements.
 */
const ENTERPRISE = 'E0GRID0001';
/** The enterprise admin who installs Triad for the whole organisation: a member of every workspace of it. */
const INSTALLER = 'U0GRIDADM1';
const teams = ['A', 'B'] as const;
type Team = (typeof teams)[number];
const teamId = (t: Team | 'C') => `T0GRID000${t}`;
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
  const installer = { id: INSTALLER, name: 'grid-admin' };
  h = await startDistributionHarness({
    workspaces: [
      ...teams.map((t) => ({
        teamId: teamId(t),
        teamName: `Grid ${t}`,
        // An org-wide app has one bot user across the enterprise.
        botUserId: 'U0GRIDBOT1',
        users: [
          installer,
          ...Object.entries(people(t)).map(([role, id]) => ({ id, name: `${role}-${t.toLowerCase()}` })),
        ],
      })),
      // A workspace the enterprise's admins grant Triad later (team_access_granted).
      { teamId: teamId('C'), teamName: 'Grid C', botUserId: 'U0GRIDBOT1', users: [installer] },
    ],
    enterprises: [
      { enterpriseId: ENTERPRISE, name: 'Grid Corp', teamIds: [...teams.map(teamId), teamId('C')] },
    ],
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
    expect((await h.installOrgWide(ENTERPRISE, INSTALLER)).status).toBe(200);
    const rows = await h.database.sql<
      { installation_key: string; team_id: string | null; is_enterprise_install: boolean }[]
    >`select installation_key, team_id, is_enterprise_install from slack_installations`;
    expect(rows).toEqual([
      { installation_key: `E:${ENTERPRISE}`, team_id: null, is_enterprise_install: true },
    ]);
  });

  it("the installer is each workspace's first HR admin from its first request, told once; nobody else is", async () => {
    for (const t of teams) {
      // Someone else is first to use Triad in the workspace: no rights, and the installer becomes its admin.
      const refused = JSON.stringify(await h.command(teamId(t), people(t).hr, 'admins', orgWide));
      expect(refused).toContain('Only HR programme owners');
      const listed = JSON.stringify(await h.command(teamId(t), INSTALLER, 'admins', orgWide));
      expect(listed).toContain('grid-admin');
      expect(listed).toContain('installed Triad');
      // The last admin cannot be removed.
      const kept = JSON.stringify(
        await h.command(teamId(t), INSTALLER, `admins remove <@${INSTALLER}>`, orgWide),
      );
      expect(kept).toContain('the last HR admin');
      const added = JSON.stringify(
        await h.command(teamId(t), INSTALLER, `admins add <@${people(t).hr}>`, orgWide),
      );
      expect(added).toContain('is now an HR admin');
    }
    const audits = await h.database.sql<{ organisation: string; user_id: string }[]>`
      select o.platform_tenant_id as organisation, a.details->>'platformUserId' as user_id
      from audit_log a join organisations o on o.id = (a.details->>'organisationId')::uuid
      where a.action = 'hr_admin_added' and a.details->>'first' = 'true' and a.details->>'orgWide' = 'true'
      order by o.platform_tenant_id`;
    expect(audits).toEqual(teams.map((t) => ({ organisation: teamId(t), user_id: INSTALLER })));
    await h.drain();
    for (const t of teams) {
      const told = h.cloud.workspace(teamId(t)).messagesIn(INSTALLER);
      expect(told.map((m) => m.text)).toEqual([expect.stringContaining('first HR admin of this workspace')]);
    }
    // Asked again, nothing more: no second admin row, no second DM.
    await h.command(teamId('A'), INSTALLER, 'admins', orgWide);
    await h.drain();
    expect(h.cloud.workspace(teamId('A')).messagesIn(INSTALLER)).toHaveLength(1);
  });

  it('an HR admin is never a coach, and rights are checked on each request', async () => {
    const p = people('B');
    const coach = JSON.stringify(
      await h.command(
        teamId('B'),
        p.hr,
        `start client:<@${p.client}> sponsor:<@${p.sponsor}> coach:<@${INSTALLER}>`,
        orgWide,
      ),
    );
    expect(coach).toContain('never coaches');
    // B's HR removes the installer; the installer's next request in B has no rights there, A's still does.
    const removed = JSON.stringify(
      await h.command(teamId('B'), p.hr, `admins remove <@${INSTALLER}>`, orgWide),
    );
    expect(removed).toContain('is no longer an HR admin');
    expect(JSON.stringify(await h.command(teamId('B'), INSTALLER, 'admins', orgWide))).toContain(
      'Only HR programme owners',
    );
    expect(JSON.stringify(await h.command(teamId('A'), INSTALLER, 'admins', orgWide))).toContain(
      'installed Triad',
    );
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

describe('Slack Enterprise Grid: a workspace granted to the org-wide install later', () => {
  it('on team_access_granted the installer becomes its first HR admin and is told, before anyone there uses Triad', async () => {
    const event = await h.post({
      contentType: 'application/json',
      body: JSON.stringify({
        token: 'fake-verification-token',
        enterprise_id: ENTERPRISE,
        api_app_id: 'A0TRIAD00',
        event: { type: 'team_access_granted', team_ids: [teamId('C')] },
        type: 'event_callback',
        event_id: `Ev${randomUUID()}`,
        event_time: Math.floor(Date.now() / 1000),
        is_enterprise_install: true,
        authorizations: [
          {
            enterprise_id: ENTERPRISE,
            team_id: null,
            user_id: 'U0GRIDBOT1',
            is_bot: true,
            is_enterprise_install: true,
          },
        ],
      }),
    });
    expect(event.status).toBe(200);
    const admins = await h.database.sql<{ user_id: string }[]>`
      select a.platform_user_id as user_id from organisation_admins a
      join organisations o on o.id = a.organisation_id where o.platform_tenant_id = ${teamId('C')}`;
    expect(admins).toEqual([{ user_id: INSTALLER }]);
    await h.drain();
    const told = h.cloud.workspace(teamId('C')).messagesIn(INSTALLER);
    expect(told.map((m) => m.text)).toEqual([expect.stringContaining('first HR admin of this workspace')]);
    expect(JSON.stringify(await h.command(teamId('C'), INSTALLER, 'admins', orgWide))).toContain(
      'grid-admin',
    );
  });
});

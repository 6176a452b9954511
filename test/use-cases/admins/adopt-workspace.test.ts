import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../../src/engagement/records.js';
import { resolveActor } from '../../../src/use-cases/actor.js';
import { adoptWorkspace } from '../../../src/use-cases/admins/adopt-workspace.js';
import { addAdmin } from '../../../src/use-cases/admins/manage-admins.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { noteAccessFailing } from '../../../src/use-cases/installations/note-access-failing.js';
import { createTestCore, type TestCore } from '../../support/core-deps.js';
import { createInMemoryUnitOfWork, type InMemoryUnitOfWork } from '../../support/in-memory-store/index.js';
import { decodeOutboxEntry } from '../../support/outbox-reader.js';
import { actor } from '../hr/triad-fixture.js';

function world(hrAdmins: string[] = []): { core: TestCore; uow: InMemoryUnitOfWork } {
  const uow = createInMemoryUnitOfWork();
  const core = createTestCore({ uow, settings: { hrAdmins } });
  for (const [id, name] of [
    ['UIDA', 'Ida'],
    ['UBEN', 'Ben'],
    ['UJANE', 'Jane'],
    ['USAM', 'Sam'],
    ['UHR', 'Hana'],
  ] as const)
    core.directory.add({ platformUserId: id, displayName: name, timeZone: 'Europe/London' });
  return { core, uow };
}

const adopt = (core: TestCore, installer = 'UIDA') =>
  adoptWorkspace(
    { organisation: { platform: 'slack', tenantId: 'T1' }, installer: { platformUserId: installer } },
    core,
  );

/** The outbox's direct messages (admin class), decoded: to whom, and their text. */
const directMessages = (core: TestCore, uow: InMemoryUnitOfWork) =>
  uow
    .dumpRows()
    .filter((r) => r.table === 'outbox')
    .map((r) => decodeOutboxEntry(core.cipher, r.row as unknown as OutboxEntry))
    .filter((row) => row.message?.destination.kind === 'hr');

const audits = (uow: InMemoryUnitOfWork, action: string) =>
  uow
    .dumpRows()
    .filter((r) => r.table === 'audit' && r.row.action === action)
    .map((r) => r.row.details);

describe('a workspace of an org-wide install, as Triad first hears from it', () => {
  it("makes the enterprise's installer its first HR admin, audited, and tells them once in a DM", async () => {
    const { core, uow } = world();
    const made = await adopt(core);
    expect(made.madeFirstAdmin).toBe(true);
    expect((await resolveActor(core.uow.read, core, actor('UIDA'))).isHrAdmin).toBe(true);
    expect(audits(uow, 'hr_admin_added')).toEqual([
      expect.objectContaining({ platformUserId: 'UIDA', first: true, orgWide: true }),
    ]);
    const dms = directMessages(core, uow);
    expect(dms).toHaveLength(1);
    expect(dms[0]?.text).toContain('first HR admin of this workspace');
    const ida = await core.uow.read.people.findByPlatformUser(made.organisationId, 'UIDA');
    expect(dms[0]?.message?.destination).toMatchObject({ kind: 'hr', personId: ida?.id });
    // Heard from again: nothing changes, nobody is looked up, no second DM.
    const again = await adopt(core, 'UBEN');
    expect(again).toMatchObject({ madeFirstAdmin: false, reason: 'has_admins' });
    expect(directMessages(core, uow)).toHaveLength(1);
    expect((await resolveActor(core.uow.read, core, actor('UBEN'))).isHrAdmin).toBe(false);
  });

  it('never makes someone who coaches in the organisation its HR admin', async () => {
    // An organisation run by configured HR (HR_ADMINS) where the installer coaches, with no admin list yet.
    const { core, uow } = world(['UHR']);
    await startEngagement(
      { actor: actor('UHR'), clientUserId: 'UJANE', sponsorUserId: 'USAM', coachUserIds: ['UIDA'] },
      core,
    );
    const made = await adopt(core);
    expect(made).toMatchObject({ madeFirstAdmin: false, reason: 'coaches_here' });
    expect(await core.uow.read.organisationAdmins.list(made.organisationId)).toEqual([]);
    expect(audits(uow, 'hr_admin_added')).toEqual([]);
  });

  it('refuses an input it cannot read and makes nothing', async () => {
    const { core } = world();
    await expect(
      adoptWorkspace(
        { organisation: { platform: 'slack', tenantId: '' }, installer: { platformUserId: 'UIDA' } },
        core,
      ),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await core.uow.read.organisations.findByTenant('slack', '')).toBeUndefined();
  });
});

describe('Slack refusing to renew access', () => {
  it('tells each HR admin once per streak, looking up those not yet known; counts the unreachable', async () => {
    const { core, uow } = world();
    await adopt(core);
    await addAdmin({ actor: actor('UIDA'), platformUserId: 'UBEN' }, core);
    await addAdmin({ actor: actor('UIDA'), platformUserId: 'UHR' }, core);
    // Hana has left the workspace meanwhile: she cannot be looked up, and is not told.
    core.directory.add({ platformUserId: 'UHR', displayName: 'Hana', deleted: true });
    const input = { platform: 'slack' as const, tenantId: 'T1', failures: 3, streak: 's1' };
    expect(await noteAccessFailing(input, core)).toEqual({ told: 2, unknown: 1 });
    expect(await noteAccessFailing(input, core)).toEqual({ told: 2, unknown: 1 });
    const notices = directMessages(core, uow).filter((row) => row.text.includes('refused to renew'));
    expect(notices).toHaveLength(2);
    expect(notices[0]?.text).toContain('install Triad again');
    expect(audits(uow, 'access_renewal_failing')[0]).toEqual({
      organisationId: expect.any(String),
      failures: 3,
      told: 2,
      unknown: 1,
    });
    // A new streak: told again.
    await noteAccessFailing({ ...input, streak: 's2' }, core);
    expect(directMessages(core, uow).filter((row) => row.text.includes('refused to renew'))).toHaveLength(4);
  });

  it('does nothing for a workspace Triad has never met', async () => {
    const { core } = world();
    const told = await noteAccessFailing(
      { platform: 'slack', tenantId: 'T9', failures: 3, streak: 's1' },
      core,
    );
    expect(told).toEqual({ told: 0, unknown: 0 });
  });
});

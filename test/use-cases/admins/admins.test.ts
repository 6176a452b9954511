import { describe, expect, it } from 'vitest';
import { localDialect } from '../../../adapters/local/local-coaching-command.js';
import { runCommand } from '../../../src/commands/run-command.js';
import { resolveActor } from '../../../src/use-cases/actor.js';
import { makeFirstAdmin } from '../../../src/use-cases/admins/make-first-admin.js';
import { addAdmin, listAdmins, removeAdmin } from '../../../src/use-cases/admins/manage-admins.js';
import { listEngagements } from '../../../src/use-cases/hr/list-engagements.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { createTestCore, type TestCore } from '../../support/core-deps.js';
import { createInMemoryUnitOfWork, type InMemoryUnitOfWork } from '../../support/in-memory-store/index.js';
import { replyText } from '../../support/outbox-reader.js';
import { actor } from '../hr/triad-fixture.js';

const ida = actor('UIDA');
const ben = actor('UBEN');
const cal = actor('UCAL');

/** A workspace installed through OAuth: no configured admins, Ida installed Triad. */
async function installed(): Promise<{ core: TestCore; uow: InMemoryUnitOfWork }> {
  const uow = createInMemoryUnitOfWork();
  const core = createTestCore({ uow, settings: { hrAdmins: [] } });
  for (const [id, name] of [
    ['UIDA', 'Ida'],
    ['UBEN', 'Ben'],
    ['UCAL', 'Cal'],
    ['UJANE', 'Jane'],
    ['USAM', 'Sam'],
    ['UKIM', 'Kim'],
  ] as const)
    core.directory.add({ platformUserId: id, displayName: name, timeZone: 'Europe/London' });
  core.directory.add({ platformUserId: 'UBOT', displayName: 'Robo', isBot: true });
  await makeFirstAdmin(
    {
      organisation: { platform: 'slack', tenantId: 'T1', name: 'Acme' },
      installer: { platformUserId: 'UIDA' },
    },
    core,
  );
  return { core, uow };
}

const isHr = async (core: TestCore, who: typeof ida) =>
  (await resolveActor(core.uow.read, core, who)).isHrAdmin;

const auditActions = (uow: InMemoryUnitOfWork) =>
  uow
    .dumpRows()
    .filter((r) => r.table === 'audit' && String(r.row.action).startsWith('hr_admin'))
    .map((r) => ({ action: r.row.action, details: r.row.details }));

describe('the first HR admin', () => {
  it('is whoever installs Triad, once: a second install changes nobody’s rights', async () => {
    const { core, uow } = await installed();
    expect(await isHr(core, ida)).toBe(true);
    const again = await makeFirstAdmin(
      { organisation: { platform: 'slack', tenantId: 'T1' }, installer: { platformUserId: 'UBEN' } },
      core,
    );
    expect(again.madeFirstAdmin).toBe(false);
    expect(await isHr(core, ben)).toBe(false);
    expect((await core.uow.read.organisations.findByTenant('slack', 'T1'))?.name).toBe('Acme');
    expect(auditActions(uow)).toEqual([
      { action: 'hr_admin_added', details: expect.objectContaining({ platformUserId: 'UIDA', first: true }) },
    ]);
  });

  it('has rights over their own organisation only', async () => {
    const { core } = await installed();
    expect(await isHr(core, { ...ida, tenantId: 'T2' })).toBe(false);
    expect(await isHr(core, { ...ida, platform: 'teams' })).toBe(false);
  });

  it('refuses an installation it cannot read and makes nothing', async () => {
    const core = createTestCore({ settings: { hrAdmins: [] } });
    await expect(
      makeFirstAdmin(
        { organisation: { platform: 'slack', tenantId: '' }, installer: { platformUserId: 'U1' } },
        core,
      ),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await core.uow.read.organisations.findByTenant('slack', '')).toBeUndefined();
  });
});

describe('admins add and remove', () => {
  it('adds an admin who has HR rights from their next request, lists them, audits it', async () => {
    const { core, uow } = await installed();
    expect(await isHr(core, ben)).toBe(false);
    await expect(listEngagements({ actor: ben }, core)).rejects.toMatchObject({ code: 'not_authorised' });
    const added = await addAdmin({ actor: ida, platformUserId: 'UBEN' }, core);
    expect(replyText(added.reply)).toContain('Ben is now an HR admin.');
    expect(replyText(added.reply)).toContain('Ida — installed Triad');
    expect(replyText(added.reply)).toContain('Ben — added by Ida');
    expect(await isHr(core, ben)).toBe(true);
    await expect(listEngagements({ actor: ben }, core)).resolves.toBeDefined();
    const again = await addAdmin({ actor: ida, platformUserId: 'UBEN' }, core);
    expect(replyText(again.reply)).toContain('Ben is already an HR admin.');
    expect(auditActions(uow).map((a) => a.action)).toEqual(['hr_admin_added', 'hr_admin_added']);
  });

  it('removes an admin, whose rights end on their very next request, audited with what the row said', async () => {
    const { core, uow } = await installed();
    await addAdmin({ actor: ida, platformUserId: 'UBEN' }, core);
    const removed = await removeAdmin({ actor: ben, platformUserId: 'UIDA' }, core);
    expect(replyText(removed.reply)).toContain('Ida is no longer an HR admin.');
    expect(await isHr(core, ida)).toBe(false);
    await expect(listAdmins({ actor: ida }, core)).rejects.toMatchObject({ code: 'not_authorised' });
    expect(auditActions(uow).at(-1)).toEqual({
      action: 'hr_admin_removed',
      details: expect.objectContaining({ platformUserId: 'UIDA', addedByUserId: null, byUserId: 'UBEN' }),
    });
  });

  it('never removes the last admin, with a clear refusal that changes nothing', async () => {
    const { core, uow } = await installed();
    const before = auditActions(uow);
    await expect(removeAdmin({ actor: ida, platformUserId: 'UIDA' }, core)).rejects.toMatchObject({
      code: 'illegal_transition',
      message: 'Ida is the last HR admin of this organisation, so they stay.',
      hint: 'Add another HR admin first; then this one can be removed.',
    });
    expect(await isHr(core, ida)).toBe(true);
    expect(auditActions(uow)).toEqual(before);
  });

  it('refuses anyone without HR rights, and changes nothing', async () => {
    const { core, uow } = await installed();
    const before = auditActions(uow);
    for (const attempt of [
      () => addAdmin({ actor: ben, platformUserId: 'UBEN' }, core),
      () => removeAdmin({ actor: ben, platformUserId: 'UIDA' }, core),
      () => listAdmins({ actor: ben }, core),
      // Ida's rights are over T1 only: in another workspace she is nobody.
      () => addAdmin({ actor: { ...ida, tenantId: 'T2' }, platformUserId: 'UBEN' }, core),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'not_authorised' });
    }
    expect(await isHr(core, ben)).toBe(false);
    expect(auditActions(uow)).toEqual(before);
  });

  it('refuses a bot, someone unknown, someone not an admin, and a coach of a live engagement', async () => {
    const { core } = await installed();
    await expect(addAdmin({ actor: ida, platformUserId: 'UBOT' }, core)).rejects.toMatchObject({
      code: 'bot_user',
    });
    await expect(addAdmin({ actor: ida, platformUserId: 'UNOONE' }, core)).rejects.toMatchObject({
      code: 'unknown_user',
    });
    await expect(removeAdmin({ actor: ida, platformUserId: 'UCAL' }, core)).rejects.toMatchObject({
      code: 'not_found',
      message: 'Cal is not an HR admin of this organisation.',
    });
    await startEngagement(
      { actor: ida, clientUserId: 'UJANE', sponsorUserId: 'USAM', coachUserIds: ['UKIM'] },
      core,
    );
    await expect(addAdmin({ actor: ida, platformUserId: 'UKIM' }, core)).rejects.toMatchObject({
      code: 'same_person_twice',
      message: expect.stringContaining('Kim coaches in an engagement of this organisation'),
    });
    expect(await isHr(core, actor('UKIM'))).toBe(false);
  });

  it('refuses a coach still on the shortlist of a live engagement, not yet chosen (the canary property found it)', async () => {
    const { core } = await installed();
    await startEngagement(
      { actor: ida, clientUserId: 'UJANE', sponsorUserId: 'USAM', coachUserIds: ['UKIM', 'UCAL'] },
      core,
    );
    await expect(addAdmin({ actor: ida, platformUserId: 'UKIM' }, core)).rejects.toMatchObject({
      code: 'same_person_twice',
      message: expect.stringContaining('Kim coaches in an engagement of this organisation'),
    });
    expect(await isHr(core, actor('UKIM'))).toBe(false);
  });

  it('keeps configured admins (HR_ADMINS, single-workspace mode) apart: listed, not removable here', async () => {
    const core = createTestCore({ settings: { hrAdmins: ['UHR'] } });
    core.directory.add({ platformUserId: 'UHR', displayName: 'Harper' });
    core.directory.add({ platformUserId: 'UCAL', displayName: 'Cal' });
    const hr = actor('UHR');
    // The configured admin manages the list before any engagement exists (the organisation is made).
    const added = await addAdmin({ actor: hr, platformUserId: 'UCAL' }, core);
    expect(replyText(added.reply)).toContain('Cal — added by Harper');
    expect(replyText(added.reply)).toContain('Harper — from the server configuration (HR_ADMINS)');
    await expect(removeAdmin({ actor: cal, platformUserId: 'UHR' }, core)).rejects.toMatchObject({
      code: 'not_found',
      message: 'Harper has HR rights from the server configuration (HR_ADMINS), not from this list.',
    });
    expect(await isHr(core, cal)).toBe(true);
  });
});

describe('the admins command, in the one grammar', () => {
  const dialect = localDialect((handle) => ({ ida: 'UIDA', ben: 'UBEN', cal: 'UCAL' })[handle]);

  it('lists, adds and removes through the local dialect', async () => {
    const { core } = await installed();
    const listed = await runCommand('admins', ida, core, dialect);
    if (!('reply' in listed)) throw new Error('no reply');
    expect(replyText(listed.reply)).toContain('Ida — installed Triad');
    await runCommand('admins add @ben', ida, core, dialect);
    expect(await isHr(core, ben)).toBe(true);
    await runCommand('ADMINS Remove @ben', ida, core, dialect);
    expect(await isHr(core, ben)).toBe(false);
  });

  it.each([
    ['admins promote @ben', "I don't understand promote after admins."],
    ['admins add', 'Name the person to add, e.g. /coaching admins add @jane.'],
    ['admins add @ben @cal', "admins doesn't take @cal."],
  ])('refuses %j in words, changing nothing', async (text, message) => {
    const { core } = await installed();
    await expect(runCommand(text, ida, core, dialect)).rejects.toMatchObject({ readable: message });
    expect(await isHr(core, ben)).toBe(false);
  });

  it('refuses someone without HR rights before looking anyone up', async () => {
    const { core } = await installed();
    await expect(runCommand('admins add @cal', ben, core, dialect)).rejects.toMatchObject({
      code: 'not_authorised',
    });
    expect(await isHr(core, cal)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { localDialect } from '../../../adapters/local/local-coaching-command.js';
import { runCommand } from '../../../src/commands/run-command.js';
import { runAction, runForm } from '../../../src/controls/controls.js';
import { composeHome } from '../../../src/use-cases/home/compose-home.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { changeSettings } from '../../../src/use-cases/settings/change-settings.js';
import { createTestCore, type TestCore } from '../../support/core-deps.js';
import { createInMemoryUnitOfWork, type InMemoryUnitOfWork } from '../../support/in-memory-store/index.js';
import { messageControls, replyText } from '../../support/outbox-reader.js';
import { actor, client, hr, sponsor, startTriad } from '../hr/triad-fixture.js';

const dialect = localDialect(
  (handle) => ({ jane2: 'UJANE2', sam2: 'USAM2', kim2: 'UKIM2' })[handle as 'jane2'],
);

const settingsAudits = (uow: InMemoryUnitOfWork) =>
  uow
    .dumpRows()
    .filter((r) => r.table === 'audit' && r.row.action === 'organisation_settings_changed')
    .map((r) => r.row.details);

async function triadOnStore() {
  const uow = createInMemoryUnitOfWork();
  const t = await startTriad({ core: createTestCore({ uow }) });
  for (const [id, name] of [
    ['UJANE2', 'June'],
    ['USAM2', 'Sal'],
    ['UKIM2', 'Kit'],
  ] as const)
    t.core.directory.add({ platformUserId: id, displayName: name, timeZone: undefined });
  return { t, uow };
}

const startSecond = (core: TestCore) =>
  startEngagement(
    { actor: hr, clientUserId: 'UJANE2', sponsorUserId: 'USAM2', coachUserIds: ['UKIM2'] },
    core,
  );

describe('organisation settings', () => {
  it('shows the server defaults until HR sets their own', async () => {
    const { t } = await triadOnStore();
    const shown = await runCommand('settings', hr, t.core, dialect);
    if (!('reply' in shown)) throw new Error('no reply');
    const text = replyText(shown.reply);
    expect(text).toContain('Cadence: weekly (server default)');
    expect(text).toContain('Prompt day: Monday (server default)');
    expect(text).toContain('Working hours: 09:00-18:00, Monday to Friday (server default)');
    expect(messageControls(shown.reply).map((c) => c.actionId)).toEqual(['hr.settings.edit']);
  });

  it('applies HR’s settings to new engagements; existing ones keep theirs; audited', async () => {
    const { t, uow } = await triadOnStore();
    const before = await t.engagement();
    const saved = await runCommand(
      'settings cadence:Fortnightly day:3 time:10:15 weeks:16 retention:60 zone:Asia/Kolkata hours:08:00-16:00',
      hr,
      t.core,
      dialect,
    );
    if (!('reply' in saved)) throw new Error('no reply');
    expect(replyText(saved.reply)).toContain('Saved: cadence, prompt day, prompt time, engagement length');
    expect(await t.engagement()).toEqual(before);
    const organisation = await t.organisation();
    expect(organisation.retentionDays).toBe(60);
    expect(organisation.defaults).toEqual({
      cadence: 'fortnightly',
      promptWeekday: '3',
      promptTime: '10:15',
      weeks: '16',
      timeZone: 'Asia/Kolkata',
      workingHours: '08:00-16:00',
    });
    const second = await startSecond(t.core);
    const started = await t.core.uow.read.engagements.get(second.engagementId);
    expect(started).toMatchObject({
      cadence: 'fortnightly',
      promptWeekday: 3,
      promptTime: '10:15',
      weeks: 16,
      workingHours: '08:00-16:00',
      // June's directory profile has no zone: the organisation's default zone is hers.
      timeZone: 'Asia/Kolkata',
    });
    expect(settingsAudits(uow)).toEqual([
      expect.objectContaining({
        applyToExisting: false,
        engagementsUpdated: 0,
        changed: expect.objectContaining({ retentionDays: '60' }),
      }),
    ]);
  });

  it.each([
    ['settings time:25:00', 'Prompt time must be a 24-hour time like 09:30.'],
    ['settings day:6', 'Prompt day must be a working day from 1 (Monday) to 5 (Friday).'],
    ['settings weeks:3', 'Engagement length must be a whole number of weeks from 4 to 52.'],
    ['settings zone:Mars/Olympus', 'Default time zone must be an IANA time zone like Europe/London.'],
    [
      'settings hours:18:00-09:00',
      'Working hours must be a range of 24-hour times like 09:00-18:00 (start before end), or always.',
    ],
    ['settings cadence:daily time:10:00', 'Cadence must be weekly or fortnightly.'],
    ['settings retention:0', 'Retention must be a whole number of days from 1 to 3650.'],
  ])('refuses %j in words and changes nothing', async (text, message) => {
    const { t, uow } = await triadOnStore();
    const before = await t.organisation();
    await expect(runCommand(text, hr, t.core, dialect)).rejects.toMatchObject({
      code: 'validation_failed',
      message,
    });
    expect(await t.organisation()).toEqual(before);
    expect(settingsAudits(uow)).toEqual([]);
  });

  it('writes nothing, not even the organisation, for a save that changes nothing from a workspace Triad has not met', async () => {
    const uow = createInMemoryUnitOfWork();
    const core = createTestCore({ uow });
    const stranger = { ...hr, tenantId: 'T-NOT-MET' };
    const saved = await changeSettings({ actor: stranger, values: {} }, core);
    expect(replyText(saved.reply)).toContain('Nothing to change');
    expect(uow.dumpRows().filter((r) => r.table === 'organisations')).toEqual([]);
    expect(uow.dumpRows().filter((r) => r.table === 'audit')).toEqual([]);
  });

  it('refuses anyone without HR rights, before and after the form', async () => {
    const { t } = await triadOnStore();
    await expect(runCommand('settings', sponsor, t.core, dialect)).rejects.toMatchObject({
      code: 'not_authorised',
    });
    await expect(
      runAction('hr.settings.edit', { actor: client, value: 'settings' }, t.core),
    ).rejects.toMatchObject({ code: 'not_authorised' });
    await expect(
      runForm(
        'hr.settings.save',
        { actor: client, context: {}, fields: { cadence: 'fortnightly' }, requestKey: 'k' },
        t.core,
      ),
    ).rejects.toMatchObject({ code: 'not_authorised' });
    expect((await t.organisation()).defaults).toEqual({});
  });

  it('applies a change to existing engagements only when HR chooses it, re-planning their schedules', async () => {
    const { t, uow } = await triadOnStore();
    const second = await startSecond(t.core);
    // Jane chose her own day and time: HR's change leaves them, but not the cadence or hours.
    await setJanesOwnRhythm(t);
    const opened = await runAction('hr.settings.edit', { actor: hr, value: 'settings' }, t.core);
    expect(opened.form).toBeDefined();
    t.core.scheduler.synced.splice(0);
    const answer = await runForm(
      'hr.settings.save',
      {
        actor: hr,
        context: {},
        fields: {
          cadence: 'fortnightly',
          day: '4',
          time: '11:00',
          weeks: '12',
          retention: '30',
          zone: 'Europe/London',
          hours: '07:00-15:00',
          apply: 'existing',
        },
        requestKey: 'k1',
      },
      t.core,
    );
    expect(replyText(answer.reply as never)).toContain('Applied to 2 live engagements.');
    expect(await t.engagement()).toMatchObject({
      cadence: 'fortnightly',
      workingHours: '07:00-15:00',
      promptWeekday: 2,
      promptTime: '08:45',
    });
    expect(await t.core.uow.read.engagements.get(second.engagementId)).toMatchObject({
      cadence: 'fortnightly',
      promptWeekday: 4,
      promptTime: '11:00',
      workingHours: '07:00-15:00',
    });
    expect(settingsAudits(uow).at(-1)).toMatchObject({ applyToExisting: true, engagementsUpdated: 2 });
    expect([...t.core.scheduler.synced].sort()).toEqual([t.engagementId, second.engagementId].sort());
    // The same choice again changes nothing and re-plans nothing.
    t.core.scheduler.synced.splice(0);
    await changeSettings({ actor: hr, values: { hours: '07:00-15:00' }, apply: 'existing' }, t.core);
    expect(t.core.scheduler.synced).toEqual([]);
  });

  it('puts the settings on HR’s home, not on anyone else’s', async () => {
    const { t } = await triadOnStore();
    const home = await composeHome({ actor: hr }, t.core);
    expect(home.sections.map((s) => replyText(s as never)).join('\n')).toContain('Organisation settings');
    const theirs = await composeHome({ actor: actor('USPONSOR') }, t.core);
    expect(theirs.sections.map((s) => replyText(s as never)).join('\n')).not.toContain(
      'Organisation settings',
    );
  });
});

async function setJanesOwnRhythm(t: Awaited<ReturnType<typeof startTriad>>) {
  await t.core.uow.transaction(async (repos) => {
    const engagement = await repos.engagements.get(t.engagementId);
    if (!engagement) throw new Error('missing');
    await repos.audit.insert({
      engagementId: engagement.id,
      actorId: engagement.clientId,
      action: 'prompt_rhythm_set',
      outcome: 'done',
      details: { weekday: 2, time: '08:45' },
      createdAt: t.core.clock.now(),
    });
    await repos.engagements.update({
      ...engagement,
      promptWeekday: 2,
      promptTime: '08:45',
      version: engagement.version + 1,
    });
  });
}

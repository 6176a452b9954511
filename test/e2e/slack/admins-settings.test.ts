import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFirstAdmin } from '../../../src/use-cases/admins/make-first-admin.js';
import { FAKE_TEAM_ID } from '../../support/fake-slack/defaults.js';
import { replyText, type SlackHarness, startSlackHarness } from './slack-harness.js';
import { click, controlsInBlocks, submitForm, typed } from './slack-walk.js';

const IDA = 'U0IDA00001';
const BEN = 'U0BEN00001';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';

let h: SlackHarness;
/** HR's "Change settings" button, as the App Home showed it. */
let settingsButton: ReturnType<typeof controlsInBlocks>[number];

const chosen = (value: string) => ({ value: { type: 'static_select', selected_option: { value } } });
const adminRows = async () =>
  (
    await h.database.sql<{ user: string }[]>`
      select platform_user_id as "user" from organisation_admins order by added_at`
  ).map((r) => r.user);

beforeAll(async () => {
  // An installed workspace: no HR_ADMINS, Ida installed Triad.
  h = await startSlackHarness({
    settings: { hrAdmins: [] },
    users: [
      { id: IDA, name: 'ida' },
      { id: BEN, name: 'ben' },
      { id: CLIENT, name: 'jane' },
      { id: SPONSOR, name: 'sam' },
      { id: COACH, name: 'kim' },
    ],
  });
  await makeFirstAdmin(
    { organisation: { platform: 'slack', tenantId: FAKE_TEAM_ID }, installer: { platformUserId: IDA } },
    h.deps.core,
  );
});

afterAll(async () => {
  await h?.close();
});

describe('HR admins through the signed Slack endpoint', () => {
  it('refuses /coaching admins add to someone who is not an HR admin, and changes nothing', async () => {
    const { replies } = await h.command(BEN, `admins add <@${BEN}>`);
    expect(replyText(replies[0])).toContain('Only HR programme owners can do that.');
    expect(await adminRows()).toEqual([IDA]);
  });

  it('lets the installer list, add and remove admins; the last one stays', async () => {
    expect(replyText((await h.command(IDA, 'admins')).replies[0])).toContain('installed Triad');
    const added = await h.command(IDA, `admins add <@${BEN}>`);
    expect(replyText(added.replies[0])).toContain('is now an HR admin.');
    expect(await adminRows()).toEqual([IDA, BEN]);
    // Ben's rights count from his very next request.
    expect(replyText((await h.command(BEN, 'list')).replies[0])).not.toContain('Only HR programme owners');
    await h.command(BEN, `admins remove <@${IDA}>`);
    expect(await adminRows()).toEqual([BEN]);
    const last = await h.command(BEN, `admins remove <@${BEN}>`);
    expect(replyText(last.replies[0])).toContain('is the last HR admin of this organisation, so they stay.');
    expect(await adminRows()).toEqual([BEN]);
    const audits = await h.database.sql<{ action: string }[]>`
      select action from audit_log where action like 'hr_admin_%' order by id`;
    expect(audits.map((a) => a.action)).toEqual(['hr_admin_added', 'hr_admin_added', 'hr_admin_removed']);
  });
});

describe('organisation settings through the signed Slack endpoint', () => {
  it('shows them on HR’s App Home, opens the form from its button, refuses a bad value, saves a good one', async () => {
    await h.event({ type: 'app_home_opened', user: BEN, channel: 'D0BEN', tab: 'home', event_ts: '1.0' });
    const home = h.fake.homeViewOf(BEN);
    expect(JSON.stringify(home?.blocks)).toContain('Organisation settings');
    const button = controlsInBlocks(home?.blocks ?? [], BEN).find((c) => c.actionId === 'hr.settings.edit');
    if (!button) throw new Error('no Change settings button on the home tab');
    settingsButton = button;
    await click(h, BEN, settingsButton);
    const values = (time: string) => ({
      cadence: chosen('fortnightly'),
      day: chosen('3'),
      time: typed(time),
      weeks: typed('16'),
      retention: typed('60'),
      zone: typed('Europe/Paris'),
      hours: typed('08:00-16:00'),
      apply: chosen('new'),
    });
    await submitForm(h, BEN, 'hr.settings.save', values('25:00'));
    expect(JSON.stringify(h.fake.ephemeralsTo(BEN).at(-1))).toContain(
      'Prompt time must be a 24-hour time like 09:30.',
    );
    const [unchanged] = await h.database.sql<{ defaults: unknown }[]>`select defaults from organisations`;
    expect(unchanged?.defaults).toEqual({});

    await click(h, BEN, settingsButton);
    await submitForm(h, BEN, 'hr.settings.save', values('10:15'));
    const [saved] = await h.database.sql<{ defaults: Record<string, string>; retention_days: number }[]>`
      select defaults, retention_days from organisations`;
    expect(saved).toEqual({
      defaults: {
        cadence: 'fortnightly',
        promptWeekday: '3',
        promptTime: '10:15',
        weeks: '16',
        timeZone: 'Europe/Paris',
        workingHours: '08:00-16:00',
      },
      retention_days: 60,
    });

    await h.command(BEN, `start client:<@${CLIENT}> sponsor:<@${SPONSOR}> coach:<@${COACH}>`);
    const [engagement] = await h.database.sql`
      select cadence, prompt_weekday, prompt_time, weeks, working_hours from engagements`;
    expect(engagement).toEqual({
      cadence: 'fortnightly',
      prompt_weekday: 3,
      prompt_time: '10:15',
      weeks: 16,
      working_hours: '08:00-16:00',
    });
  });

  it('refuses a form whose field came back as something other than what Triad asked for, and saves none of it', async () => {
    await click(h, BEN, settingsButton);
    await submitForm(h, BEN, 'hr.settings.save', {
      weeks: typed('25'),
      cadence: { value: { type: 'multi_users_select', selected_users: [CLIENT, SPONSOR] } },
    });
    expect(JSON.stringify(h.fake.ephemeralsTo(BEN).at(-1))).toContain('Open the form again');
    const [organisation] = await h.database.sql<{ defaults: Record<string, string> }[]>`
      select defaults from organisations`;
    expect(organisation?.defaults.weeks).toBe('16');
  });

  it('refuses the settings button pressed by someone without HR rights', async () => {
    const answer = await click(h, CLIENT, {
      actionId: 'hr.settings.edit',
      type: 'button',
      value: 'settings',
      blockId: undefined,
      channel: 'D0CLIENT',
      ts: '',
    });
    expect(answer).toContain('Only HR programme owners can do that.');
  });
});

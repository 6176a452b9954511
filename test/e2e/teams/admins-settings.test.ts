import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID } from '../../adapters/teams/support/teams-fakes.js';
import { manualClock } from '../../support/core-deps.js';
import { botAddedActivity } from '../../support/fake-bot-connector/index.js';
import { type Person, startTeamsHarness, type TeamsHarness } from './teams-harness.js';
import { click, findAction, latest } from './teams-walk.js';

const clock = manualClock(new Date());
let h: TeamsHarness;
let p: TeamsHarness['people'];

const admins = async () =>
  (await h.database.sql<{ user: string }[]>`select platform_user_id as "user" from organisation_admins`).map(
    (r) => r.user,
  );

beforeAll(async () => {
  h = await startTeamsHarness(clock);
  p = h.people;
  const install = (person: Person) =>
    h.post(
      botAddedActivity(h.teams.fake, {
        conversationId: h.chatOf(person).id,
        byUserId: person.user.id,
        botAppId: APP_ID,
      }),
    );
  for (const person of [p.hr, p.lee, p.stan]) await install(person);
});

afterAll(async () => {
  await h?.close();
});

describe('HR admins and settings through botbuilder', () => {
  it('HR (from HR_ADMINS) adds Lee, whose next request has HR rights; Stan is refused', async () => {
    await h.say(p.stan, 'admins add @stan');
    expect(latest(h, h.chatOf(p.stan))).toContain('Only HR programme owners can do that.');
    await h.say(p.hr, 'admins add @lee');
    expect(latest(h, h.chatOf(p.hr))).toContain('is now an HR admin.');
    expect(await admins()).toEqual([p.lee.user.id]);
    await h.say(p.lee, 'admins');
    expect(latest(h, h.chatOf(p.lee))).toContain('from the server configuration (HR_ADMINS)');
    // Lee is the list's only admin: the last one stays.
    await h.say(p.hr, 'admins remove @lee');
    expect(latest(h, h.chatOf(p.hr))).toContain('is the last HR admin of this organisation, so they stay.');
  });

  it('the settings card opens the form; a bad value is refused and changes nothing, a good one is saved', async () => {
    const chat = h.chatOf(p.lee);
    await h.say(p.lee, 'settings');
    expect(latest(h, chat)).toContain('Organisation settings');
    const inputs = (time: string) => ({
      cadence: 'fortnightly',
      day: '2',
      time,
      weeks: '10',
      retention: '90',
      zone: 'Europe/Berlin',
      hours: '08:30-17:00',
      apply: 'new',
    });
    await click(h, p.lee, chat, findAction(h, chat, 'hr.settings.edit'));
    const refused = await click(h, p.lee, chat, findAction(h, chat, 'form.submit'), { inputs: inputs('9') });
    expect(refused.text).toContain('Prompt time must be a 24-hour time like 09:30.');
    const [before] = await h.database.sql<{ defaults: unknown }[]>`select defaults from organisations`;
    expect(before?.defaults).toEqual({});

    // A forged submit whose cadence is not text: refused whole, so its good length is not saved either.
    await click(h, p.lee, chat, findAction(h, chat, 'hr.settings.edit'));
    const damaged = await click(h, p.lee, chat, findAction(h, chat, 'form.submit'), {
      inputs: { weeks: '25', cadence: ['weekly', 'fortnightly'] },
    });
    expect(damaged.text).toContain('I could not read that card action.');
    const [unchanged] = await h.database.sql<{ defaults: unknown }[]>`select defaults from organisations`;
    expect(unchanged?.defaults).toEqual({});

    await click(h, p.lee, chat, findAction(h, chat, 'hr.settings.edit'));
    const saved = await click(h, p.lee, chat, findAction(h, chat, 'form.submit'), {
      inputs: inputs('08:45'),
    });
    expect(saved.text).toContain('Saved:');
    const [after] = await h.database.sql<{ defaults: Record<string, string>; retention_days: number }[]>`
      select defaults, retention_days from organisations`;
    expect(after?.defaults).toMatchObject({
      cadence: 'fortnightly',
      promptWeekday: '2',
      promptTime: '08:45',
    });
    expect(after?.retention_days).toBe(90);
  });
});

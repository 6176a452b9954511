import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardProblems } from '../../adapters/teams/support/validate-card.js';
import { manualClock } from '../../support/core-deps.js';
import { type Person, startTeamsHarness, type TeamsHarness } from './teams-harness.js';
import { cardsIn, click, findAction, textOf } from './teams-walk.js';

let h: TeamsHarness;
let p: TeamsHarness['people'];

beforeAll(async () => {
  h = await startTeamsHarness(manualClock(new Date()));
  p = h.people;
});

afterAll(async () => {
  await h?.close();
});

const aad = (person: Person) => person.user.aadObjectId ?? '';

describe('the start form on Teams', () => {
  it('opens on `start` alone, with Teams people pickers for client, sponsor and coaches', async () => {
    await h.say(p.hr, 'start');

    const [form] = cardsIn(h, h.chatOf(p.hr));
    expect(cardProblems(form?.card)).toEqual([]);
    const pickers = (form?.text.match(/"dataset":"graph.microsoft.com\/users"/g) ?? []).length;
    expect(pickers).toBe(3);
    expect(form?.text).toContain('"isMultiSelect":true');
  });

  it('starts the engagement with the people picked, replacing the form with the outcome', async () => {
    const chat = h.chatOf(p.hr);
    const submitted = await click(h, p.hr, chat, findAction(h, chat, 'form.submit'), {
      inputs: {
        client: aad(p.jane),
        sponsor: aad(p.sam),
        coaches: `${aad(p.kim)},${aad(p.lee)}`,
        weeks: '16',
        cadence: 'fortnightly',
      },
    });

    expect(submitted.body?.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(textOf(submitted.body)).toContain(
      'started for Jane Client (sponsor Sam Sponsor, 2 coaches shortlisted), 16 weeks, fortnightly reflections',
    );
    const [engagement] = await h.database.sql<{ weeks: number; cadence: string; shortlist: string[] }[]>`
      select weeks, cadence, coach_shortlist as shortlist from engagements`;
    expect(engagement).toMatchObject({ weeks: 16, cadence: 'fortnightly' });
    expect(engagement?.shortlist).toHaveLength(2);
    const clients = await h.database.sql<{ platform_user_id: string }[]>`
      select p.platform_user_id from people p join engagements e on e.client_id = p.id`;
    expect(clients[0]?.platform_user_id).toBe(p.jane.user.id);
  });

  it('refuses a picker value that is not a person, and a missing client, changing nothing', async () => {
    await h.say(p.hr, 'start');
    const chat = h.chatOf(p.hr);
    const form = findAction(h, chat, 'form.submit');
    const before = await h.database.sql`select count(*)::int as n from engagements`;

    const bad = await click(h, p.hr, chat, form, {
      inputs: { client: 'jane', sponsor: aad(p.sam), coaches: aad(p.kim) },
    });
    const missing = await click(h, p.hr, chat, form, {
      inputs: { sponsor: aad(p.sam), coaches: aad(p.kim) },
    });

    expect(textOf(bad.body)).toContain('did not come from Teams’ people picker');
    expect(textOf(missing.body)).toContain('Pick the client.');
    expect(await h.database.sql`select count(*)::int as n from engagements`).toEqual(before);
  });

  it('checks HR rights before looking anyone up: a forged submission by someone else is refused, with no lookups', async () => {
    await h.say(p.hr, 'start');
    const form = findAction(h, h.chatOf(p.hr), 'form.submit');
    const before = await h.database.sql`select count(*)::int as n from engagements`;
    const lookups = () =>
      h.teams.fake.requests.filter((r) => r.operation.startsWith('getConversationMember')).length;
    const lookupsBefore = lookups();

    const forged = await click(h, p.sam, h.chatOf(p.sam), form, {
      inputs: { client: aad(p.jane), sponsor: aad(p.sam), coaches: aad(p.kim) },
    });

    expect(textOf(forged.body)).toContain('Only HR programme owners can do that.');
    expect(lookups()).toBe(lookupsBefore);
    expect(await h.database.sql`select count(*)::int as n from engagements`).toEqual(before);
  });
});

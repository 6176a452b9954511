import { describe, expect, it } from 'vitest';
import type { HorizonWindow } from '../../../src/ports/repositories.js';
import { type GetUow, inTx, meeting, prompt, seedTriad } from './fixtures.js';

const T = Date.parse('2031-03-05T10:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const window = (from: number | null, to: number): HorizonWindow => ({
  from: from === null ? null : new Date(from),
  to: new Date(to),
});

/** The horizon tick's query: which engagements have a one-off job falling due in a window. */
export function horizonContract(uow: GetUow) {
  describe('engagements entering the planning horizon', () => {
    it('finds meetings by start less each lead, unscheduled meetings by their reminder, prompts by nudge and snooze end', async () => {
      const seeded = async (name: string, overrides: Parameters<typeof seedTriad>[1] = {}) => ({
        name,
        id: (await seedTriad(uow(), overrides)).engagement.id,
      });
      const [oneHour, day, twoDays, threeDays, halfTime, nudge, nudged, snooze, paused] = await Promise.all([
        seeded('one hour'),
        seeded('day'),
        seeded('two days'),
        seeded('three days'),
        // Twelve weeks from this start: half-time falls at T + 5 min.
        seeded('half-time', { startedAt: new Date(T + 5 * MIN - 6 * 7 * 24 * HOUR) }),
        seeded('nudge'),
        seeded('nudged'),
        seeded('snooze'),
        seeded('paused', { stage: 'paused', pausedStage: 'coaching' }),
      ]);
      await inTx(uow(), async (r) => {
        const scheduled = (id: string, startsAt: number, kind: 'session' | 'alignment' = 'alignment') =>
          r.meetings.insert(meeting(id, { kind, status: 'scheduled', startsAt: new Date(startsAt) }));
        await scheduled(oneHour.id, T + HOUR + 5 * MIN);
        await scheduled(day.id, T + 24 * HOUR + 5 * MIN, 'session');
        await scheduled(twoDays.id, T + 48 * HOUR + 5 * MIN);
        await scheduled(threeDays.id, T + 72 * HOUR);
        await scheduled(paused.id, T + HOUR + 5 * MIN);
        await r.meetings.insert(
          meeting(halfTime.id, { kind: 'midpoint', status: 'unscheduled', startsAt: null }),
        );
        const due = new Date(T + 5 * MIN);
        const expiresAt = new Date(T + 7 * 24 * HOUR);
        await r.prompts.insert(
          prompt(nudge.id, { status: 'sent', nudgeDueAt: due, nudgedAt: null, expiresAt }),
        );
        await r.prompts.insert(
          prompt(nudged.id, { status: 'sent', nudgeDueAt: due, nudgedAt: due, expiresAt }),
        );
        await r.prompts.insert(prompt(snooze.id, { status: 'snoozed', snoozedUntil: due, expiresAt }));
      });
      const all = [oneHour, day, twoDays, threeDays, halfTime, nudge, nudged, snooze, paused];
      const named = (ids: string[]) => all.filter((e) => ids.includes(e.id)).map((e) => e.name);
      const entering = (w: HorizonWindow, limit = 100) =>
        uow().read.engagements.listEnteringHorizon(w, undefined, limit);

      const found = await entering(window(T, T + 10 * MIN));
      expect(named(found)).toEqual(['one hour', 'day', 'two days', 'half-time', 'nudge', 'snooze']);
      expect(found).toEqual([...found].sort());
      // The same instants one window later: nothing enters twice.
      expect(named(await entering(window(T + 10 * MIN, T + 20 * MIN)))).toEqual([]);
      // With no earlier run: everything due by the window's end; the meeting three days out is not yet.
      expect(named(await entering(window(null, T + 10 * MIN)))).toEqual([
        'one hour',
        'day',
        'two days',
        'half-time',
        'nudge',
        'snooze',
      ]);
      expect(named(await entering(window(T + 24 * HOUR - MIN, T + 24 * HOUR)))).toEqual(['three days']);

      const mine = found.filter((id) => all.some((e) => e.id === id));
      const first = await uow().read.engagements.listEnteringHorizon(window(T, T + 10 * MIN), undefined, 2);
      const rest = await uow().read.engagements.listEnteringHorizon(
        window(T, T + 10 * MIN),
        first.at(-1),
        100,
      );
      expect([...first, ...rest].filter((id) => mine.includes(id))).toEqual(mine);
      expect(await uow().read.engagements.listEnteringHorizon(window(T, T), 'junk', 10)).toEqual([]);
    });

    it('finds a closing meeting when its week begins, Monday 00:00 in the engagement zone', async () => {
      const { engagement } = await seedTriad(uow(), { timeZone: 'America/New_York' });
      await inTx(uow(), (r) =>
        r.meetings.insert(
          meeting(engagement.id, {
            kind: 'closing',
            status: 'scheduled',
            startsAt: new Date('2031-03-13T15:00:00Z'),
          }),
        ),
      );
      // Monday 10 March 2031, 00:00 in New York (daylight saving time began on the 9th): 04:00 UTC.
      const monday = Date.parse('2031-03-10T04:00:00Z');
      const entering = async (from: number, to: number) =>
        (await uow().read.engagements.listEnteringHorizon(window(from, to), undefined, 1000)).includes(
          engagement.id,
        );
      expect(await entering(monday - 5 * MIN, monday + 5 * MIN)).toBe(true);
      expect(await entering(monday - 3 * HOUR, monday - 2 * HOUR)).toBe(false);
      expect(await entering(monday + 2 * HOUR, monday + 3 * HOUR)).toBe(false);
    });
  });
}

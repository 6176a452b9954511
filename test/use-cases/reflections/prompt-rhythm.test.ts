import { describe, expect, it } from 'vitest';
import { runAction, runForm } from '../../../src/controls/controls.js';
import { nextPromptDue } from '../../../src/prompts/prompt-schedule.js';
import { promptSchedule } from '../../../src/scheduling/plan-engagement.js';
import { setPromptRhythm } from '../../../src/use-cases/reflections/prompt-rhythm.js';
import { actors, buttonsOf, type Role, textOf, triadIn } from '../client/triad-fixture.js';

/** Monday 23 November 2026, 10:00 in London: just after the first prompt (HR's default, Monday 09:30). */
const mondayMorning = new Date('2026-11-23T10:00:00Z');

async function promptedTriad() {
  const triad = await triadIn();
  const promptId = await triad.issue();
  triad.core.clock.set(mondayMorning);
  triad.core.scheduler.synced.length = 0;
  return { triad, promptId };
}

describe('the client’s own rhythm', () => {
  it('moves the next prompt to the day and time the client picks, from the prompt message, and resyncs', async () => {
    const { triad, promptId } = await promptedTriad();
    const before = await triad.engagement();
    expect(promptSchedule(before)).toMatchObject({ pattern: '30 9 * * 1', tz: 'Europe/London' });
    expect(nextPromptDue(before, mondayMorning).toISOString()).toBe('2026-11-30T09:30:00.000Z');

    const dm = await triad.outboxTo('client_dm');
    const prompt = dm.find((m) => m.message.summary.text.includes('reflection question'));
    const value = buttonsOf(prompt?.message ?? {})['reflection.rhythm'] ?? '';
    expect(value).toBe(promptId);
    const opened = await runAction('reflection.rhythm', { actor: actors.client, value }, triad.core);
    expect(textOf(opened.form)).toContain('Monday at 09:30');

    const saved = await runForm(
      'reflection.rhythm.save',
      {
        actor: actors.client,
        context: { promptId },
        fields: { weekday: '4', time: '14:00' },
        requestKey: 'rhythm-1',
      },
      triad.core,
    );
    const after = await triad.engagement();
    expect(after).toMatchObject({ promptWeekday: 4, promptTime: '14:00' });
    expect(promptSchedule(after)).toMatchObject({ pattern: '0 14 * * 4', tz: 'Europe/London' });
    expect(nextPromptDue(after, mondayMorning).toISOString()).toBe('2026-11-26T14:00:00.000Z');
    expect(textOf(saved.reply)).toContain('Thursdays at 14:00');
    expect(textOf(saved.reply)).toContain('Thursday 26 November, 14:00');
    expect(triad.core.scheduler.synced).toContain(triad.engagementId);
  });

  it('keeps HR’s default until the client chooses, and the same choice again changes nothing', async () => {
    const { triad, promptId } = await promptedTriad();
    const input = { actor: actors.client, promptId, weekday: '1', time: '9:30' };
    const version = (await triad.engagement()).version;
    const saved = await setPromptRhythm(input, triad.core);
    expect(saved.engagement).toMatchObject({ promptWeekday: 1, promptTime: '09:30', version });
    expect(triad.core.scheduler.synced).toEqual([]);
  });

  it('counts fortnightly weeks from the start when saying when the next one comes', async () => {
    const triad = await triadIn('coaching', { cadence: 'fortnightly' });
    const promptId = await triad.issue();
    triad.core.clock.set(mondayMorning);
    const saved = await setPromptRhythm(
      { actor: actors.client, promptId, weekday: '2', time: '08:15' },
      triad.core,
    );
    expect(textOf(saved.reply)).toContain('Tuesday 24 November, 08:15');
    triad.core.clock.set(new Date('2026-11-24T09:00:00Z'));
    expect(nextPromptDue(saved.engagement, triad.core.clock.now()).toISOString()).toBe(
      '2026-12-08T08:15:00.000Z',
    );
  });

  it.each<[Role, string]>([
    ['sponsor', 'not_authorised'],
    ['coach', 'not_authorised'],
    ['hr', 'not_authorised'],
    ['stranger', 'not_found'],
  ])('refuses the %s, changing nothing', async (role, code) => {
    const { triad, promptId } = await promptedTriad();
    const input = { actor: actors[role], promptId, weekday: '4', time: '14:00' };
    await expect(setPromptRhythm(input, triad.core)).rejects.toMatchObject({ code });
    await expect(
      runAction('reflection.rhythm', { actor: actors[role], value: promptId }, triad.core),
    ).rejects.toMatchObject({ code });
    expect(await triad.engagement()).toMatchObject({ promptWeekday: 1, promptTime: '09:30' });
    expect(triad.core.scheduler.synced).toEqual([]);
  });

  it.each([
    ['6', '14:00', 'Pick a working day, Monday to Friday.'],
    ['', '14:00', 'Pick a working day, Monday to Friday.'],
    ['Thursday', '14:00', 'Pick a working day, Monday to Friday.'],
    ['4', '25:00', 'Give the time as HH:mm, 24-hour, e.g. 09:30 or 14:00.'],
    ['4', '14:60', 'Give the time as HH:mm, 24-hour, e.g. 09:30 or 14:00.'],
    ['4', '2pm', 'Give the time as HH:mm, 24-hour, e.g. 09:30 or 14:00.'],
    ['4', '', 'Give the time as HH:mm, 24-hour, e.g. 09:30 or 14:00.'],
  ])('refuses weekday "%s" and time "%s" in words, changing nothing', async (weekday, time, message) => {
    const { triad, promptId } = await promptedTriad();
    await expect(
      setPromptRhythm({ actor: actors.client, promptId, weekday, time }, triad.core),
    ).rejects.toMatchObject({ code: 'validation_failed', message });
    expect(await triad.engagement()).toMatchObject({ promptWeekday: 1, promptTime: '09:30' });
    expect(triad.core.scheduler.synced).toEqual([]);
  });
});

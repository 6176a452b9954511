import { describe, expect, it } from 'vitest';
import type { PromptStatus } from '../../../src/engagement/records.js';
import { nudgePrompt } from '../../../src/use-cases/reflections/nudge-prompt.js';
import { skipPrompt } from '../../../src/use-cases/reflections/skip-prompt.js';
import { snoozePrompt } from '../../../src/use-cases/reflections/snooze-prompt.js';
import { actors, hour, type Role, textOf, triadIn } from '../client/triad-fixture.js';

const nudgesIn = async (triad: Awaited<ReturnType<typeof triadIn>>) =>
  (await triad.outboxTo('client_dm')).filter((m) => m.message.summary.text.includes('reminder'));

async function promptWithStatus(status: PromptStatus) {
  const triad = await triadIn();
  const promptId = await triad.issue();
  await triad.core.uow.transaction(async (repos) => {
    const prompt = await repos.prompts.get(promptId);
    if (prompt) await repos.prompts.update({ ...prompt, status });
  });
  return { triad, promptId };
}

describe('nudgePrompt', () => {
  it('sends one gentle reminder once the nudge is due, and only one', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    expect((await nudgePrompt({ promptId }, triad.core)).outcome).toBe('not_due');
    triad.core.clock.advance(50 * hour);
    expect((await nudgePrompt({ promptId }, triad.core)).outcome).toBe('nudged');
    expect((await nudgePrompt({ promptId }, triad.core)).outcome).toBe('already_nudged');
    const nudges = await nudgesIn(triad);
    expect(nudges).toHaveLength(1);
    expect(textOf(nudges[0]?.message)).toContain('gentle reminder');
  });

  it.each<[PromptStatus, string]>([
    ['answered', 'closed'],
    ['skipped', 'closed'],
    ['expired', 'closed'],
  ])('does not nudge a %s prompt', async (status, outcome) => {
    const { triad, promptId } = await promptWithStatus(status);
    triad.core.clock.advance(50 * hour);
    expect((await nudgePrompt({ promptId }, triad.core)).outcome).toBe(outcome);
    expect(await nudgesIn(triad)).toHaveLength(0);
  });

  it.each(['paused', 'closed', 'cancelled'] as const)(
    'does not nudge while the engagement is %s',
    async (stage) => {
      const triad = await triadIn();
      const promptId = await triad.issue();
      await triad.setStage(stage);
      triad.core.clock.advance(50 * hour);
      expect((await nudgePrompt({ promptId }, triad.core)).outcome).toBe('engagement_inactive');
      expect(await nudgesIn(triad)).toHaveLength(0);
    },
  );

  it('does not nudge after the next prompt is due, nor when no nudge was planned', async () => {
    const triad = await triadIn('coaching', { settings: { nudgeAfterHours: 170 } });
    const promptId = await triad.issue();
    triad.core.clock.advance(100 * hour);
    expect((await nudgePrompt({ promptId }, triad.core)).outcome).toBe('no_nudge');
    triad.core.clock.advance(100 * hour);
    expect((await nudgePrompt({ promptId }, triad.core)).outcome).toBe('closed');
  });

  it('reports a purged prompt as gone', async () => {
    const triad = await triadIn();
    expect((await nudgePrompt({ promptId: triad.core.ids.newId() }, triad.core)).outcome).toBe('gone');
  });
});

describe('snoozePrompt and skipPrompt', () => {
  it('snoozes a day into working hours and reminds once when the snooze ends', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    triad.core.clock.set(new Date('2026-11-23T10:00:00Z'));
    const snoozed = await snoozePrompt({ actor: actors.client, promptId }, triad.core);
    expect(snoozed.snoozedUntil?.toISOString()).toBe('2026-11-24T10:00:00.000Z');
    expect(textOf(snoozed.reply)).toContain('Tuesday 24 November, 10:00');
    expect((await triad.core.uow.read.prompts.get(promptId))?.status).toBe('snoozed');
    expect((await nudgePrompt({ promptId }, triad.core)).outcome).toBe('not_due');
    triad.core.clock.set(new Date('2026-11-24T10:00:00Z'));
    expect((await nudgePrompt({ promptId }, triad.core)).outcome).toBe('reminded_after_snooze');
    expect((await nudgePrompt({ promptId }, triad.core)).outcome).toBe('already_nudged');
    const reminders = await nudgesIn(triad);
    expect(reminders).toHaveLength(1);
    expect(textOf(reminders[0]?.message)).toContain('you snoozed');
  });

  it('snoozing when the next question comes first promises no reminder', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    triad.core.clock.set(new Date('2026-11-29T12:00:00Z'));
    const snoozed = await snoozePrompt({ actor: actors.client, promptId }, triad.core);
    expect(snoozed.snoozedUntil).toBeNull();
    expect(textOf(snoozed.reply)).toContain('will not remind you');
  });

  it('skipping stops the nudge and can be repeated without effect', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    await skipPrompt({ actor: actors.client, promptId }, triad.core);
    const again = await skipPrompt({ actor: actors.client, promptId }, triad.core);
    expect(textOf(again.reply)).toContain('Skipped');
    triad.core.clock.advance(50 * hour);
    expect((await nudgePrompt({ promptId }, triad.core)).outcome).toBe('closed');
    expect((await triad.core.uow.read.prompts.get(promptId))?.status).toBe('skipped');
  });

  it.each<[PromptStatus, 'snooze' | 'skip']>([
    ['answered', 'snooze'],
    ['expired', 'snooze'],
    ['skipped', 'snooze'],
    ['answered', 'skip'],
  ])('refuses to %2$s an %1$s prompt', async (status, action) => {
    const { triad, promptId } = await promptWithStatus(status);
    const run = action === 'snooze' ? snoozePrompt : skipPrompt;
    await expect(run({ actor: actors.client, promptId }, triad.core)).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it.each<[Role, string]>([
    ['sponsor', 'not_authorised'],
    ['coach', 'not_authorised'],
    ['hr', 'not_authorised'],
    ['stranger', 'not_found'],
  ])('only the client may snooze or skip: the %s gets %s', async (role, code) => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    await expect(snoozePrompt({ actor: actors[role], promptId }, triad.core)).rejects.toMatchObject({ code });
    await expect(skipPrompt({ actor: actors[role], promptId }, triad.core)).rejects.toMatchObject({ code });
    expect((await triad.core.uow.read.prompts.get(promptId))?.status).toBe('sent');
  });

  it('refuses a malformed prompt id readably', async () => {
    const triad = await triadIn();
    await expect(snoozePrompt({ actor: actors.client, promptId: 'nope' }, triad.core)).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('not valid'),
    });
  });
});

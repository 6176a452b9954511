import { describe, expect, it } from 'vitest';
import { endEngagement } from '../../../src/use-cases/hr/end-engagement.js';
import { issueReflectionPrompt } from '../../../src/use-cases/reflections/issue-reflection-prompt.js';
import { nudgePrompt } from '../../../src/use-cases/reflections/nudge-prompt.js';
import { purgeExpiredEngagements } from '../../../src/use-cases/retention/purge-expired-engagements.js';
import { actors, triadIn } from '../client/triad-fixture.js';

/** What `PROMPT_INTERVAL_SECONDS=10 WORKING_HOURS=always RETENTION_SECONDS=8` gives the core (the demo's cadence). */
const demoSettings = {
  promptIntervalMs: 10_000,
  workingHours: 'always' as const,
  nudgeAfterHours: 4 / 3600,
  retentionMs: 8_000,
};
const second = 1_000;

const promptsTo = async (triad: Awaited<ReturnType<typeof triadIn>>, words: string) =>
  (await triad.outboxTo('client_dm')).filter((m) => m.message.summary.text.includes(words));

describe('reflection prompts under a configured interval', () => {
  it('asks a new question every interval, each run of one interval at most once', async () => {
    const triad = await triadIn('coaching', { settings: demoSettings, cadence: 'fortnightly' });
    const start = triad.core.clock.now().getTime();
    const issue = (offsetMs: number) =>
      issueReflectionPrompt(
        { engagementId: triad.engagementId, dueAt: new Date(start + offsetMs) },
        triad.core,
      );

    const first = await issue(10 * second);
    const repeated = await issue(15 * second);
    const next = await issue(20 * second);

    expect(first.outcome).toBe('issued');
    expect(repeated.outcome).toBe('already_issued');
    expect(next.outcome).toBe('issued');
    expect(first.cycle).not.toBe(next.cycle);
    expect(await promptsTo(triad, 'reflection question')).toHaveLength(2);
    const prompts = await triad.core.uow.read.prompts.listByEngagement(triad.engagementId);
    expect(prompts.map((p) => p.status).sort()).toEqual(['expired', 'sent']);
  });

  it('ignores a late run for an interval already overtaken by a newer prompt', async () => {
    const triad = await triadIn('coaching', { settings: demoSettings });
    const start = triad.core.clock.now().getTime();
    await issueReflectionPrompt(
      { engagementId: triad.engagementId, dueAt: new Date(start + 20 * second) },
      triad.core,
    );

    const late = await issueReflectionPrompt(
      { engagementId: triad.engagementId, dueAt: new Date(start + 10 * second) },
      triad.core,
    );

    expect(late.outcome).toBe('superseded');
  });

  it('nudges seconds later at any hour, and expires the question at the next interval', async () => {
    const triad = await triadIn('coaching', { settings: demoSettings });
    const dueAt = triad.core.clock.now();

    const issued = await issueReflectionPrompt({ engagementId: triad.engagementId, dueAt }, triad.core);
    if (issued.outcome !== 'issued') throw new Error(issued.outcome);
    const prompt = await triad.core.uow.read.prompts.get(issued.promptId);
    triad.core.clock.advance(4 * second);
    const nudged = await nudgePrompt({ promptId: issued.promptId }, triad.core);

    expect(issued.nudgeDueAt).toEqual(new Date(dueAt.getTime() + 4 * second));
    expect(prompt?.expiresAt).toEqual(new Date(dueAt.getTime() + 10 * second));
    expect(nudged.outcome).toBe('nudged');
    expect(await promptsTo(triad, 'gentle reminder')).toHaveLength(1);
  });
});

describe('the retention override', () => {
  it('purges private content seconds after the end, not days', async () => {
    const triad = await triadIn('coaching', { settings: demoSettings });
    await triad.issue(triad.core.clock.now());
    await endEngagement(
      { actor: actors.hr, engagement: { kind: 'client', platformUserId: 'UCLIENT' } },
      triad.core,
    );
    const closedAt = triad.core.clock.now().getTime();

    const early = await purgeExpiredEngagements({ now: new Date(closedAt + 7 * second) }, triad.core);
    const due = await purgeExpiredEngagements({ now: new Date(closedAt + 8 * second) }, triad.core);

    expect((await triad.engagement()).purgeAfter).toEqual(new Date(closedAt + 8 * second));
    expect(early.purged).toEqual([]);
    expect(due.purged).toEqual([triad.engagementId]);
    expect(await triad.core.uow.read.prompts.listByEngagement(triad.engagementId)).toEqual([]);
  });

  it('leaves the organisation’s retention days in force when unset', async () => {
    const triad = await triadIn('coaching');
    await endEngagement(
      { actor: actors.hr, engagement: { kind: 'client', platformUserId: 'UCLIENT' } },
      triad.core,
    );
    const closedAt = triad.core.clock.now().getTime();

    expect((await triad.engagement()).purgeAfter).toEqual(new Date(closedAt + 30 * 86_400_000));
  });
});

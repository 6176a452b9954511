import { describe, expect, it } from 'vitest';
import { formatDate } from '../../../src/engagement/meeting-time.js';
import type { EngagementStage } from '../../../src/engagement/records.js';
import { endEngagement } from '../../../src/use-cases/hr/end-engagement.js';
import { pauseEngagement } from '../../../src/use-cases/hr/pause-engagement.js';
import { resumeEngagement } from '../../../src/use-cases/hr/resume-engagement.js';
import { messagesTo, readOutbox, replyText } from '../../support/outbox-reader.js';
import {
  actor,
  advanceTo,
  client,
  coach1,
  hr,
  sponsor,
  startTriad,
  stranger,
  type TriadFixture,
} from './triad-fixture.js';

type Reached = 'kickoff' | 'coach_matching' | 'alignment' | 'coaching' | 'closing';

async function at(stage: Reached | 'paused' | 'closed' | 'cancelled'): Promise<TriadFixture> {
  const t = await startTriad();
  if (stage === 'paused') {
    await advanceTo(t, 'coaching');
    await pauseEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
  } else if (stage === 'closed' || stage === 'cancelled') {
    await advanceTo(t, stage === 'closed' ? 'coaching' : 'kickoff');
    await endEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
  } else {
    await advanceTo(t, stage);
  }
  return t;
}

const actions = {
  pause: pauseEngagement,
  resume: resumeEngagement,
  end: endEngagement,
} as const;

describe('HR lifecycle transitions', () => {
  it.each<[keyof typeof actions, Reached | 'paused' | 'closed' | 'cancelled', EngagementStage | string]>([
    ['pause', 'kickoff', 'paused'],
    ['pause', 'coach_matching', 'paused'],
    ['pause', 'alignment', 'paused'],
    ['pause', 'coaching', 'paused'],
    ['pause', 'closing', 'paused'],
    ['pause', 'paused', 'refused: This engagement is already paused.'],
    ['pause', 'closed', 'refused: This engagement is closed; nothing more can change.'],
    ['pause', 'cancelled', 'refused: This engagement is cancelled; nothing more can change.'],
    ['resume', 'paused', 'coaching'],
    ['resume', 'kickoff', 'refused: Only a paused engagement can be resumed.'],
    ['resume', 'coaching', 'refused: Only a paused engagement can be resumed.'],
    ['resume', 'closed', 'refused: This engagement is closed; nothing more can change.'],
    ['end', 'kickoff', 'cancelled'],
    ['end', 'coach_matching', 'cancelled'],
    ['end', 'alignment', 'cancelled'],
    ['end', 'coaching', 'closed'],
    ['end', 'closing', 'closed'],
    ['end', 'paused', 'closed'],
    ['end', 'closed', 'refused: This engagement is closed; nothing more can change.'],
    ['end', 'cancelled', 'refused: This engagement is cancelled; nothing more can change.'],
  ])('%s at %s → %s', async (action, from, expected) => {
    const t = await at(from);
    const before = await t.engagement();
    const outboxBefore = (await readOutbox(t.core, t.engagementId)).length;
    const run = actions[action]({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    if (expected.startsWith('refused: ')) {
      await expect(run).rejects.toMatchObject({ code: 'illegal_transition', message: expected.slice(9) });
      expect(await t.engagement()).toEqual(before);
      expect(await readOutbox(t.core, t.engagementId)).toHaveLength(outboxBefore);
    } else {
      const result = await run;
      expect(result.stage).toBe(expected);
      expect((await t.engagement()).stage).toBe(expected);
      expect(result.reply.audience).toBe('admin');
      expect(t.core.scheduler.synced.at(-1)).toBe(t.engagementId);
    }
  });

  it.each([
    ['the client', client],
    ['the sponsor', sponsor],
    ['the coach', coach1],
    ['a stranger', stranger],
  ])('refuses %s running HR commands, changing nothing', async (_who, who) => {
    const t = await at('coaching');
    const before = await t.engagement();
    for (const action of Object.values(actions)) {
      await expect(
        action({ actor: who, engagement: { kind: 'id', id: t.engagementId } }, t.core),
      ).rejects.toMatchObject({
        code: 'not_authorised',
        message: 'Only HR programme owners can do that.',
      });
    }
    expect(await t.engagement()).toEqual(before);
  });

  it('pauses and tells the client privately and the sponsor thread in logistics words', async () => {
    const t = await at('coaching');
    const result = await pauseEngagement(
      { actor: hr, engagement: { kind: 'id', id: t.engagementId.slice(0, 8) } },
      t.core,
    );
    const engagement = await t.engagement();
    expect(engagement).toMatchObject({
      stage: 'paused',
      pausedStage: 'coaching',
      pausedAt: t.core.clock.now(),
    });
    const rows = await readOutbox(t.core, t.engagementId);
    const key = `engagement:${t.engagementId}:v${engagement.version}:paused`;
    expect(messagesTo(rows, 'client_dm').find((r) => r.key === `${key}:client`)?.text).toContain(
      'Reflection prompts stop until it resumes',
    );
    expect(messagesTo(rows, 'sponsor').find((r) => r.key === `${key}:sponsor`)?.text).toContain(
      'HR has paused this coaching engagement',
    );
    expect(replyText(result.reply)).toContain("Paused Jane's engagement");

    const resumed = await resumeEngagement(
      { actor: hr, engagement: { kind: 'client', platformUserId: 'UCLIENT' } },
      t.core,
    );
    expect(resumed.stage).toBe('coaching');
    expect(await t.engagement()).toMatchObject({ stage: 'coaching', pausedStage: null, pausedAt: null });
    const after = await readOutbox(t.core, t.engagementId);
    expect(messagesTo(after, 'sponsor').some((r) => r.text.includes('has resumed'))).toBe(true);
  });

  it('pausing again after a resume announces again (version-keyed)', async () => {
    const t = await at('coaching');
    await pauseEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    await resumeEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    await pauseEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    const paused = messagesTo(await readOutbox(t.core, t.engagementId), 'sponsor').filter((r) =>
      r.key.endsWith(':paused:sponsor'),
    );
    expect(paused).toHaveLength(2);
  });

  it('ends: closedAt, purge date from the organisation retention, open meetings cancelled, people told', async () => {
    const t = await at('coaching');
    await t.setOrganisation({ retentionDays: 45 });
    const result = await endEngagement(
      { actor: hr, engagement: { kind: 'client', platformUserId: 'UCLIENT' } },
      t.core,
    );
    const now = t.core.clock.now();
    const engagement = await t.engagement();
    expect(engagement).toMatchObject({ stage: 'closed', closedAt: now });
    expect(engagement.purgeAfter?.toISOString()).toBe(
      new Date(now.getTime() + 45 * 86_400_000).toISOString(),
    );
    const meetings = await t.core.uow.read.meetings.listByEngagement(t.engagementId);
    expect(Object.fromEntries(meetings.map((m) => [m.kind, m.status]))).toEqual({
      kickoff: 'held',
      alignment: 'held',
      midpoint: 'cancelled',
      closing: 'cancelled',
    });
    const rows = await readOutbox(t.core, t.engagementId);
    expect(messagesTo(rows, 'client_dm').find((r) => r.key.endsWith(':ended:client'))?.text).toContain(
      `kept until ${formatDate(engagement.purgeAfter ?? now, 'Europe/London')}`,
    );
    expect(messagesTo(rows, 'sponsor').find((r) => r.key.endsWith(':ended:sponsor'))?.text).toContain(
      'HR has ended this coaching engagement',
    );
    expect(replyText(result.reply)).toContain('2 open meeting(s) cancelled');
  });

  it('ending a paused kickoff cancels rather than closes', async () => {
    const t = await at('kickoff');
    await pauseEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    expect(
      (await endEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core)).stage,
    ).toBe('cancelled');
  });

  it.each([
    ['an unknown prefix', { kind: 'id', id: 'ffffffff' }, 'not_found'],
    ['a word that is no id', { kind: 'id', id: 'UNOBODY' }, 'not_found'],
    ['an unknown client', { kind: 'client', platformUserId: 'UNOBODY' }, 'not_found'],
    ['an empty reference', { kind: 'id', id: '  ' }, 'validation_failed'],
  ] as const)('refuses %s with a readable error', async (_what, ref, code) => {
    const t = await at('kickoff');
    await expect(pauseEngagement({ actor: hr, engagement: ref }, t.core)).rejects.toMatchObject({ code });
  });

  it("refuses HR of another workspace: they cannot see this organisation's engagement", async () => {
    const t = await at('kickoff');
    const otherHr = { ...actor('UHR'), tenantId: 'T2' };
    await expect(
      pauseEngagement({ actor: otherHr, engagement: { kind: 'id', id: t.engagementId } }, t.core),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

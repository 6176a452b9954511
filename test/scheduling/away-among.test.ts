import { describe, expect, it } from 'vitest';
import { PresenceRateLimited } from '../../adapters/slack/slack-presence.js';
import type { Presence, PresenceFacts, PresenceQuestion } from '../../src/ports/presence.js';
import { awayAmong, type DueForPresence } from '../../src/scheduling/prompt-when-present.js';
import { organisation } from '../db/contract/fixtures.js';
import { createTestCore } from '../support/core-deps.js';

/**
 * The tick's away check asks each client's own organisation: with a token per workspace (Slack distribution
 * mode), presence without a workspace has no token to ask with, so the check must go through `forTenant`.
 */
describe('the tick’s away check for a batch of due engagements', () => {
  const dueAt = new Date('2026-11-23T09:30:00Z');
  const row = (engagementId: string, tenantId: string): DueForPresence => ({
    engagementId,
    dueAt,
    cycle: '2026-W48',
    cadence: 'weekly',
    startedAt: new Date('2026-11-02T09:00:00Z'),
    timeZone: 'Europe/London',
    platform: 'slack',
    organisationId: '00000000-0000-4000-8000-0000000000aa',
    tenantId,
    clientPlatformUserId: 'U0CLIENT',
  });

  it('asks the presence of each row’s own workspace, never the presence without one', async () => {
    const core = createTestCore();
    core.clock.set(dueAt);
    const asked: string[] = [];
    const slack = {
      isAway: async (): Promise<boolean> => {
        throw new Error('no workspace: no token to ask with');
      },
      forTenant: (tenantId: string) => ({
        isAway: async () => {
          asked.push(tenantId);
          return tenantId === 'T0AWAY';
        },
      }),
    };

    const away = await awayAmong(
      [
        row('00000000-0000-4000-8000-000000000001', 'T0AWAY'),
        row('00000000-0000-4000-8000-000000000002', 'T0HERE'),
      ],
      { ...core, presence: { slack } },
    );

    expect(asked.sort()).toEqual(['T0AWAY', 'T0HERE']);
    expect([...away.keys()]).toEqual(['00000000-0000-4000-8000-000000000001']);
    expect(away.get('00000000-0000-4000-8000-000000000001')?.outcome).toBe('away');
  });
});

/** The check against stored presence (in memory) and a bulk-capable presence that counts what it is asked. */
describe('the tick’s away check from stored presence', () => {
  const dueAt = new Date('2026-11-23T09:30:00Z');
  const hour = 3600_000;
  const org = organisation({ platformTenantId: 'T0ACME' });
  const row = (n: number): DueForPresence => ({
    engagementId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    dueAt,
    cycle: '2026-W48',
    cadence: 'weekly',
    startedAt: new Date('2026-11-02T09:00:00Z'),
    timeZone: 'Europe/London',
    platform: 'slack',
    organisationId: org.id,
    tenantId: 'T0ACME',
    clientPlatformUserId: `U${n}`,
  });

  async function setUp() {
    const core = createTestCore();
    core.clock.set(dueAt);
    await core.uow.transaction((repos) => repos.organisations.insert(org));
    const questions: PresenceQuestion[] = [];
    let answer = (question: PresenceQuestion): PresenceFacts[] => [
      ...question.dnd.map((id) => ({
        platformUserId: id,
        dnd: { enabled: false, startAt: null, endAt: null },
      })),
      ...question.status.map((id) => ({ platformUserId: id, status: { away: false, expiresAt: null } })),
    ];
    const slack: Presence = {
      lookUpLimit: 50,
      isAway: async () => {
        throw new Error('asked one by one');
      },
      lookUp: async (question) => {
        questions.push(question);
        return answer(question);
      },
    };
    return {
      core,
      questions,
      deps: { ...core, presence: { slack } },
      answerWith: (next: typeof answer) => {
        answer = next;
      },
    };
  }

  it('counts an expired status and a passed Do Not Disturb window as present, asking nothing', async () => {
    const { core, questions, deps } = await setUp();
    const past = new Date(dueAt.getTime() - hour);
    await core.uow.transaction((repos) =>
      repos.presenceRecords.save([
        {
          organisationId: org.id,
          platformUserId: 'U1',
          seenAt: past,
          status: { away: true, expiresAt: new Date(dueAt.getTime() - 60_000) },
          dnd: { enabled: true, startAt: new Date(dueAt.getTime() - 2 * hour), endAt: past },
        },
        {
          organisationId: org.id,
          platformUserId: 'U2',
          seenAt: past,
          status: { away: true, expiresAt: new Date(dueAt.getTime() + hour) },
          dnd: { enabled: false, startAt: null, endAt: null },
        },
        {
          organisationId: org.id,
          platformUserId: 'U3',
          seenAt: past,
          status: { away: false, expiresAt: null },
          dnd: { enabled: true, startAt: past, endAt: new Date(dueAt.getTime() + hour) },
        },
      ]),
    );

    const away = await awayAmong([row(1), row(2), row(3)], deps);

    expect([...away.keys()]).toEqual([row(2).engagementId, row(3).engagementId]);
    expect(questions).toEqual([]);
  });

  it('looks clients never seen up 50 a call, and stores what it learned', async () => {
    const { core, questions, deps } = await setUp();
    const rows = Array.from({ length: 120 }, (_, n) => row(n + 1));

    expect((await awayAmong(rows, deps)).size).toBe(0);

    const dndAsked = questions.map((q) => q.dnd.length).filter((n) => n > 0);
    expect(dndAsked.sort((a, b) => a - b)).toEqual([20, 50, 50]);
    expect(questions.reduce((sum, q) => sum + q.status.length, 0)).toBe(120);
    const stored = await core.uow.read.presenceRecords.listFor(
      rows.map((r) => ({ organisationId: org.id, platformUserId: r.clientPlatformUserId })),
    );
    expect(stored).toHaveLength(120);

    questions.length = 0;
    expect((await awayAmong(rows, deps)).size).toBe(0);
    expect(questions).toEqual([]);
  });

  it('counts a refused lookup (rate limited) as present, stores nothing, and asks again next time', async () => {
    const { core, questions, deps, answerWith } = await setUp();
    answerWith(() => {
      throw new PresenceRateLimited();
    });

    expect((await awayAmong([row(1), row(2)], deps)).size).toBe(0);
    expect(core.logLines.join('\n')).toContain('presence unknown; prompting anyway');
    expect(
      await core.uow.read.presenceRecords.listFor([{ organisationId: org.id, platformUserId: 'U1' }]),
    ).toEqual([]);
    expect(questions).toHaveLength(1);
  });
});

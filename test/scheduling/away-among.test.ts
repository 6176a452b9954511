import { describe, expect, it } from 'vitest';
import { awayAmong, type DueForPresence } from '../../src/scheduling/prompt-when-present.js';
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

import { describe, expect, it } from 'vitest';
import { words } from '../../../src/confidentiality/words.js';
import { section } from '../../../src/messages/compose/text.js';
import { claimInboundRequest, claimOnce } from '../../../src/use-cases/requests/claim-request.js';
import { queueNoticeOnce } from '../../../src/use-cases/spaces/queue-notice-once.js';
import { createTestCore } from '../../support/core-deps.js';
import { startTeamsTriad } from '../spaces/teams-triad.js';

describe('claiming what must happen once', () => {
  it('is true the first time and false for a repeat', async () => {
    const core = createTestCore();
    expect(await claimOnce({ key: 'teams:activity:c:1', outcome: { via: 'teams' } }, core)).toBe(true);
    expect(await claimOnce({ key: 'teams:activity:c:1', outcome: { via: 'teams' } }, core)).toBe(false);
    expect(await core.uow.read.processed.get('teams:activity:c:1')).toMatchObject({
      outcome: { via: 'teams' },
    });
  });

  it('lets an inbound request run when the database cannot be reached, so it can say nothing was saved', async () => {
    const core = createTestCore();
    const down = {
      ...core,
      uow: { ...core.uow, transaction: () => Promise.reject(new Error('connection refused')) },
    };
    expect(await claimInboundRequest({ key: 'slack:event:Ev1', outcome: { via: 'slack' } }, down)).toBe(true);
    expect(core.logLines.join('')).toContain('could not record a request key');
  });

  it('still drops an inbound repeat when the database answers', async () => {
    const core = createTestCore();
    expect(await claimInboundRequest({ key: 'slack:event:Ev1', outcome: { via: 'slack' } }, core)).toBe(true);
    expect(await claimInboundRequest({ key: 'slack:event:Ev1', outcome: { via: 'slack' } }, core)).toBe(
      false,
    );
  });

  it('refuses a key that is too long', async () => {
    const core = createTestCore();
    await expect(claimOnce({ key: 'k'.repeat(401), outcome: {} }, core)).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});

describe('queueing a notice once', () => {
  it('puts the notice in the outbox the first time only', async () => {
    const t = await startTeamsTriad();
    const count = async () => (await t.core.uow.read.outbox.listByEngagement(t.engagementId)).length;
    const before = await count();
    const notice = {
      audience: 'private' as const,
      destination: { kind: 'space' as const, engagementId: t.engagementId, space: 'client_dm' as const },
      summary: words('Set up your sponsor chat'),
      blocks: [section('Please start a group chat with your sponsor and add Triad.')],
    };
    expect(await queueNoticeOnce({ key: 'setup:sponsor' }, notice, t.core)).toBe(true);
    expect(await queueNoticeOnce({ key: 'setup:sponsor' }, notice, t.core)).toBe(false);
    expect(await count()).toBe(before + 1);
  });
});

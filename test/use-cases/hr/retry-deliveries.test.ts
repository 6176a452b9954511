import { describe, expect, it } from 'vitest';
import { engagementStatus } from '../../../src/use-cases/hr/engagement-status.js';
import { retryDeliveries } from '../../../src/use-cases/hr/retry-deliveries.js';
import { messageControls, replyText } from '../../support/outbox-reader.js';
import { client, hr, sponsor, startTriad } from './triad-fixture.js';

async function withFailedDelivery() {
  const t = await startTriad();
  const failedId = await t.core.uow.transaction(async (repos) => {
    const [entry] = (await repos.outbox.listByEngagement(t.engagementId)).filter((e) =>
      JSON.stringify(e.destination).includes('sponsor'),
    );
    if (!entry) throw new Error('no sponsor message');
    await repos.outbox.update({
      ...entry,
      status: 'failed',
      attempts: 10,
      lastErrorCode: 'channel_not_found',
    });
    return entry.id;
  });
  return { t, failedId };
}

describe('failed deliveries for HR', () => {
  it('shows HR how many messages failed, with a retry button and no content', async () => {
    const { t } = await withFailedDelivery();
    const { reply } = await engagementStatus(
      { actor: hr, engagement: { kind: 'id', id: t.engagementId } },
      t.core,
    );
    expect(replyText(reply)).toContain('Delivery failed for 1 message of this engagement');
    expect(replyText(reply)).not.toContain('channel_not_found');
    expect(messageControls(reply)).toContainEqual(
      expect.objectContaining({ actionId: 'delivery.retry', value: t.engagementId }),
    );
  });

  it('puts failed messages back in the queue once, and hands them to delivery after commit', async () => {
    const { t, failedId } = await withFailedDelivery();
    t.core.scheduler.delivered.length = 0;
    const first = await retryDeliveries(
      { actor: hr, engagement: { kind: 'id', id: t.engagementId } },
      t.core,
    );
    expect(first.retried).toBe(1);
    expect(t.core.scheduler.delivered).toEqual([failedId]);
    const entry = await t.core.uow.read.outbox.get(failedId);
    expect(entry?.status).toBe('pending');
    expect(entry?.attempts).toBe(1);

    const again = await retryDeliveries(
      { actor: hr, engagement: { kind: 'id', id: t.engagementId } },
      t.core,
    );
    expect(again.retried).toBe(0);
    expect(replyText(again.reply)).toContain('No message of this engagement has failed delivery');
    const { reply } = await engagementStatus(
      { actor: hr, engagement: { kind: 'id', id: t.engagementId } },
      t.core,
    );
    expect(replyText(reply)).not.toContain('Delivery failed');
  });

  it.each([
    ['client', client],
    ['sponsor', sponsor],
  ])('refuses the %s and changes nothing', async (_role, actor) => {
    const { t, failedId } = await withFailedDelivery();
    await expect(
      retryDeliveries({ actor, engagement: { kind: 'id', id: t.engagementId } }, t.core),
    ).rejects.toMatchObject({
      code: 'not_authorised',
    });
    expect((await t.core.uow.read.outbox.get(failedId))?.status).toBe('failed');
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxRow } from '../../src/confidentiality/sealed-rows.js';
import { deliverOutboxEntry } from '../../src/outbox/deliver-outbox-entry.js';
import { inTransaction } from '../../src/outbox/unit.js';
import type { TestCore } from '../support/core-deps.js';
import { httpMessenger, type MessageSink, startMessageSink } from '../support/recording-messenger.js';
import { queueMessage, startedEngagement } from './started-engagement.js';

let sink: MessageSink;
beforeAll(async () => {
  sink = await startMessageSink();
});
afterAll(() => sink.close());

const deps = (core: TestCore, maxAttempts = 3) => ({
  ...core,
  messengers: { slack: httpMessenger(sink.url) },
  policy: { maxAttempts, baseDelayMs: 1000, maxDelayMs: 60_000 },
});
const deliver = (core: TestCore, outboxId: string, maxAttempts?: number) =>
  deliverOutboxEntry({ outboxId }, deps(core, maxAttempts));
const postedFor = (outboxId: string) => sink.messages.filter((m) => m.outboxId === outboxId);
const retractedFor = (outboxId: string) => sink.retracted.filter((m) => m.outboxId === outboxId);
const retract = (core: TestCore, outboxId: string) =>
  inTransaction(core, (unit) => unit.retract(outboxId, `retract:${outboxId}`));

/** A started engagement whose welcomes were delivered, with one more message queued for its sponsor space. */
async function withSponsorMessage() {
  const started = await startedEngagement();
  for (const id of started.outboxIds) await deliver(started.core, id);
  const { core, engagement } = started;
  const id = await queueMessage(core, engagement.id, `e:${engagement.id}:${randomUUID()}`, {
    space: 'sponsor',
  });
  return { core, engagement, id };
}

describe('taking back a posted message through the outbox', () => {
  it('deletes a sent message from its space, once, however often the retraction is delivered', async () => {
    const { core, id } = await withSponsorMessage();
    await deliver(core, id);
    expect(postedFor(id)).toHaveLength(1);

    const taken = await retract(core, id);
    if (taken.cancelled) throw new Error('a sent message cannot be cancelled');
    const first = await deliver(core, taken.retractionId);
    const again = await deliver(core, taken.retractionId);

    expect(first).toMatchObject({ outcome: 'sent', platformMessageId: retractedFor(id)[0]?.messageId });
    expect(again).toEqual({ outcome: 'skipped', status: 'sent' });
    expect(postedFor(id)).toEqual([]);
    expect(retractedFor(id)).toHaveLength(1);
    expect((await core.uow.read.outbox.get(id))?.status).toBe('sent');
  });

  it('cancels a message that was never tried: nothing is ever posted and no retraction is queued', async () => {
    const { core, engagement, id } = await withSponsorMessage();
    const before = (await core.uow.read.outbox.listByEngagement(engagement.id)).length;

    expect(await retract(core, id)).toEqual({ cancelled: true });
    expect(await deliver(core, id)).toEqual({ outcome: 'skipped', status: 'cancelled' });

    expect(postedFor(id)).toEqual([]);
    expect((await core.uow.read.outbox.listByEngagement(engagement.id)).length).toBe(before);
  });

  it('waits while the message is still being delivered, then deletes it once it is posted', async () => {
    const { core, id } = await withSponsorMessage();
    sink.failNext({ kind: 'status', status: 500 });
    expect(await deliver(core, id)).toMatchObject({ outcome: 'retry' });

    const taken = await retract(core, id);
    if (taken.cancelled) throw new Error('an attempt had started: it must not be cancelled');
    expect(await deliver(core, taken.retractionId)).toMatchObject({
      outcome: 'retry',
      code: 'retracted_message_in_flight',
    });
    await deliver(core, id);
    expect(postedFor(id)).toHaveLength(1);
    expect(await deliver(core, taken.retractionId)).toMatchObject({ outcome: 'sent' });

    expect(postedFor(id)).toEqual([]);
    expect(retractedFor(id)).toHaveLength(1);
  });

  it('looks for a message whose delivery failed after an attempt that may have reached the platform', async () => {
    const { core, id } = await withSponsorMessage();
    sink.failNext({ kind: 'drop_after_post' });
    expect(await deliver(core, id, 1)).toMatchObject({ outcome: 'failed' });
    expect(postedFor(id)).toHaveLength(1);

    const taken = await retract(core, id);
    if (taken.cancelled) throw new Error('an attempt had started: it must not be cancelled');
    expect(await deliver(core, taken.retractionId)).toMatchObject({ outcome: 'sent' });

    expect(postedFor(id)).toEqual([]);
    expect(retractedFor(id)).toHaveLength(1);
  });

  it('refuses a retraction entry that carries content: audited without it, nothing deleted', async () => {
    const { core, engagement, id } = await withSponsorMessage();
    await deliver(core, id);
    const canary = `canary-${randomUUID()}`;
    const payload = {
      type: 'retraction',
      engagementId: engagement.id,
      space: 'sponsor',
      retracts: id,
      message: { summary: canary },
    };
    const now = core.clock.now();
    const forged = randomUUID();
    const sealed = core.cipher.seal(
      JSON.stringify(payload),
      outboxRow({ id: forged, engagementId: engagement.id }),
    );
    const sponsorSpace = await core.uow.read.spaces.find(engagement.id, 'sponsor');
    await core.uow.transaction((repos) =>
      repos.outbox.insert({
        id: forged,
        engagementId: engagement.id,
        destination: { kind: 'space', engagementId: engagement.id, space: 'sponsor' },
        idempotencyKey: `forged:${forged}`,
        spaceId: sponsorSpace?.id ?? null,
        readers: [],
        ...sealed,
        status: 'pending',
        attempts: 0,
        lastErrorCode: null,
        availableAt: now,
        sentAt: null,
        platformMessageId: null,
        createdAt: now,
        updatedAt: now,
      }),
    );

    expect(await deliver(core, forged)).toEqual({ outcome: 'refused' });

    expect(postedFor(id)).toHaveLength(1);
    expect(retractedFor(id)).toEqual([]);
    expect(await core.uow.read.outbox.get(forged)).toMatchObject({
      status: 'refused',
      lastErrorCode: 'confidentiality_violation',
    });
    const audit = await core.uow.read.audit.listByEngagement(engagement.id);
    expect(audit.filter((a) => a.outcome === 'refused')).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ reason: 'retraction_with_content' }) }),
    ]);
    expect(JSON.stringify(audit) + core.logLines.join('')).not.toContain(canary);
  });

  it('takes back only a message posted in an engagement space', async () => {
    const { core, engagement } = await withSponsorMessage();
    const toDm = await queueMessage(core, engagement.id, `e:${engagement.id}:dm`, { space: 'client_dm' });
    await expect(retract(core, toDm)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(retract(core, randomUUID())).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutboxEntry } from '../../src/outbox/deliver-outbox-entry.js';
import { retryFailedDelivery } from '../../src/outbox/retry-failed-delivery.js';
import { composeHome } from '../../src/use-cases/home/compose-home.js';
import { engagementStatus } from '../../src/use-cases/hr/engagement-status.js';
import { reassignCoach } from '../../src/use-cases/hr/reassign-coach.js';
import { retryDeliveries } from '../../src/use-cases/hr/retry-deliveries.js';
import { answerPrompt } from '../../src/use-cases/reflections/answer-prompt.js';
import { shareAnswerWithCoach } from '../../src/use-cases/reflections/share-answer-with-coach.js';
import { httpMessenger, type MessageSink, startMessageSink } from '../support/recording-messenger.js';
import { actorOf, actors, type TriadFixture, textOf, triadIn } from '../use-cases/client/triad-fixture.js';

/**
 * Issue 12, defects 1 and 4: what the client shared with one coach is theirs and the client's. A coach who
 * replaces them reads none of it — not in App Home, not through a failed message HR retries.
 */
const SHARED_WITH_KIM = 'CANARY-shared-with-kim-5d1e';
const SHARED_WITH_LEE = 'CANARY-shared-with-lee-8a2c';
const newCoach = actorOf('UCOACH2');

let sink: MessageSink;
beforeAll(async () => {
  sink = await startMessageSink();
});
afterAll(() => sink.close());

async function shareWithCoach(triad: TriadFixture, text: string, dueAt?: Date): Promise<string> {
  const promptId = await triad.issue(dueAt);
  await answerPrompt({ actor: actors.client, promptId, text }, triad.core);
  await shareAnswerWithCoach({ actor: actors.client, promptId }, triad.core);
  return promptId;
}

/** The outbox row that carries `text` to the coaching space. */
async function coachingRowWith(triad: TriadFixture, text: string) {
  const row = (await triad.outbox()).find(
    ({ message, json }) =>
      message?.destination.kind === 'space' &&
      message.destination.space === 'coaching' &&
      json.includes(text),
  );
  if (!row) throw new Error('no coaching message with that text');
  return row.entry;
}

const deliver = (triad: TriadFixture, outboxId: string) =>
  deliverOutboxEntry({ outboxId }, { ...triad.core, messengers: { slack: httpMessenger(sink.url) } });

describe('a coach who replaces another', () => {
  it('does not see in App Home what the client shared with the previous coach, only what was shared with them', async () => {
    const triad = await triadIn();
    await shareWithCoach(triad, SHARED_WITH_KIM);
    await reassignCoach(
      { actor: actors.hr, engagement: { kind: 'id', id: triad.engagementId }, coachUserId: 'UCOACH2' },
      triad.core,
    );

    const before = textOf((await composeHome({ actor: newCoach }, triad.core)).sections);
    expect(before).toContain('Coaching Casey Client');
    expect(before).not.toContain(SHARED_WITH_KIM);
    expect(before).toContain('Casey Client has not shared anything with you yet.');

    await shareWithCoach(triad, SHARED_WITH_LEE, new Date('2026-11-30T09:30:00Z'));
    const after = textOf((await composeHome({ actor: newCoach }, triad.core)).sections);
    expect(after).toContain(SHARED_WITH_LEE);
    expect(after).not.toContain(SHARED_WITH_KIM);

    const client = textOf((await composeHome({ actor: actors.client }, triad.core)).sections);
    expect(client).toContain('coach Lee Coach');
  });

  it('never receives a failed "shared with your coach" message meant for the previous coach, even when HR retries', async () => {
    const triad = await triadIn();
    await shareWithCoach(triad, SHARED_WITH_KIM);
    const failed = await coachingRowWith(triad, SHARED_WITH_KIM);
    await triad.core.uow.transaction((repos) =>
      repos.outbox.update({ ...failed, status: 'failed', attempts: 10, lastErrorCode: 'channel_not_found' }),
    );
    await reassignCoach(
      { actor: actors.hr, engagement: { kind: 'id', id: triad.engagementId }, coachUserId: 'UCOACH2' },
      triad.core,
    );

    const retried = await retryDeliveries(
      { actor: actors.hr, engagement: { kind: 'id', id: triad.engagementId } },
      triad.core,
    );
    expect(await retryFailedDelivery({ outboxId: failed.id }, triad.core)).toBe(false);
    const outcome = await deliver(triad, failed.id);

    expect(outcome.outcome).not.toBe('sent');
    expect(sink.messages.filter((m) => m.text.includes(SHARED_WITH_KIM))).toEqual([]);
    expect(retried.retried).toBe(0);
    expect(textOf(retried.reply)).toContain('No message of this engagement has failed delivery');
    expect(await triad.core.uow.read.outbox.get(failed.id)).toMatchObject({
      status: 'cancelled',
      lastErrorCode: 'coach_changed',
    });
  });

  it('refuses to deliver, and HR cannot retry, an entry still bound to the retired coaching space', async () => {
    const triad = await triadIn();
    await shareWithCoach(triad, SHARED_WITH_KIM);
    const stale = await coachingRowWith(triad, SHARED_WITH_KIM);
    await reassignCoach(
      { actor: actors.hr, engagement: { kind: 'id', id: triad.engagementId }, coachUserId: 'UCOACH2' },
      triad.core,
    );
    // A race (or an old worker) left it pending after the space was retired.
    await triad.core.uow.transaction(async (repos) => {
      const current = await repos.outbox.get(stale.id);
      if (current) await repos.outbox.update({ ...current, status: 'pending', lastErrorCode: null });
    });

    expect(await deliver(triad, stale.id)).toEqual({ outcome: 'refused' });
    expect(sink.messages.filter((m) => m.outboxId === stale.id)).toEqual([]);
    expect(await triad.core.uow.read.outbox.get(stale.id)).toMatchObject({
      status: 'refused',
      lastErrorCode: 'space_retired',
    });
    const audit = await triad.core.uow.read.audit.listByEngagement(triad.engagementId);
    const refusal = audit.find((a) => a.action === 'delivery_refused');
    expect(refusal).toMatchObject({
      outcome: 'refused',
      details: { outboxId: stale.id, reason: 'space_retired' },
    });
    expect(JSON.stringify(audit)).not.toContain(SHARED_WITH_KIM);

    await triad.core.uow.transaction(async (repos) => {
      const current = await repos.outbox.get(stale.id);
      if (current) await repos.outbox.update({ ...current, status: 'failed' });
    });
    const retried = await retryDeliveries(
      { actor: actors.hr, engagement: { kind: 'id', id: triad.engagementId } },
      triad.core,
    );
    // HR never learns of failures in private spaces; the entry stays as it was.
    expect(retried.retried).toBe(0);
    expect(textOf(retried.reply)).toContain('No message of this engagement has failed delivery');
    expect(await retryFailedDelivery({ outboxId: stale.id }, triad.core)).toBe(false);
    expect((await triad.core.uow.read.outbox.get(stale.id))?.status).toBe('failed');
    const refusals = (await triad.core.uow.read.audit.listByEngagement(triad.engagementId)).filter(
      (a) => a.action === 'delivery_retry_refused',
    );
    expect(refusals).toMatchObject([
      { outcome: 'refused', details: { outboxId: stale.id, reason: 'space_retired' } },
    ]);
  });
});

describe("HR's status", () => {
  it('counts failed deliveries of the sponsor space and HR messages, never of the private spaces', async () => {
    const triad = await triadIn();
    await shareWithCoach(triad, SHARED_WITH_KIM);
    const coaching = await coachingRowWith(triad, SHARED_WITH_KIM);
    const rows = await triad.outbox();
    const dm = rows.find(
      ({ message }) => message?.destination.kind === 'space' && message.destination.space === 'client_dm',
    );
    const sponsor = rows.find(
      ({ message }) => message?.destination.kind === 'space' && message.destination.space === 'sponsor',
    );
    if (!dm || !sponsor) throw new Error('missing rows');
    await triad.core.uow.transaction(async (repos) => {
      for (const entry of [coaching, dm.entry]) {
        const current = await repos.outbox.get(entry.id);
        if (current)
          await repos.outbox.update({ ...current, status: 'failed', lastErrorCode: 'channel_not_found' });
      }
    });
    const privateOnly = await engagementStatus(
      { actor: actors.hr, engagement: { kind: 'id', id: triad.engagementId } },
      triad.core,
    );
    expect(textOf(privateOnly.reply)).not.toContain('Delivery failed');

    await triad.core.uow.transaction(async (repos) => {
      const current = await repos.outbox.get(sponsor.entry.id);
      if (current)
        await repos.outbox.update({ ...current, status: 'failed', lastErrorCode: 'channel_not_found' });
    });
    const withSponsor = await engagementStatus(
      { actor: actors.hr, engagement: { kind: 'id', id: triad.engagementId } },
      triad.core,
    );
    expect(textOf(withSponsor.reply)).toContain('Delivery failed for 1 message of this engagement');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutboxEntry } from '../../src/outbox/deliver-outbox-entry.js';
import type { TestCore } from '../support/core-deps.js';
import { httpMessenger, type MessageSink, startMessageSink } from '../support/recording-messenger.js';
import { queueMessage, startedEngagement } from './started-engagement.js';

let sink: MessageSink;
beforeAll(async () => {
  sink = await startMessageSink();
});
afterAll(() => sink.close());

const deps = (core: TestCore) => ({ ...core, messengers: { slack: httpMessenger(sink.url) } });

describe('delivery order within a space', () => {
  it('adds the coach to the sponsor space before posting that they joined, whatever order the jobs run in', async () => {
    const { core, engagement, outboxIds } = await startedEngagement();
    // Deliver newest first: the announcement is tried before the membership written with it.
    const results = [];
    for (const id of [...outboxIds].reverse())
      results.push(await deliverOutboxEntry({ outboxId: id }, deps(core)));
    expect(results.some((r) => r.outcome === 'retry' && r.code === 'ordered')).toBe(true);
    for (const id of outboxIds) await deliverOutboxEntry({ outboxId: id }, deps(core));

    const sponsorSpace = `sponsor.${engagement.id}`;
    const joined = sink.memberships.find((m) => m.conversation === sponsorSpace && m.user === 'UCOACH');
    const announced = sink.messages.find(
      (m) => m.conversation === sponsorSpace && m.text.includes('has joined this space'),
    );
    expect(joined?.order).toBeDefined();
    expect(announced?.order).toBeDefined();
    expect(joined?.order ?? 0).toBeLessThan(announced?.order ?? 0);
  });

  it('posts a later message to a space only after an earlier one still waiting its first try', async () => {
    const { core, engagement, outboxIds } = await startedEngagement();
    for (const id of outboxIds) await deliverOutboxEntry({ outboxId: id }, deps(core));
    const first = await queueMessage(core, engagement.id, `e:${engagement.id}:first`, { space: 'client_dm' });
    core.clock.advance(1000);
    const second = await queueMessage(core, engagement.id, `e:${engagement.id}:second`, {
      space: 'client_dm',
    });

    expect(await deliverOutboxEntry({ outboxId: second }, deps(core))).toMatchObject({ outcome: 'retry' });
    expect(await deliverOutboxEntry({ outboxId: first }, deps(core))).toMatchObject({ outcome: 'sent' });
    expect(await deliverOutboxEntry({ outboxId: second }, deps(core))).toMatchObject({ outcome: 'sent' });
  });
});

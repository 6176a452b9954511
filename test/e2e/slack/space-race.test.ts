import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logistics } from '../../../src/confidentiality/parts.js';
import { words } from '../../../src/confidentiality/words.js';
import type { OutboundMessage } from '../../../src/messages/message.js';
import { deliverOutboxEntry } from '../../../src/outbox/deliver-outbox-entry.js';
import { inTransaction } from '../../../src/outbox/unit.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { type SlackHarness, startSlackHarness } from './slack-harness.js';

const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';

/** The outbox entries of a private channel not opened yet, delivered by as many workers at the same moment. */
describe('first deliveries to a new Slack private channel, at the same time', () => {
  let h: SlackHarness;

  beforeAll(async () => {
    h = await startSlackHarness({
      users: [
        { id: HR, name: 'harper' },
        { id: CLIENT, name: 'jane' },
        { id: SPONSOR, name: 'sam' },
        { id: COACH, name: 'kim' },
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('open one channel and post every message in it once, in the order written, with no error', async () => {
    const { core } = h.deps;
    const actor = { platform: 'slack' as const, tenantId: h.fake.identity.teamId, platformUserId: HR };
    const { engagementId } = await startEngagement(
      { actor, clientUserId: CLIENT, sponsorUserId: SPONSOR, coachUserIds: [COACH] },
      core,
    );
    const note: OutboundMessage<'shared'> = {
      audience: 'shared',
      destination: { kind: 'space', engagementId, space: 'sponsor' },
      summary: words('The kickoff is being scheduled.'),
      blocks: [{ type: 'section', text: [logistics('The kickoff is being scheduled.')] }],
    };
    await inTransaction(core, (unit) => unit.send(note, `engagement:${engagementId}:test:sponsor-note`));
    const pending = await h.database.sql<{ id: string; key: string }[]>`
      select id, idempotency_key as key from outbox
      where status = 'pending' and destination->>'space' = 'sponsor' order by seq`;
    const messages = pending.filter(
      (p) => p.key.endsWith(':welcome:sponsor') || p.key.endsWith(':sponsor-note'),
    );
    expect(messages).toHaveLength(2);

    const deps = { ...core, messengers: { slack: h.messenger } };
    // Every delivery job starts at once, as a worker with spare concurrency would run them; those told to wait
    // for an earlier entry of the space start again, all at once, until none is left.
    const outcomes = new Map<string, string>();
    for (let round = 0; round < pending.length && outcomes.size < pending.length; round += 1) {
      const waiting = pending.filter(({ id }) => !outcomes.has(id));
      const results = await Promise.all(waiting.map(({ id }) => deliverOutboxEntry({ outboxId: id }, deps)));
      results.forEach((result, i) => {
        if (result.outcome === 'retry' && result.reason === 'ordered') return;
        outcomes.set(waiting[i]?.id ?? '', result.outcome);
      });
    }

    expect(pending.map(({ id }) => outcomes.get(id))).toEqual(pending.map(() => 'sent'));
    const channels = h.fake.conversations.all().filter((c) => c.name.startsWith('triad-sponsor-'));
    expect(channels).toHaveLength(1);
    const channel = channels[0]?.id ?? '';
    const carried = h.fake
      .messagesIn(channel)
      .map((m) => (m.metadata?.event_payload as { outbox_id?: string } | undefined)?.outbox_id);
    expect(carried).toEqual(pending.filter(({ key }) => !key.includes(':join:')).map(({ id }) => id));
    expect(carried).toEqual(expect.arrayContaining(messages.map((m) => m.id)));
    expect(h.fake.conversations.get(channel)?.members).toEqual(
      expect.arrayContaining([SPONSOR, CLIENT, COACH]),
    );
    const [space] = await h.database.sql<{ address: { channel: string } }[]>`
      select address from spaces where engagement_id = ${engagementId} and kind = 'sponsor'`;
    expect(space?.address).toEqual({ channel });
  });
});

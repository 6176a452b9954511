import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateText } from '../../src/confidentiality/private-text.js';
import { releasedPart, releasePrivateText } from '../../src/confidentiality/release.js';
import { releaseRow } from '../../src/confidentiality/sealed-rows.js';
import { words } from '../../src/confidentiality/words.js';
import type { Platform } from '../../src/engagement/records.js';
import { deliverOutboxEntry } from '../../src/outbox/deliver-outbox-entry.js';
import { failedDeliveries, retryFailedDelivery } from '../../src/outbox/retry-failed-delivery.js';
import { inTransaction } from '../../src/outbox/unit.js';
import type { Messenger } from '../../src/ports/messenger.js';
import type { TestCore } from '../support/core-deps.js';
import { httpMessenger, type MessageSink, startMessageSink } from '../support/recording-messenger.js';
import { queueMessage, startedEngagement } from './started-engagement.js';

let sink: MessageSink;
beforeAll(async () => {
  sink = await startMessageSink();
});
afterAll(() => sink.close());

const deps = (core: TestCore, policy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000 }) => ({
  ...core,
  messengers: { slack: httpMessenger(sink.url) },
  policy,
});
const sentFor = (outboxId: string) => sink.messages.filter((m) => m.outboxId === outboxId);
const row = async (core: TestCore, id: string) => core.uow.read.outbox.get(id);
/** A started engagement whose welcomes were delivered (tried), so a new message to its spaces is next in line. */
async function welcomed(platform?: Platform) {
  const started = await startedEngagement(undefined, platform);
  for (const id of started.outboxIds) await deliverOutboxEntry({ outboxId: id }, deps(started.core));
  return started;
}

describe('delivering the outbox', () => {
  it('posts each welcome once, opening the spaces and storing their addresses', async () => {
    const { core, engagement, outboxIds } = await startedEngagement();

    for (const id of outboxIds) await deliverOutboxEntry({ outboxId: id }, deps(core));
    for (const id of outboxIds) await deliverOutboxEntry({ outboxId: id }, deps(core));

    const messages = outboxIds.flatMap(sentFor);
    expect(messages.map((m) => m.conversation).sort()).toEqual([
      `client_dm.${engagement.id}`,
      `coaching.${engagement.id}`,
      'dm.UCOACH',
      `sponsor.${engagement.id}`,
      `sponsor.${engagement.id}`,
    ]);
    const spaces = await core.uow.read.spaces.listByEngagement(engagement.id);
    expect(spaces.map((s) => s.address)).toEqual(
      spaces.map((s) => ({ conversation: `${s.kind}.${engagement.id}` })),
    );
    for (const id of outboxIds) expect((await row(core, id))?.status).toBe('sent');
    const joins = sink.memberships.filter((m) => m.conversation.endsWith(engagement.id));
    expect(joins.map((m) => `${m.change} ${m.user} to ${m.conversation.split('.')[0]}`).sort()).toEqual([
      'add UCOACH to coaching',
      'add UCOACH to sponsor',
    ]);
  });

  it('does not post again when the earlier attempt was delivered but its answer was lost', async () => {
    const { core, engagement } = await welcomed();
    const id = await queueMessage(core, engagement.id, `e:${engagement.id}:lost-answer`, {
      space: 'client_dm',
    });

    sink.failNext({ kind: 'drop_after_post' });
    const first = await deliverOutboxEntry({ outboxId: id }, deps(core));
    const second = await deliverOutboxEntry({ outboxId: id }, deps(core));

    expect(first).toMatchObject({ outcome: 'retry', code: 'platform_unreachable' });
    expect(second).toMatchObject({ outcome: 'sent', recovered: true });
    expect(sentFor(id)).toHaveLength(1);
    expect(await row(core, id)).toMatchObject({
      status: 'sent',
      platformMessageId: sentFor(id)[0]?.messageId,
    });
  });

  it('waits as long as a 429 asks, without using up an attempt', async () => {
    const { core, engagement } = await welcomed();
    const id = await queueMessage(core, engagement.id, `e:${engagement.id}:rate`, { space: 'client_dm' });

    sink.failNext({ kind: 'status', status: 429, retryAfterSeconds: 7 });
    const outcome = await deliverOutboxEntry({ outboxId: id }, deps(core));

    expect(outcome).toEqual({
      outcome: 'retry',
      code: 'rate_limited',
      reason: 'rate_limited',
      at: new Date(core.clock.now().getTime() + 7000),
    });
    expect(await row(core, id)).toMatchObject({ status: 'pending', attempts: 0 });
    await deliverOutboxEntry({ outboxId: id }, deps(core));
    expect(sentFor(id)).toHaveLength(1);
  });

  it('backs off exponentially on platform errors and ends failed after the last attempt, with a code only', async () => {
    const { core, engagement } = await welcomed();
    const id = await queueMessage(core, engagement.id, `e:${engagement.id}:flaky`, { space: 'client_dm' });
    sink.failNext(
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
    );

    const retries = [];
    for (let i = 0; i < 3; i += 1) {
      const outcome = await deliverOutboxEntry({ outboxId: id }, deps(core));
      retries.push(outcome.outcome === 'retry' ? outcome.at.getTime() - core.clock.now().getTime() : outcome);
    }

    expect(retries).toEqual([1000, 2000, { outcome: 'failed', code: 'http_500' }]);
    expect(await failedDeliveries(core.uow.read, { engagementId: engagement.id })).toEqual([
      {
        outboxId: id,
        engagementId: engagement.id,
        code: 'http_500',
        attempts: 3,
        failedAt: expect.any(Date),
      },
    ]);
    expect(sentFor(id)).toEqual([]);
  });

  it('fails at once when the platform says no for good, and delivers after a retry', async () => {
    const { core, engagement } = await welcomed();
    const id = await queueMessage(core, engagement.id, `e:${engagement.id}:gone`, { space: 'client_dm' });

    sink.failNext({ kind: 'status', status: 404 });
    expect(await deliverOutboxEntry({ outboxId: id }, deps(core))).toEqual({
      outcome: 'failed',
      code: 'channel_not_found',
    });
    expect(await retryFailedDelivery({ outboxId: id }, core)).toBe(true);
    expect(core.scheduler.delivered).toContain(id);
    expect(await deliverOutboxEntry({ outboxId: id }, deps(core))).toMatchObject({ outcome: 'sent' });
    expect(sentFor(id)).toHaveLength(1);
  });

  it('posts meeting messages in one thread of the sponsor space', async () => {
    const { core, engagement } = await welcomed();
    const meeting = (await core.uow.read.meetings.listByEngagement(engagement.id)).find(
      (m) => m.kind === 'alignment',
    );
    const thread = { space: 'sponsor' as const, threadMeetingId: meeting?.id ?? '' };
    const first = await queueMessage(core, engagement.id, `e:${engagement.id}:t1`, thread);
    const second = await queueMessage(core, engagement.id, `e:${engagement.id}:t2`, thread);

    await deliverOutboxEntry({ outboxId: first }, deps(core));
    await deliverOutboxEntry({ outboxId: second }, deps(core));

    const starter = sentFor(first)[0];
    expect(starter?.thread).toBeNull();
    expect(sentFor(second)[0]?.thread).toBe(starter?.messageId);
    expect((await core.uow.read.meetings.get(meeting?.id ?? ''))?.threadAddress).toEqual({
      conversation: `sponsor.${engagement.id}`,
      thread: starter?.messageId,
    });
  });

  it('gives a platform that keeps a meeting in one message the thread so far, in order, without its posts', async () => {
    const { core, engagement } = await welcomed();
    const meeting = (await core.uow.read.meetings.listByEngagement(engagement.id)).find(
      (m) => m.kind === 'alignment',
    );
    const thread = { space: 'sponsor' as const, threadMeetingId: meeting?.id ?? '' };
    const state = await queueMessage(core, engagement.id, `e:${engagement.id}:s`, thread);
    const post = await queueMessage(core, engagement.id, `e:${engagement.id}:p`, {
      ...thread,
      threadRole: 'post',
    });
    const note = await queueMessage(core, engagement.id, `e:${engagement.id}:n`, {
      ...thread,
      threadRole: 'note',
    });
    const plain = httpMessenger(sink.url);
    const seen: (string[] | undefined)[] = [];
    const inOneMessage: Messenger = {
      ...plain,
      threadInOneMessage: true,
      send: (address, message, options) => {
        seen.push(options.threadMessages?.map((one) => one.outboxId));
        return plain.send(address, message, options);
      },
    };
    const oneMessageDeps = { ...deps(core), messengers: { slack: inOneMessage } };

    for (const id of [note, post, state]) await deliverOutboxEntry({ outboxId: id }, oneMessageDeps);
    for (const id of [post, note]) await deliverOutboxEntry({ outboxId: id }, oneMessageDeps);

    // Each send sees the thread as written (the entry being sent in its place); another entry's post never.
    expect(seen).toEqual([[state], [state, post], [state, note]]);
  });

  it('refuses a message whose release was withdrawn after it was queued: audited, nothing posted', async () => {
    const { core, engagement } = await welcomed();
    const canary = `canary-${randomUUID()}`;
    const consentId = randomUUID();
    const releaseId = randomUUID();
    const now = core.clock.now();
    const sealed = core.cipher.seal(canary, releaseRow({ id: releaseId, engagementId: engagement.id }));
    const hashText = (text: string) => core.cipher.hashText(text);
    const id = await inTransaction(core, async (unit) => {
      await unit.repos.consents.insert({
        id: consentId,
        engagementId: engagement.id,
        clientId: engagement.clientId,
        kind: 'release',
        textHash: hashText(canary),
        grantedAt: now,
        withdrawnAt: null,
      });
      await unit.repos.releases.insert({
        id: releaseId,
        engagementId: engagement.id,
        entryId: randomUUID(),
        entryVersion: 1,
        status: 'released',
        ...sealed,
        textHash: hashText(canary),
        consentId,
        previewedAt: now,
        releasedAt: now,
        withdrawnAt: null,
      });
      const released = releasePrivateText(
        releaseId,
        PrivateText.of(canary),
        {
          consentId,
          engagementId: engagement.id,
          clientId: engagement.clientId,
          textHash: hashText(canary),
          grantedAt: now,
        },
        core.cipher,
      );
      return unit.send(
        {
          audience: 'shared',
          destination: { kind: 'space', engagementId: engagement.id, space: 'sponsor' },
          summary: words('A goal was shared'),
          blocks: [{ type: 'section', text: [releasedPart(released)] }],
        },
        `e:${engagement.id}:release:${releaseId}`,
      );
    });
    await core.uow.transaction(async (repos) => {
      const release = await repos.releases.get(releaseId);
      if (release) await repos.releases.update({ ...release, status: 'withdrawn', withdrawnAt: now });
    });

    expect(await deliverOutboxEntry({ outboxId: id }, deps(core))).toEqual({ outcome: 'refused' });

    expect(sentFor(id)).toEqual([]);
    expect(await row(core, id)).toMatchObject({
      status: 'refused',
      lastErrorCode: 'confidentiality_violation',
    });
    const audit = await core.uow.read.audit.listByEngagement(engagement.id);
    expect(audit.filter((a) => a.outcome === 'refused')).toEqual([
      expect.objectContaining({
        action: 'outbound_gate',
        details: expect.objectContaining({ reason: 'release_withdrawn' }),
      }),
    ]);
    expect(JSON.stringify(audit) + core.logLines.join('')).not.toContain(canary);
  });

  it('sends HR notifications to the person directly and remembers that conversation', async () => {
    const { core, engagement } = await startedEngagement();
    const hrId = engagement.startedById;
    const id = await inTransaction(core, (unit) =>
      unit.send(
        {
          audience: 'admin',
          destination: { kind: 'hr', personId: hrId, engagementId: engagement.id },
          summary: words('Engagement paused'),
          blocks: [{ type: 'section', text: [{ kind: 'logistics', text: 'Paused.' }] }],
        },
        `e:${engagement.id}:hr-note`,
      ),
    );

    await deliverOutboxEntry({ outboxId: id }, deps(core));

    expect(sentFor(id).map((m) => m.conversation)).toEqual(['dm.UHR']);
    expect((await core.uow.read.people.get(hrId))?.directAddress).toEqual({ conversation: 'dm.UHR' });
  });

  it('fails an entry for a platform that has no messenger configured', async () => {
    const { core, engagement } = await welcomed('teams');
    const id = await queueMessage(core, engagement.id, `e:${engagement.id}:teams`, { space: 'client_dm' });
    expect(await deliverOutboxEntry({ outboxId: id }, deps(core))).toEqual({
      outcome: 'failed',
      code: 'platform_not_configured',
    });
  });

  it('delivers a space’s entries in the order they were written, whichever job runs first', async () => {
    const { core, engagement } = await welcomed();
    const first = await queueMessage(core, engagement.id, `e:${engagement.id}:first`, { space: 'sponsor' });
    const second = await queueMessage(core, engagement.id, `e:${engagement.id}:second`, { space: 'sponsor' });
    const elsewhere = await queueMessage(core, engagement.id, `e:${engagement.id}:dm`, {
      space: 'client_dm',
    });

    expect(await deliverOutboxEntry({ outboxId: second }, deps(core))).toMatchObject({
      outcome: 'retry',
      reason: 'ordered',
    });
    expect(await deliverOutboxEntry({ outboxId: elsewhere }, deps(core))).toMatchObject({ outcome: 'sent' });
    expect(await deliverOutboxEntry({ outboxId: first }, deps(core))).toMatchObject({ outcome: 'sent' });
    expect(await deliverOutboxEntry({ outboxId: second }, deps(core))).toMatchObject({ outcome: 'sent' });

    const order = sink.messages.filter((m) => [first, second].includes(m.outboxId ?? ''));
    expect(order.map((m) => m.outboxId)).toEqual([first, second]);
    expect((await row(core, second))?.attempts).toBe(1);
  });

  it('skips entries that are not pending or do not exist', async () => {
    const { core, outboxIds } = await startedEngagement();
    const [id] = outboxIds;
    await deliverOutboxEntry({ outboxId: id ?? '' }, deps(core));
    expect(await deliverOutboxEntry({ outboxId: id ?? '' }, deps(core))).toEqual({
      outcome: 'skipped',
      status: 'sent',
    });
    expect(await deliverOutboxEntry({ outboxId: randomUUID() }, deps(core))).toEqual({
      outcome: 'skipped',
      status: 'missing',
    });
  });
});

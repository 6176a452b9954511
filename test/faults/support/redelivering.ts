import { randomUUID } from 'node:crypto';
import { deliverOutboxEntry } from '../../../src/outbox/deliver-outbox-entry.js';
import type { SlackHarness } from '../../e2e/slack/slack-harness.js';
import {
  blockActionsPayload,
  eventBody,
  type InboundBody,
  interactionBody,
  slashCommandBody,
  viewSubmissionPayload,
} from '../../support/slack-signing.js';

export interface Redelivering {
  harness: SlackHarness;
  /** Distinct requests sent (each `copies` times). */
  sent(): number;
  /** Of those, the ones that change something and so must be claimed once (all but Home tab opens). */
  claimable(): number;
}

/**
 * The harness, but every request reaches the app `copies` times: the first two at the same moment (a double
 * click, a command sent twice), the rest as Slack's retries with `X-Slack-Retry-Num` 1, 2 … The answer of the
 * first copy is returned. The walk helpers (`click`, `submitForm`, `typeInDm` …) go through it unchanged.
 */
export function redelivering(h: SlackHarness, copies: number): Redelivering {
  let claimable = 0;
  let sent = 0;
  const post = async (body: InboundBody) => {
    sent += 1;
    if (!body.body.includes('app_home_opened')) claimable += 1;
    const [first] = await Promise.all([h.post(body), ...(copies > 1 ? [h.post(body)] : [])]);
    for (let retry = 1; retry <= copies - 2; retry += 1) {
      const again = await h.post(body, { retryNum: retry });
      if (again.status !== 200) throw new Error(`retry ${retry} answered ${again.status}`);
    }
    if (!first) throw new Error('no answer');
    return first;
  };
  const harness: SlackHarness = {
    ...h,
    post: (body, options) => (options ? h.post(body, options) : post(body)),
    async command(userId, text, channelId) {
      const key = randomUUID();
      const body = slashCommandBody({
        command: '/coaching',
        text,
        user_id: userId,
        response_url: h.sink.urlFor(key),
        ...(channelId ? { channel_id: channelId } : {}),
      });
      const response = await post(body);
      return { status: response.status, replies: h.sink.postsTo(key).map((p) => p.body), key };
    },
    action: (input) => post(interactionBody(blockActionsPayload(input))),
    submit: (input) => post(interactionBody(viewSubmissionPayload(input))),
    event: (event, eventId) => post(eventBody(event, { event_id: eventId ?? `Ev${randomUUID()}` })),
  };
  return { harness, sent: () => sent, claimable: () => claimable };
}

/**
 * The harness, but its `drain` rides out platform faults: entries that must wait (a 429, a 500, `ratelimited`)
 * are tried again until every entry has left 'pending', as the delivery worker would over time. A refused or
 * failed entry is an error.
 */
export function faultTolerantDrain(h: SlackHarness): SlackHarness {
  const { core, logger } = h.deps;
  const deps = {
    uow: h.uow,
    cipher: core.cipher,
    clock: core.clock,
    logger,
    messengers: { slack: h.messenger },
    policy: { maxAttempts: 50, baseDelayMs: 1, maxDelayMs: 5 },
  };
  return {
    ...h,
    async drain() {
      let sent = 0;
      for (let round = 0; round < 200; round += 1) {
        const pending = await h.database.sql<{ id: string }[]>`
          select id from outbox where status = 'pending' order by seq`;
        if (pending.length === 0) return sent;
        for (const { id } of pending) {
          const outcome = await deliverOutboxEntry({ outboxId: id }, deps);
          if (outcome.outcome === 'sent') sent += 1;
          else if (outcome.outcome === 'refused' || outcome.outcome === 'failed') {
            throw new Error(`delivery ${outcome.outcome}: ${JSON.stringify(outcome)}`);
          }
        }
      }
      throw new Error('the outbox did not drain');
    },
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackHarness, startSlackHarness } from './slack-harness.js';
import { click, controlsInBlocks, type RenderedControl } from './slack-walk.js';

const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';

let h: SlackHarness;
let engagementId: string;
let failedId: string;

const statusOf = async (id: string) =>
  (await h.database.sql<{ status: string }[]>`select status from outbox where id = ${id}`)[0]?.status;

/** HR's `/coaching status` answer, and the "Retry delivery" button it carries. */
async function retryButton(): Promise<RenderedControl> {
  const { replies } = await h.command(HR, `status ${engagementId}`);
  const body = replies[0] as { blocks?: unknown[] } | undefined;
  const button = controlsInBlocks(body?.blocks ?? [], CLIENT).find((c) => c.actionId === 'delivery.retry');
  if (!button) throw new Error(`no Retry delivery button in ${JSON.stringify(replies)}`);
  return button;
}

beforeAll(async () => {
  h = await startSlackHarness({
    users: [
      { id: HR, name: 'harper' },
      { id: CLIENT, name: 'jane' },
      { id: SPONSOR, name: 'sam' },
      { id: COACH, name: 'kim' },
    ],
  });
  await h.command(HR, `start client:<@${CLIENT}> sponsor:<@${SPONSOR}> coach:<@${COACH}>`);
  const [row] = await h.database.sql<{ id: string }[]>`select id from engagements`;
  engagementId = row?.id ?? '';
  // The sponsor space's welcome fails for good, as when Slack refused the channel.
  const [entry] = await h.database.sql<{ id: string }[]>`
    update outbox set status = 'failed', attempts = 10, last_error_code = 'channel_not_found'
    where id = (select id from outbox where engagement_id = ${engagementId}
                and destination->>'space' = 'sponsor' and status = 'pending' order by seq limit 1)
    returning id`;
  failedId = entry?.id ?? '';
  await h.drain();
});

afterAll(async () => {
  await h?.close();
});

describe("Slack's Retry delivery button", () => {
  it.each([
    ['the client', CLIENT],
    ['the sponsor', SPONSOR],
    ['the coach', COACH],
  ])('refuses %s with a private answer and retries nothing', async (_, userId) => {
    const button = await retryButton();
    const answer = await click(h, userId, button);
    expect(answer).toContain('Only HR programme owners can do that.');
    expect(await statusOf(failedId)).toBe('failed');
  });

  it("puts HR's failed delivery back in the queue, says so, and the message is then delivered", async () => {
    const button = await retryButton();
    const before = h.fake.calls.filter((c) => c.method === 'chat.postMessage').length;
    const answer = await click(h, HR, button);
    expect(answer).toContain('1 message queued again');
    expect(await statusOf(failedId)).toBe('sent');
    const sponsorPosts = h.fake.calls
      .slice(before)
      .filter((c) => c.method === 'chat.postMessage')
      .filter((c) => JSON.stringify(c.args).includes(failedId));
    expect(sponsorPosts).toHaveLength(1);

    const again = await click(h, HR, button);
    expect(again).toContain('No message of this engagement has failed delivery');
  });
});

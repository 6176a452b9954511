/**
 * The fake Slack Web API for the delivery benchmark, in a process of its own, enforcing Slack's limits on
 * chat.postMessage: one message a second per conversation, and a workspace-wide token bucket per bot token (one
 * token per installed workspace). A refused call is answered 429 with Retry-After and counted.
 * Env: BENCH_USERS (people `UBENCH<n>` created up front), BENCH_WORKSPACE_PER_SECOND, BENCH_WORKSPACE_BURST.
 * Prints BENCH_READY {slackApiUrl, statsUrl}. GET statsUrl answers call counts per method and HTTP status;
 * `?posts=1` adds every chat.postMessage call as [channel, token, arrival ms, status].
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeSlack } from '../../test/support/fake-slack/index.js';
import { benchUserId, benchZones } from '../lib/bench-users.js';
import { announceReady, onStop } from '../lib/child.js';

const count = Number(process.env.BENCH_USERS ?? '0');
const perSecond = Number(process.env.BENCH_WORKSPACE_PER_SECOND ?? '5');
const burst = Number(process.env.BENCH_WORKSPACE_BURST ?? '10');

const slack = await startFakeSlack({
  users: Array.from({ length: count }, (_, n) => ({
    id: benchUserId(n),
    name: `person${n}`,
    real_name: `Person ${n}`,
    tz: benchZones[n % benchZones.length] as string,
  })),
  rateLimit: { postMessagesPerSecondPerChannel: 1, retryAfter: 1, workspace: { perSecond, burst } },
});

const stats = createServer((req, res) => {
  const wantPosts = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.has('posts');
  const byMethod: Record<string, { ok: number; failed: number; status429: number }> = {};
  for (const call of slack.calls) {
    const entry = byMethod[call.method] ?? { ok: 0, failed: 0, status429: 0 };
    if (call.ok) entry.ok += 1;
    else entry.failed += 1;
    if (call.status === 429) entry.status429 += 1;
    byMethod[call.method] = entry;
  }
  const posts = wantPosts
    ? slack
        .callsTo('chat.postMessage')
        .map((c) => [String(c.args.channel ?? ''), c.token ?? '', c.at, c.status] as const)
    : undefined;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      calls: slack.calls.length,
      byMethod,
      internalErrors: slack.internalErrors.length,
      ...(posts ? { posts } : {}),
    }),
  );
});
await new Promise<void>((resolve) => stats.listen(0, '127.0.0.1', () => resolve()));

announceReady({
  slackApiUrl: slack.url,
  statsUrl: `http://127.0.0.1:${(stats.address() as AddressInfo).port}/stats`,
});
onStop(async () => {
  stats.close();
  await slack.close();
});

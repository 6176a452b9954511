/**
 * The fake Slack Web API (and a response_url sink) in a process of its own, so that answering the app's
 * calls does not share an event loop with the load generator. Users `U<prefix><n>` are created up front.
 * Env: BENCH_USERS (how many people, default 0), BENCH_USER_PREFIX (default BENCH).
 * Prints BENCH_READY {slackApiUrl, responseUrlOrigin, statsUrl}. GET statsUrl answers call counts per method
 * (and, with `?times=<method>`, the arrival times of that method's successful calls).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeSlack, startResponseUrlSink } from '../../test/support/fake-slack/index.js';
import { benchUserId, benchZones } from './bench-users.js';
import { announceReady, onStop } from './child.js';

const count = Number(process.env.BENCH_USERS ?? '0');
const prefix = process.env.BENCH_USER_PREFIX ?? 'BENCH';

const slack = await startFakeSlack({
  users: Array.from({ length: count }, (_, n) => ({
    id: benchUserId(n, prefix),
    name: `person${n}`,
    real_name: `Person ${n}`,
    tz: benchZones[n % benchZones.length] as string,
  })),
});
const sink = await startResponseUrlSink();
const origin = new URL(sink.urlFor('x')).origin;

/** Counts only: the parent asks how far the app got without holding the fake's memory. */
const stats = createServer((req, res) => {
  const wanted = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('times');
  const byMethod: Record<string, { ok: number; failed: number }> = {};
  for (const call of slack.calls) {
    const entry = byMethod[call.method] ?? { ok: 0, failed: 0 };
    if (call.ok) entry.ok += 1;
    else entry.failed += 1;
    byMethod[call.method] = entry;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      calls: slack.calls.length,
      byMethod,
      responsePosts: sink.posts.length,
      internalErrors: slack.internalErrors.length,
      ...(wanted ? { times: slack.calls.filter((c) => c.method === wanted && c.ok).map((c) => c.at) } : {}),
    }),
  );
});
await new Promise<void>((resolve) => stats.listen(0, '127.0.0.1', () => resolve()));

announceReady({
  slackApiUrl: slack.url,
  responseUrlOrigin: origin,
  statsUrl: `http://127.0.0.1:${(stats.address() as AddressInfo).port}/stats`,
});
onStop(async () => {
  stats.close();
  await Promise.all([slack.close(), sink.close()]);
});

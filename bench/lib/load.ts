import { Agent, request } from 'node:http';
import { type LatencySummary, round, summarise } from './stats.js';

export interface LoadRequest {
  headers: Record<string, string>;
  body: string;
}

export interface LoadOptions {
  /** http://127.0.0.1:PORT/path — loopback only. */
  url: string;
  concurrency: number;
  /** Upper bound on requests sent. */
  total: number;
  /** Upper bound on the run's duration; no new request starts after it. */
  maxMs: number;
  /** Builds request `i` (signed just before it is sent, so timestamps are fresh). */
  build: (i: number) => LoadRequest;
}

export interface LoadResult {
  concurrency: number;
  requests: number;
  elapsedMs: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  statuses: Record<string, number>;
  errors: number;
}

/**
 * A closed-loop load generator: `concurrency` clients, each sending its next request as soon as the previous
 * answer arrived, over keep-alive connections. Latency is from the request's first byte to the whole answer.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') {
    throw new Error('load is generated on loopback only');
  }
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + options.maxMs;

  const client = async () => {
    for (;;) {
      if (next >= options.total || performance.now() >= deadline) return;
      const i = next++;
      const built = options.build(i);
      const sentAt = performance.now();
      try {
        const status = await send(agent, target, built);
        latencies.push(performance.now() - sentAt);
        statuses[status] = (statuses[status] ?? 0) + 1;
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return {
    concurrency: options.concurrency,
    requests: latencies.length,
    elapsedMs: round(elapsedMs),
    requestsPerSecond: round((latencies.length / elapsedMs) * 1000, 1),
    latencyMs: summarise(latencies),
    statuses,
    errors,
  };
}

function send(agent: Agent, target: URL, built: LoadRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(built.body);
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        headers: { ...built.headers, 'content-length': String(body.length) },
      },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

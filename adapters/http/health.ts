import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type ReadinessCheck = () => Promise<void>;

export interface HealthOptions {
  /** OPS_TOKEN: `/readyz` then answers only `Authorization: Bearer <token>`, with each dependency's state. */
  opsToken?: string | undefined;
  timeoutMs?: number;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
export function hasOpsToken(req: IncomingMessage, token: string): boolean {
  const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

/**
 * `/healthz` (liveness: the process answers, with nothing else) and `/readyz` (readiness: every dependency
 * answers within the timeout). `/readyz` is an operator endpoint: with an OPS_TOKEN it answers 401 to any
 * request without that bearer token, and the token's holder sees each dependency's state; without an OPS_TOKEN
 * it answers the status alone (200 ready / 503 unready), so a load balancer can probe it but nobody learns
 * which dependency is down. Returns true when it handled the request.
 */
export function createHealthRoutes(checks: Record<string, ReadinessCheck>, options: HealthOptions = {}) {
  const timeoutMs = options.timeoutMs ?? 2000;
  const withTimeout = (check: ReadinessCheck) =>
    Promise.race([
      check(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || (path !== '/healthz' && path !== '/readyz')) return false;
    if (path === '/healthz') {
      reply(res, 200, { status: 'ok' });
      return true;
    }
    if (options.opsToken !== undefined && !hasOpsToken(req, options.opsToken)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer', 'cache-control': 'no-store' });
      res.end();
      return true;
    }
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check);
          return [name, 'ok'] as const;
        } catch {
          return [name, 'unavailable'] as const;
        }
      }),
    );
    const ready = results.every(([, status]) => status === 'ok');
    const status = ready ? 'ready' : 'unready';
    if (options.opsToken === undefined) reply(res, ready ? 200 : 503, { status });
    else reply(res, ready ? 200 : 503, { status, checks: Object.fromEntries(results) });
    return true;
  };
}

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

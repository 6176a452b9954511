import type { IncomingMessage, ServerResponse } from 'node:http';

export type ReadinessCheck = () => Promise<void>;

/**
 * `/healthz` (liveness: the process answers) and `/readyz` (readiness: every dependency answers within
 * the timeout). Returns true when it handled the request.
 */
export function createHealthRoutes(checks: Record<string, ReadinessCheck>, timeoutMs = 2000) {
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
    reply(res, ready ? 200 : 503, {
      status: ready ? 'ready' : 'unready',
      checks: Object.fromEntries(results),
    });
    return true;
  };
}

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

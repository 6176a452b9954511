import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { createHealthRoutes, type HealthOptions, type ReadinessCheck } from '../adapters/http/health.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** `/healthz` and `/readyz` (OPS_TOKEN's) as routes for whichever server listens on PORT. */
export function healthRoutes(
  checks: Record<string, ReadinessCheck>,
  options: Pick<HealthOptions, 'opsToken'>,
): CustomRoute[] {
  const handle = createHealthRoutes(checks, options);
  const handler: Handler = (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
  return ['/healthz', '/readyz'].map((path) => ({ path, method: 'GET', handler }));
}

/** A plain HTTP server for the routes, when no Slack HTTP receiver owns the port (Socket Mode or no Slack). */
export async function startRouteServer(routes: CustomRoute[], port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const methods = (route: CustomRoute) => (Array.isArray(route.method) ? route.method : [route.method]);
    const route = routes.find(
      (r) => r.path === path && methods(r).some((m) => m.toUpperCase() === (req.method ?? '').toUpperCase()),
    );
    if (route) route.handler(req as never, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return server;
}

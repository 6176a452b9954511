import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { createHmacLinkSigner } from '../adapters/crypto/hmac.link-signer.js';
import { createFileDownloadHandler, FILE_ROUTES } from '../adapters/http/file-download.js';
import { createHealthRoutes, type HealthOptions, type ReadinessCheck } from '../adapters/http/health.js';
import type { CoreDeps } from '../src/use-cases/deps.js';
import type { CoreConfig } from './config/core.config.js';

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

/** `GET /files/<token>` (and `/export/<token>`): a file behind a download link, made at request time. */
export function downloadRoutes(
  config: Pick<CoreConfig, 'TRIAD_ENCRYPTION_KEYS'>,
  core: CoreDeps,
): CustomRoute[] {
  const handle = createFileDownloadHandler({
    ...core,
    signer: createHmacLinkSigner(config.TRIAD_ENCRYPTION_KEYS),
  });
  const handler: Handler = (req, res) => {
    handle(req, res).catch((error: unknown) => {
      core.logger.error({ err: (error as Error)?.name }, 'file download failed');
      if (!res.headersSent) res.writeHead(500, { 'Cache-Control': 'no-store' });
      res.end();
    });
  };
  return FILE_ROUTES.map((path) => ({ path, method: 'GET', handler }));
}

/** Whether a route's path (`/a/b`, or `/a/:param` for one more segment) matches a request path. */
export function routeMatches(routePath: string, path: string): boolean {
  const at = routePath.indexOf('/:');
  if (at < 0) return routePath === path;
  const prefix = routePath.slice(0, at + 1);
  return path.startsWith(prefix) && path.length > prefix.length && !path.slice(prefix.length).includes('/');
}

/** A plain HTTP server for the routes, when no Slack HTTP receiver owns the port (Socket Mode or no Slack). */
export async function startRouteServer(routes: CustomRoute[], port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const methods = (route: CustomRoute) => (Array.isArray(route.method) ? route.method : [route.method]);
    const route = routes.find(
      (r) =>
        routeMatches(r.path, path) &&
        methods(r).some((m) => m.toUpperCase() === (req.method ?? '').toUpperCase()),
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

import type { IncomingMessage, ServerResponse } from 'node:http';
import { revealPrivateText } from '../../src/confidentiality/private-text.js';
import type { TextPart } from '../../src/messages/message.js';
import type { CoreDeps } from '../../src/use-cases/deps.js';
import { downloadFile, type FileLinkDeps } from '../../src/use-cases/files/download-file.js';

/**
 * Where download links point: `<public base URL>/files/<token>`; `/export/<token>` is the same route under the
 * name the client's export links were first given.
 */
export const FILE_ROUTES = ['/files/:token', '/export/:token'] as const;

const join = (publicBaseUrl: string, prefix: string, token: string) =>
  `${publicBaseUrl.replace(/\/+$/, '')}${prefix}${encodeURIComponent(token)}`;

/** The download link of a token, on Triad's public base URL. */
export function fileDownloadUrl(publicBaseUrl: string, token: string): string {
  return join(publicBaseUrl, '/files/', token);
}

/** The client's export link (kept at `/export/`, where its links always were). */
export function exportDownloadUrl(publicBaseUrl: string, token: string): string {
  return join(publicBaseUrl, '/export/', token);
}

const partText = (part: TextPart) => (part.kind === 'private' ? revealPrivateText(part.text) : part.text);

/** The token: the path's last segment under one of the routes' prefixes. */
function tokenOf(path: string): string {
  for (const route of FILE_ROUTES) {
    const prefix = route.slice(0, route.indexOf(':'));
    if (path.startsWith(prefix)) {
      try {
        return decodeURIComponent(path.slice(prefix.length));
      } catch {
        return '';
      }
    }
  }
  return '';
}

/**
 * `GET /files/<token>`: the file a link names (the client's export, HR's report, a meeting's invite), made at
 * request time by the core — which checks the token and that the reader still may have it — and answered as an
 * attachment that no cache keeps. A token that is not Triad's, was altered, or no longer fits answers 404, an
 * expired one 410 — with no body, and a log line with ids only.
 */
export function createFileDownloadHandler(deps: CoreDeps & FileLinkDeps) {
  const { logger } = deps;
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const result = await downloadFile({ token: tokenOf(path) }, deps);
    if (result.outcome !== 'file') {
      const status = result.outcome === 'expired' ? 410 : 404;
      logger.warn({ kind: result.kind, ...result.ids, status }, 'file download refused');
      res.writeHead(status, { 'Cache-Control': 'no-store' }).end();
      return;
    }
    const body = Buffer.from(result.file.content.map(partText).join(''), 'utf8');
    res
      .writeHead(200, {
        'Content-Type': `${result.file.mimeType}; charset=utf-8`,
        'Content-Disposition': `attachment; filename="${result.file.name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      })
      .end(body);
    logger.info({ kind: result.kind, ...result.ids }, 'file downloaded');
  };
}

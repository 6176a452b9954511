import type { IncomingMessage, ServerResponse } from 'node:http';
import { revealPrivateText } from '../../src/confidentiality/private-text.js';
import type { TextPart } from '../../src/messages/message.js';
import { downloadMyExport, type ExportLinkDeps } from '../../src/use-cases/client/export-download.js';
import type { CoreDeps } from '../../src/use-cases/deps.js';

/** Where the export's download links point: `<public base URL>/export/<token>`. */
export const EXPORT_ROUTE = '/export/:token';
const PREFIX = '/export/';

/** The download link of a token, on Triad's public base URL. */
export function exportDownloadUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${PREFIX}${encodeURIComponent(token)}`;
}

const partText = (part: TextPart) => (part.kind === 'private' ? revealPrivateText(part.text) : part.text);

/**
 * `GET /export/<token>`: the client's export, made at request time by the core (which checks the token and that
 * its person is still the engagement's client) and answered as a JSON attachment that no cache keeps. A token
 * that is not Triad's, was altered, or no longer fits answers 404, an expired one 410 — with no body, and a log
 * line with ids only.
 */
export function createExportDownloadHandler(deps: CoreDeps & ExportLinkDeps) {
  const { logger } = deps;
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const token = path.startsWith(PREFIX) ? decodeURIComponent(path.slice(PREFIX.length)) : '';
    const result = await downloadMyExport({ token }, deps);
    if (result.outcome !== 'file') {
      const status = result.outcome === 'expired' ? 410 : 404;
      logger.warn(
        { personId: result.personId, engagementId: result.engagementId, status },
        'export download refused',
      );
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
    logger.info({ personId: result.personId, engagementId: result.engagementId }, 'export downloaded');
  };
}

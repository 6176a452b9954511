import { z } from 'zod';
import type { Gated } from '../../confidentiality/outbound-gate.js';
import type { Attachment, OutboundMessage } from '../../messages/message.js';
import { inTransaction } from '../../outbox/unit.js';
import type { LinkSigner } from '../../ports/link-signer.js';
import type { CoreDeps } from '../deps.js';
import { exportReply } from './export-my-data.js';

/** How long a download link of the client's export works. */
export const EXPORT_LINK_MINUTES = 15;

const ticketSchema = z.object({
  /** The client's person id. */
  p: z.string().min(1).max(100),
  /** The engagement id. */
  e: z.string().min(1).max(100),
  /** Expiry, Unix seconds. */
  x: z.number().int().positive(),
});

export interface ExportLinkDeps {
  signer: LinkSigner;
}

/**
 * A token for downloading one engagement's export as its client: `base64url(ids and expiry).keyId.mac`. It holds
 * ids and a time only, never private text; it is valid for EXPORT_LINK_MINUTES.
 */
export function issueExportToken(
  ids: { personId: string; engagementId: string },
  deps: Pick<CoreDeps, 'clock'> & ExportLinkDeps,
): string {
  const expires = Math.floor(deps.clock.now().getTime() / 1000) + EXPORT_LINK_MINUTES * 60;
  const payload = Buffer.from(
    JSON.stringify({ p: ids.personId, e: ids.engagementId, x: expires }),
    'utf8',
  ).toString('base64url');
  return `${payload}.${deps.signer.sign(payload)}`;
}

export type ExportDownload =
  | { outcome: 'refused'; personId?: string; engagementId?: string }
  | { outcome: 'expired'; personId: string; engagementId: string }
  | { outcome: 'file'; personId: string; engagementId: string; file: Attachment };

function readToken(token: string, signer: LinkSigner) {
  const at = token.indexOf('.');
  if (at <= 0 || token.length > 1000) return undefined;
  const payload = token.slice(0, at);
  if (!signer.verify(payload, token.slice(at + 1))) return undefined;
  try {
    const parsed = ticketSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The export behind a download link, made now (nothing is kept at rest): the token must be Triad's, unexpired,
 * and its person must still be the client of its engagement, whose data is not yet purged. The file passes the
 * outbound gate as a reply to that client, exactly as the export in a DM does.
 */
export async function downloadMyExport(
  input: { token: string },
  deps: CoreDeps & ExportLinkDeps,
): Promise<ExportDownload> {
  const ticket = readToken(input.token, deps.signer);
  if (!ticket) return { outcome: 'refused' };
  const ids = { personId: ticket.p, engagementId: ticket.e };
  if (deps.clock.now().getTime() >= ticket.x * 1000) return { outcome: 'expired', ...ids };
  return inTransaction(deps, async (unit) => {
    const person = await unit.repos.people.get(ticket.p);
    const engagement = await unit.repos.engagements.get(ticket.e);
    if (!person || !engagement || engagement.clientId !== person.id || engagement.purgedAt !== null) {
      return { outcome: 'refused', ...ids } as const;
    }
    const reply: Gated<OutboundMessage> = await exportReply(unit, deps, person, engagement);
    if (!reply.file) return { outcome: 'refused', ...ids } as const;
    return { outcome: 'file', ...ids, file: reply.file } as const;
  });
}

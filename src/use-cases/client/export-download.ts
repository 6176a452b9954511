import type { Attachment } from '../../messages/message.js';
import type { Unit } from '../../outbox/unit.js';
import type { LinkSigner } from '../../ports/link-signer.js';
import type { CoreDeps } from '../deps.js';
import { EXPORT_LINK_MINUTES, issueFileToken } from '../files/file-tokens.js';
import { exportReply } from './export-my-data.js';

export { EXPORT_LINK_MINUTES };

export interface ExportLinkDeps {
  signer: LinkSigner;
}

/**
 * A token for downloading one engagement's export as its client (see `file-tokens.ts`). It holds ids and a time
 * only, never private text; it is valid for EXPORT_LINK_MINUTES.
 */
export function issueExportToken(
  ids: { personId: string; engagementId: string },
  deps: Pick<CoreDeps, 'clock'> & ExportLinkDeps,
): string {
  const expires = new Date(deps.clock.now().getTime() + EXPORT_LINK_MINUTES * 60_000);
  return issueFileToken({ kind: 'export', ...ids, expires }, deps.signer);
}

/**
 * The export behind a download link, made now (nothing is kept at rest): its person must still be the client of
 * its engagement, whose data is not yet purged. The file passes the outbound gate as a reply to that client,
 * exactly as the export in a DM does. Undefined when it may not be made.
 */
export async function makeExport(
  unit: Unit,
  deps: CoreDeps,
  ids: { personId: string; engagementId: string },
): Promise<Attachment | undefined> {
  const person = await unit.repos.people.get(ids.personId);
  const engagement = await unit.repos.engagements.get(ids.engagementId);
  if (!person || !engagement || engagement.clientId !== person.id || engagement.purgedAt !== null) {
    return undefined;
  }
  return (await exportReply(unit, deps, person, engagement)).file;
}

import { TriadError } from '../../errors.js';
import type { Attachment } from '../../messages/message.js';
import { inTransaction } from '../../outbox/unit.js';
import type { LinkSigner } from '../../ports/link-signer.js';
import { makeExport } from '../client/export-download.js';
import type { CoreDeps } from '../deps.js';
import { engagementReport } from '../hr/engagement-report.js';
import { type FileTicket, readFileToken } from './file-tokens.js';
import { makeInvite } from './invite-file.js';

export interface FileLinkDeps {
  signer: LinkSigner;
}

/** Ids for the log line of a download (never content). */
export type DownloadIds = Partial<
  Record<'personId' | 'engagementId' | 'meetingId' | 'organisationId', string>
>;

export type FileDownload =
  | { outcome: 'refused'; kind?: FileTicket['kind']; ids?: DownloadIds }
  | { outcome: 'expired'; kind: FileTicket['kind']; ids: DownloadIds }
  | { outcome: 'file'; kind: FileTicket['kind']; ids: DownloadIds; file: Attachment };

function idsOf(ticket: FileTicket): DownloadIds {
  switch (ticket.kind) {
    case 'export':
      return { personId: ticket.personId, engagementId: ticket.engagementId };
    case 'invite':
      return { personId: ticket.personId, meetingId: ticket.meetingId };
    case 'report':
      return { organisationId: ticket.organisationId };
  }
}

/**
 * HR's report behind a link, made now by the `/coaching report` use case itself for the HR user the link was made
 * for: refused unless they still have HR rights over the organisation (the command's permission, asked afresh).
 */
async function makeReport(
  deps: CoreDeps,
  ticket: Extract<FileTicket, { kind: 'report' }>,
): Promise<Attachment | undefined> {
  const organisation = await deps.uow.read.organisations.get(ticket.organisationId);
  if (!organisation) return undefined;
  const actor = {
    platform: organisation.platform,
    tenantId: organisation.platformTenantId,
    platformUserId: ticket.platformUserId,
  };
  try {
    return (await engagementReport({ actor }, deps)).reply.file;
  } catch (error) {
    if (error instanceof TriadError) return undefined;
    throw error;
  }
}

/**
 * The file behind a download link, made at request time (nothing is kept at rest) with the reader's rights checked
 * again: the token must be Triad's and unexpired, and what it names must still be theirs to have (the export: still
 * the engagement's client; the report: still HR of the organisation; an invite: still one of the meeting's
 * attendees). Every file passes the outbound gate as a reply to that person.
 */
export async function downloadFile(
  input: { token: string },
  deps: CoreDeps & FileLinkDeps,
): Promise<FileDownload> {
  const ticket = readFileToken(input.token, deps.signer);
  if (!ticket) return { outcome: 'refused' };
  const { kind } = ticket;
  const ids = idsOf(ticket);
  if (deps.clock.now().getTime() >= ticket.expires.getTime()) return { outcome: 'expired', kind, ids };
  const file =
    ticket.kind === 'report'
      ? await makeReport(deps, ticket)
      : await inTransaction(deps, (unit) =>
          ticket.kind === 'export' ? makeExport(unit, deps, ticket) : makeInvite(unit, ticket),
        );
  return file ? { outcome: 'file', kind, ids, file } : { outcome: 'refused', kind, ids };
}

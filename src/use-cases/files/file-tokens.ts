import { z } from 'zod';
import type { LinkSigner } from '../../ports/link-signer.js';

/**
 * Tokens of Triad's download links: `base64url(what to make, for whom, expiry).keyId.mac`. A token names what the
 * core makes when the link is followed — nothing is kept at rest — and holds ids and a time only, never content.
 * The kind is signed with the rest, so a token for one file can never be read as a token for another.
 *
 * Lifetimes:
 * - the client's export: EXPORT_LINK_MINUTES (15), since it holds their private writing;
 * - HR's report: REPORT_LINK_MINUTES (60), lifecycle metadata only, made again for someone who still has HR rights;
 * - a meeting's invite: until a day after the meeting ends (INVITE_LINK_GRACE_HOURS), and at least a day from when
 *   the link was made, so a calendar can take it in until the meeting is over.
 */
export const EXPORT_LINK_MINUTES = 15;
export const REPORT_LINK_MINUTES = 60;
export const INVITE_LINK_GRACE_HOURS = 24;

const id = z.string().min(1).max(100);
const expiry = z.number().int().positive();

const ticketSchema = z.union([
  /** HR's report of an organisation (`o`), for the HR user (`u`, their platform user id) who asked. */
  z.object({ k: z.literal('report'), o: id, u: id, x: expiry }).strict(),
  /**
   * A meeting's invite (`m`) for one of its attendees (`p`), written in their zone; `a` are the attendees when the
   * link was made: once any of them is no longer one (a coach replaced), the links of that time stop working.
   */
  z.object({ k: z.literal('invite'), m: id, p: id, a: z.array(id).min(1).max(8), x: expiry }).strict(),
  /** The export of an engagement (`e`) for its client (`p`); links made before kinds existed name no kind. */
  z.object({ k: z.literal('export').optional(), p: id, e: id, x: expiry }).strict(),
]);

export type FileTicket =
  | { kind: 'report'; organisationId: string; platformUserId: string; expires: Date }
  | { kind: 'invite'; meetingId: string; personId: string; attendeeIds: readonly string[]; expires: Date }
  | { kind: 'export'; personId: string; engagementId: string; expires: Date };

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);

function payloadOf(ticket: FileTicket) {
  switch (ticket.kind) {
    case 'report':
      return { k: 'report', o: ticket.organisationId, u: ticket.platformUserId, x: seconds(ticket.expires) };
    case 'invite':
      return {
        k: 'invite',
        m: ticket.meetingId,
        p: ticket.personId,
        a: ticket.attendeeIds,
        x: seconds(ticket.expires),
      };
    case 'export':
      return { k: 'export', p: ticket.personId, e: ticket.engagementId, x: seconds(ticket.expires) };
  }
}

/** Signs a ticket into a token for a download link. */
export function issueFileToken(ticket: FileTicket, signer: LinkSigner): string {
  const payload = Buffer.from(JSON.stringify(payloadOf(ticket)), 'utf8').toString('base64url');
  return `${payload}.${signer.sign(payload)}`;
}

/** The ticket of a token Triad signed, or undefined for anything else (altered, foreign, malformed). */
export function readFileToken(token: string, signer: LinkSigner): FileTicket | undefined {
  const at = token.indexOf('.');
  if (at <= 0 || token.length > 1000) return undefined;
  const payload = token.slice(0, at);
  if (!signer.verify(payload, token.slice(at + 1))) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = ticketSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const t = parsed.data;
  const expires = new Date(t.x * 1000);
  if (t.k === 'report') return { kind: 'report', organisationId: t.o, platformUserId: t.u, expires };
  if (t.k === 'invite') {
    return { kind: 'invite', meetingId: t.m, personId: t.p, attendeeIds: t.a, expires };
  }
  return { kind: 'export', personId: t.p, engagementId: t.e, expires };
}

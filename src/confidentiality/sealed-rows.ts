import type { AuditEntry } from '../engagement/records.js';
import type { SealedTextRefused } from '../errors.js';
import type { SealContext } from '../ports/cipher.js';

/**
 * The identity of each row that holds sealed text, passed to `Cipher.seal`/`open` as associated data: a
 * ciphertext only opens in the row (table, id, engagement) it was sealed for.
 */
interface Row {
  id: string;
  engagementId: string | null;
}

export const entryRow = (entry: Row & { engagementId: string }): SealContext => ({
  table: 'private_entries',
  rowId: entry.id,
  engagementId: entry.engagementId,
});

export const releaseRow = (release: Row & { engagementId: string }): SealContext => ({
  table: 'releases',
  rowId: release.id,
  engagementId: release.engagementId,
});

export const outboxRow = (entry: Row): SealContext => ({
  table: 'outbox',
  rowId: entry.id,
  engagementId: entry.engagementId,
});

/** The audit of a ciphertext that did not open for its row: which row, never any content. */
export const sealedTextRefusal = (error: SealedTextRefused, now: Date): AuditEntry => ({
  engagementId: error.context.engagementId,
  actorId: null,
  action: 'sealed_text_refused',
  outcome: 'refused',
  details: { table: error.context.table, rowId: error.context.rowId },
  createdAt: now,
});

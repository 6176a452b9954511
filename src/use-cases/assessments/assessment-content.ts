import { z } from 'zod';
import { PrivateText, revealPrivateText } from '../../confidentiality/private-text.js';
import { entryRow } from '../../confidentiality/sealed-rows.js';
import type { PrivateEntry } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import type { Cipher, SealContext, Sealed } from '../../ports/cipher.js';
import type { Repositories } from '../../ports/repositories.js';

export const maxAssessmentNameLength = 120;
export const maxReportLinkLength = 500;
/** A report's text fits one platform text field (Slack's modal input holds 3,000 characters). */
export const maxReportTextLength = 3000;
export const maxInsightLength = 1500;

/**
 * An assessment and the client's report of it, sealed together as one private entry (kind 'assessment_report').
 * All of it is private: which assessment a client took is theirs to tell. The report is an https link or the
 * text of the report file, or both.
 */
export interface AssessmentReport {
  name: PrivateText;
  provider: PrivateText;
  /** `YYYY-MM-DD`. */
  administeredOn: PrivateText;
  link: PrivateText | null;
  text: PrivateText | null;
}

/** An insight the client drew from one report (kind 'assessment_insight'): the report's entry id and the text. */
export interface AssessmentInsight {
  reportId: string;
  text: PrivateText;
}

const reveal = (text: PrivateText | null) => (text ? revealPrivateText(text) : null);

export function sealReport(cipher: Cipher, report: AssessmentReport, row: SealContext): Sealed {
  return cipher.seal(
    JSON.stringify({
      name: reveal(report.name),
      provider: reveal(report.provider),
      administeredOn: reveal(report.administeredOn),
      link: reveal(report.link),
      text: reveal(report.text),
    }),
    row,
  );
}

const storedReport = z.object({
  name: z.string().catch(''),
  provider: z.string().catch(''),
  administeredOn: z.string().catch(''),
  link: z.string().nullable().catch(null),
  text: z.string().nullable().catch(null),
});

const orNull = (value: string | null) => (value ? PrivateText.of(value) : null);

export function openReport(cipher: Cipher, entry: PrivateEntry): AssessmentReport {
  const stored = storedReport.parse(JSON.parse(cipher.open(entry, entryRow(entry))));
  return {
    name: PrivateText.of(stored.name),
    provider: PrivateText.of(stored.provider),
    administeredOn: PrivateText.of(stored.administeredOn),
    link: orNull(stored.link),
    text: orNull(stored.text),
  };
}

export function sealInsight(cipher: Cipher, insight: AssessmentInsight, row: SealContext): Sealed {
  return cipher.seal(
    JSON.stringify({ reportId: insight.reportId, text: revealPrivateText(insight.text) }),
    row,
  );
}

const storedInsight = z.object({ reportId: z.string().catch(''), text: z.string().catch('') });

export function openInsight(cipher: Cipher, entry: PrivateEntry): AssessmentInsight {
  const stored = storedInsight.parse(JSON.parse(cipher.open(entry, entryRow(entry))));
  return { reportId: stored.reportId, text: PrivateText.of(stored.text) };
}

/** "Hogan (Hogan Assessments), 2026-11-20": how the client reads which assessment a report is. */
export function reportTitle(report: AssessmentReport): PrivateText {
  return PrivateText.of(
    `${revealPrivateText(report.name)} (${revealPrivateText(report.provider)}), ${revealPrivateText(report.administeredOn)}`,
  );
}

/** A shared entry as its readers see it: a report's title and link (its full text is in the coaching space), any other entry's own text. */
export function sharedEntryText(cipher: Cipher, entry: PrivateEntry): PrivateText {
  if (entry.kind !== 'assessment_report') return PrivateText.of(cipher.open(entry, entryRow(entry)));
  const report = openReport(cipher, entry);
  const title = reportTitle(report);
  return report.link
    ? PrivateText.of(`${revealPrivateText(title)}\n${revealPrivateText(report.link)}`)
    : title;
}

/** Exactly what the sponsor would read if the client released this insight: the assessment's name and the text. */
export function insightReleaseText(
  insight: AssessmentInsight,
  report: AssessmentReport | undefined,
): PrivateText {
  const from = report ? ` from ${revealPrivateText(report.name)}` : ' from an assessment';
  return PrivateText.of(`Insight${from}:\n${revealPrivateText(insight.text)}`);
}

const notFound = () =>
  new TriadError('not_found', 'I can’t find that assessment report.', 'Open it again from your DM.');

/** A stored entry of `kind`, or a readable not-found (an id of another kind is not found either). */
export async function findEntryOfKind(
  repos: Repositories,
  entryId: string,
  kind: 'assessment_report' | 'assessment_insight',
): Promise<PrivateEntry> {
  const entry = await repos.entries.get(entryId);
  if (entry?.kind !== kind) throw notFound();
  return entry;
}

export const reportNotFound = notFound;

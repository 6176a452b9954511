/**
 * RFC 4180 CSV for files HR opens in a spreadsheet. Every cell is quoted (commas, quotes and line breaks stay
 * inside their cell, quotes doubled), and a cell that a spreadsheet would read as a formula (starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with a single quote, so a name such as
 * `=HYPERLINK(…)` is shown as text, never run.
 */
const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = formulaStart.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** Rows as CSV text: a header row first, CRLF line ends, a final CRLF. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}

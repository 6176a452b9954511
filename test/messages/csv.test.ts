import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/messages/csv.js';
import { parseCsv } from '../support/parse-csv.js';

describe('CSV cells', () => {
  it.each([
    ['plain', '"plain"'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1:A3)', `"'=SUM(A1:A3)"`],
    ['+44 20', `"'+44 20"`],
    ['-1', `"'-1"`],
    ['@cmd', `"'@cmd"`],
    ['\tTab', `"'\tTab"`],
    ['', '""'],
  ])('%j is written as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('round-trips awkward values through a strict reader', () => {
    const rows = [
      ['O"Brien, Pat', 'line\r\nbreak', 3],
      ['=HYPERLINK("http://x")', null, 'ok'],
    ];
    const parsed = parseCsv(toCsv(['a', 'b', 'c'], rows));
    expect(parsed).toEqual([
      ['a', 'b', 'c'],
      ['O"Brien, Pat', 'line\r\nbreak', '3'],
      [`'=HYPERLINK("http://x")`, '', 'ok'],
    ]);
  });
});

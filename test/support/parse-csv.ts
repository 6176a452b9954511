/** A strict RFC 4180 reader for tests: quoted or bare cells, doubled quotes, CRLF rows; throws on malformed input. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let at = 0;
  while (at < text.length) {
    let cell = '';
    if (text[at] === '"') {
      at += 1;
      for (;;) {
        if (at >= text.length) throw new Error('unterminated quoted cell');
        if (text[at] === '"') {
          if (text[at + 1] === '"') {
            cell += '"';
            at += 2;
            continue;
          }
          at += 1;
          break;
        }
        cell += text[at];
        at += 1;
      }
    } else {
      while (at < text.length && text[at] !== ',' && text[at] !== '\r' && text[at] !== '\n') {
        if (text[at] === '"') throw new Error(`bare quote at ${at}`);
        cell += text[at];
        at += 1;
      }
    }
    row.push(cell);
    if (text[at] === ',') {
      at += 1;
    } else if (text.startsWith('\r\n', at) || at >= text.length) {
      rows.push(row);
      row = [];
      at += 2;
    } else {
      throw new Error(`unexpected ${JSON.stringify(text[at])} at ${at}`);
    }
  }
  return rows;
}

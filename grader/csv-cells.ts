/**
 * A CSV file read into cells that keep their exact bytes (RFC 4180: quotes, doubled quotes,
 * line breaks inside quotes; CRLF or LF rows; a UTF-8 byte order mark), so that a copy with a
 * few cells changed differs from the original in those cells only.
 */

export interface CsvFile {
  /** "\uFEFF" when the file starts with one. */
  bom: string;
  /** Each row's cells as written (quotes included). */
  rows: string[][];
  /** The line end after each row ('' for a last row without one). */
  ends: string[];
}

export function readCsvCells(text: string): CsvFile {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = text.slice(bom.length);
  const rows: string[][] = [];
  const ends: string[] = [];
  let row: string[] = [];
  let start = 0;
  let quoted = false;
  for (let index = 0; index <= body.length; index++) {
    const char = body[index];
    if (quoted) {
      if (char === '"') quoted = body[index + 1] === '"' ? (index++, true) : false;
      continue;
    }
    if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(body.slice(start, index));
      start = index + 1;
    } else if (char === '\n' || char === '\r' || char === undefined) {
      row.push(body.slice(start, index));
      const end = char === '\r' && body[index + 1] === '\n' ? '\r\n' : (char ?? '');
      if (!(char === undefined && row.length === 1 && row[0] === '')) {
        rows.push(row);
        ends.push(end);
      }
      index += end.length - 1 < 0 ? 0 : end.length - 1;
      row = [];
      start = index + 1;
    }
  }
  return { bom, rows, ends };
}

/** A cell's text: its quotes taken off and doubled quotes made single. */
export function cellText(cell: string): string {
  return cell.startsWith('"') && cell.endsWith('"') && cell.length >= 2 ? cell.slice(1, -1).replaceAll('""', '"') : cell;
}

/** A text as a cell: quoted when it holds a comma, a quote or a line break. */
export function textCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function writeCsvCells(file: CsvFile): string {
  return file.bom + file.rows.map((row, index) => row.join(',') + file.ends[index]).join('');
}

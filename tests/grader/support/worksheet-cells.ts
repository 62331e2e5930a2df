/**
 * A filled worksheet against the expected one, cell by cell: every cell the same, except that
 * an expected cell ending in "…" (text the checker writes) only fixes how the cell starts.
 * The byte order mark and every row's line end are compared too.
 */
import { cellText, readCsvCells } from '../../../grader/csv-cells';

export function worksheetDifferences(actual: string, expected: string): string[] {
  const got = readCsvCells(actual);
  const want = readCsvCells(expected);
  const differences: string[] = [];
  if (got.bom !== want.bom) differences.push('byte order mark');
  if (got.ends.join('|') !== want.ends.join('|')) differences.push('line ends');
  const rows = Math.max(got.rows.length, want.rows.length);
  for (let row = 0; row < rows; row++) {
    const cells = Math.max(got.rows[row]?.length ?? 0, want.rows[row]?.length ?? 0);
    for (let column = 0; column < cells; column++) {
      const actualCell = got.rows[row]?.[column];
      const expectedCell = want.rows[row]?.[column];
      const wanted = expectedCell === undefined ? undefined : cellText(expectedCell);
      const same =
        actualCell !== undefined && wanted !== undefined && (wanted.endsWith('…') ? cellText(actualCell).startsWith(wanted.slice(0, -1)) : actualCell === expectedCell);
      if (!same) differences.push(`row ${row + 1}, column ${column + 1}: ${JSON.stringify(actualCell)}, expected ${JSON.stringify(expectedCell)}`);
    }
  }
  return differences;
}

/**
 * A unified-style line diff (longest common subsequence), enough for blocks of a few hundred
 * lines: `-` lines are only in the committed notes, `+` lines only in the fresh run.
 */
export function lineDiff(committed: string, fresh: string, context = 2): string {
  const a = committed.split('\n');
  const b = fresh.split('\n');
  const common: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const rows: { mark: ' ' | '-' | '+'; text: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      rows.push({ mark: ' ', text: a[i++]! });
      j++;
    } else if (i < a.length && (j === b.length || common[i + 1]![j]! >= common[i]![j + 1]!)) {
      rows.push({ mark: '-', text: a[i++]! });
    } else {
      rows.push({ mark: '+', text: b[j++]! });
    }
  }
  const near = (index: number): boolean => rows.slice(Math.max(0, index - context), index + context + 1).some((row) => row.mark !== ' ');
  const shown: string[] = [];
  rows.forEach((row, index) => {
    if (near(index)) shown.push(`${row.mark} ${row.text}`);
    else if (shown.at(-1) !== '  …') shown.push('  …');
  });
  return shown.join('\n');
}

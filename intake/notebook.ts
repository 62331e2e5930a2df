/**
 * A Jupyter notebook (.ipynb) turned into the Python script its code cells make, in order
 * (pure; no Jupyter needed). IPython's own syntax is not Python: a line starting with `!` (a
 * shell command) or `%` (a line magic) is dropped, and so is a whole cell that starts with a
 * cell magic (`%%time`, `%%bash`).
 */

export type NotebookScript = { ok: true; script: string } | { ok: false; why: string };

interface Cell {
  cell_type?: unknown;
  source?: unknown;
}

export function notebookScript(json: string): NotebookScript {
  let notebook: unknown;
  try {
    notebook = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, why: 'it is not valid JSON' };
  }
  const cells = (notebook as { cells?: unknown } | null)?.cells;
  if (!Array.isArray(cells)) return { ok: false, why: 'it has no cells' };
  const parts: string[] = [];
  (cells as Cell[]).forEach((cell, index) => {
    if (cell?.cell_type !== 'code') return;
    const source = Array.isArray(cell.source) ? cell.source.filter((line) => typeof line === 'string').join('') : typeof cell.source === 'string' ? cell.source : '';
    if (/^\s*%%/.test(source)) return;
    const lines = source.split(/\r?\n/).map((line) => (/^\s*[!%]/.test(line) ? `${line.match(/^\s*/)![0]}pass  # ${line.trim()}` : line));
    parts.push(`# cell ${index + 1}\n${lines.join('\n')}`);
  });
  return { ok: true, script: `${parts.join('\n\n')}\n` };
}

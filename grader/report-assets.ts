/**
 * report.html's one stylesheet and one script, inlined so the file opens offline. The page's
 * Content-Security-Policy admits exactly these two by hash, so text that escaped its escaping
 * could still run nothing.
 */
import { createHash } from 'node:crypto';

export const REPORT_STYLE = `
:root { color-scheme: light dark; --pass: #2e7d32; --fail: #c62828; --muted: #757575; --bar: #1e88e5; --error: #8e24aa; --track: #e0e0e0; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 96rem; padding: 0 1rem; }
.muted { color: var(--muted); }
h1 { font-size: 1.5rem; margin-bottom: 0.25rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; }
.summary { color: var(--muted); margin-top: 0; }
.charts { display: flex; flex-wrap: wrap; gap: 2rem; }
.chart text { font: 12px system-ui, sans-serif; fill: currentColor; }
.chart .axis { stroke: var(--muted); }
.bar.score rect, .rate .fill { fill: var(--bar); }
.bar.error rect { fill: var(--error); }
.rate .track { fill: var(--track); opacity: 0.5; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border-bottom: 1px solid var(--track); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
tr.error td, tr.missing td { color: var(--muted); }
.status-error, .status-missing, tr.error .no-score, tr.missing .no-score { color: var(--error); font-weight: 600; }
.stage-lists details { margin: 0.15rem 0; }
.stage-lists summary { cursor: pointer; }
.stage-lists ul { margin: 0.25rem 0 0.5rem; columns: 3 16rem; }
.stage-passed { color: var(--pass); }
.stage-failed, .stage-skipped { color: var(--fail); }
.stage-not-applicable { color: var(--muted); }
table { width: 100%; }
th { overflow-wrap: anywhere; }
td:last-child { min-width: 12rem; overflow-wrap: anywhere; }
td:nth-child(4) { max-width: 12rem; overflow-wrap: anywhere; }
.table-scroll { overflow-x: auto; }
dl.settings { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
dl.settings dt { font-weight: 600; }
dl.settings dd { margin: 0; }
code { font-family: ui-monospace, monospace; }
`;

/**
 * Times in the reader's own time zone, then sorting: a click on a heading sorts the rows by that column's data-sort values, as
 * numbers or as text, ascending first and then the other way; aria-sort says which.
 */
export const REPORT_SCRIPT = `
for (const time of document.querySelectorAll('time[datetime]')) {
  const when = new Date(time.getAttribute('datetime'));
  if (!Number.isNaN(when.getTime())) time.textContent = when.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'long' });
}
for (const table of document.querySelectorAll('table.sortable')) {
  const headings = Array.from(table.tHead.rows[0].cells);
  headings.forEach((heading, column) => {
    heading.querySelector('button').addEventListener('click', () => {
      const ascending = heading.getAttribute('aria-sort') !== 'ascending';
      const numeric = heading.dataset.type === 'number';
      const body = table.tBodies[0];
      const value = (row) => row.cells[column].dataset.sort;
      const rows = Array.from(body.rows).sort((a, b) => {
        const order = numeric ? Number(value(a)) - Number(value(b)) : value(a).localeCompare(value(b));
        return ascending ? order : -order;
      });
      for (const row of rows) body.appendChild(row);
      for (const other of headings) other.removeAttribute('aria-sort');
      heading.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    });
  });
}
`;

/** A CSP source for an inline element's exact text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

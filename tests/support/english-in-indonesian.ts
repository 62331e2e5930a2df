/**
 * Finds English sentences in what an Indonesian reader reads: English stopwords in the prose,
 * once everything that stays as it is has been taken out: quoted bytes and program text
 * ("…", '…'), the program's output ([your_server] lines), ids, option names, code and paths
 * (any word holding punctuation such as _ . / : # ( ) -). Used on synthetic reports
 * (tests/unit/checker-indonesian-output.test.ts), on real checks
 * (tests/checker/indonesian-check.test.ts) and on charcount-grade's output
 * (tests/grader/grade-indonesian-output.test.ts).
 */
import { renderReport, type ExportFormat } from '../../checker/export';
import type { CheckReport } from '../../checker/model';

/** Words that mark an English sentence; none is an Indonesian word or a kept term (server, client, byte, socket…). */
const ENGLISH_STOPWORDS = new Set(
  'the a an and or but not no is are was were be been has have had do does did your you it its this that these those with without from into of to for on at by as than then there their which what when where who will would should could can must may after before only every each another'.split(' '),
);

/** What a student reads in their language, with what stays as it is (quotes, code, ids, paths, program output) taken out. */
function proseWords(text: string): string[] {
  return text
    .replace(/\[your_server\].*$/gm, ' ')
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ')
    .replace(/'[^'\n]*'/g, ' ')
    .replace(/\S*[_./\\:#()[\]{}<>=$`|-]\S*/g, ' ')
    .split(/[^\p{L}]+/u)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/** The English stopwords in a text's prose, each once. */
export function englishIn(text: string): string[] {
  return [...new Set(proseWords(text).filter((word) => ENGLISH_STOPWORDS.has(word)))];
}

/** The lines of a text that hold English, for an assertion message that shows where. */
export function englishLines(text: string): string[] {
  return text.split('\n').filter((line) => englishIn(line).length > 0);
}

/** The tooltips of a page (title="…"), which a reader also sees. */
export function titlesOfHtml(html: string): string {
  return [...html.matchAll(/ title="([^"]*)"/g)].map((match) => match[1]!.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]!)).join('\n');
}

/** What a browser shows of a page: the text between tags (SVG titles included), entities decoded. */
export function textOfHtml(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<script>[\s\S]*?<\/script>/, '')
    // An event's wrapped lines are one text in the diagram.
    .replace(/<g class="event">[\s\S]*?<\/g>/g, (event) => event.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' '))
    .replace(/<[^>]*>/g, '\n')
    .replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" })[name]!);
}

/** Every string in a parsed JSON document: what a platform shows a student. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

/** What a student reads of a report rendered in `format` (a page's text, a JSON export's strings). */
export function readableExport(format: ExportFormat, report: CheckReport): string {
  const rendered = renderReport(format, report);
  const text = format === 'classroom' ? Buffer.from(rendered, 'base64').toString('utf8') : rendered;
  if (format === 'text' || format === 'junit') return text;
  if (format === 'html') return textOfHtml(text);
  return stringsOf(JSON.parse(text)).join('\n');
}

/**
 * What a student reads in a JSON report: every string of it but the record's data (bytes as
 * base64, the program's output lines, event kinds), whose steps are the trace's own lines.
 */
export function readableJsonReport(report: CheckReport): string {
  const stages = report.stages.map(({ record, ...stage }) => ({ ...stage, steps: record.flatMap((event) => (event.kind === 'step' ? [event.text] : [])) }));
  return stringsOf({ ...report, stages }).join('\n');
}

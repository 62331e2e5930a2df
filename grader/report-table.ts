/**
 * report.html's table: one row per submission, a link to its feedback file, its score, one
 * column per stage and the reason it earned nothing. Every cell carries the value its column
 * sorts by (data-sort), so the page's script sorts without parsing what it shows.
 */
import { type StageResult } from '../checker';
import { FEEDBACK_DIR, feedbackFileName, feedbackPageName, type Grades, type SubmissionGrade } from './grades';
import { displayName } from '../intake/student-names';
import { escapeHtml, formatNumber, formatPercent } from './report-markup';
import type { Language } from '../language';
import { REPORT_TEXTS } from './report-texts';

type Say = (typeof REPORT_TEXTS)[Language];

type SortType = 'text' | 'number';

interface Column {
  heading: string;
  /** A longer description, shown as the heading's tooltip. */
  description: string;
  type: SortType;
  cell: (submission: SubmissionGrade) => { html: string; sort: string | number; title?: string };
}

/**
 * The relative link to a submission's feedback file: its file name (already one safe path
 * segment) URL-encoded, so a "%", "#", "?" or space in a name stays part of the file name.
 */
export function feedbackHref(name: string): string {
  return `${FEEDBACK_DIR}/${encodeURIComponent(feedbackFileName(name))}`;
}

/** The checker's HTML page of a graded submission's report (feedback/NAME.html), else its feedback file. */
export function feedbackPageHref(submission: SubmissionGrade): string {
  return submission.status === 'graded' ? `${FEEDBACK_DIR}/${encodeURIComponent(feedbackPageName(submission.name))}` : feedbackHref(submission.name);
}

/** The student's short name ("Budi Santoso (123456)"), the folder's name on hover. */
function nameCell(submission: SubmissionGrade): string {
  const shown = displayName(submission.student, submission.name);
  return `<a href="${escapeHtml(feedbackPageHref(submission))}" title="${escapeHtml(submission.name)}">${escapeHtml(shown)}</a>`;
}

const STAGE_CELLS: Record<StageResult['status'] | 'not-applicable', { text: (say: Say) => string; sort: number }> = {
  passed: { text: (say) => say.pass(), sort: 2 },
  failed: { text: (say) => say.fail(), sort: 0 },
  skipped: { text: (say) => say.notRun(), sort: 0 },
  'not-applicable': { text: (say) => say.notApplicable(), sort: 1 },
};
/** The sort value of a stage a submission has no result for. */
const NO_RESULT_SORT = -1;

function stageCell(submission: SubmissionGrade, id: string, say: Say): { html: string; sort: number; title?: string } {
  const stage = submission.stages.find((candidate) => candidate.id === id);
  if (stage === undefined) return { html: '', sort: NO_RESULT_SORT };
  const kind = stage.status === 'skipped' && stage.maxPoints === 0 ? 'not-applicable' : stage.status;
  const { text, sort } = STAGE_CELLS[kind];
  return { html: `<span class="stage-${kind}">${escapeHtml(text(say))}</span>`, sort, title: stage.message };
}

const STATUS_WORDS: Record<SubmissionGrade['status'], (say: Say) => string> = { graded: (say) => say.graded(), error: (say) => say.error(), missing: (say) => say.missing() };

/** Stage ids in the order the checker ran them, over every submission. */
function stageIds(grades: Grades): { id: string; title: string }[] {
  const seen = new Map<string, string>();
  for (const submission of grades.submissions) for (const stage of submission.stages) if (!seen.has(stage.id)) seen.set(stage.id, stage.title);
  return [...seen].map(([id, title]) => ({ id, title }));
}

function columns(grades: Grades, say: Say): Column[] {
  const percent = (submission: SubmissionGrade): number | null => (submission.score === null ? null : submission.maxScore > 0 ? submission.score / submission.maxScore : 0);
  return [
    {
      heading: say.submissionHeading(),
      description: say.submissionTip(),
      type: 'text',
      cell: (submission) => ({ html: nameCell(submission), sort: displayName(submission.student, submission.name) }),
    },
    {
      heading: say.statusHeading(),
      description: say.statusTip(),
      type: 'text',
      cell: (submission) => ({ html: `<span class="status-${submission.status}">${escapeHtml(STATUS_WORDS[submission.status](say))}</span>`, sort: submission.status }),
    },
    {
      heading: say.fileHeading(),
      description: say.fileTip(),
      type: 'text',
      cell: (submission) => ({ html: escapeHtml(submission.entry?.file ?? ''), sort: submission.entry?.file ?? '', ...(submission.entry ? { title: submission.entry.reason } : {}) }),
    },
    {
      heading: say.timeHeading(),
      description: say.timeTip(),
      type: 'number',
      cell: (submission) => (submission.durationMs === null ? { html: '', sort: -1 } : { html: escapeHtml(say.seconds({ seconds: formatNumber(submission.durationMs / 1000) })), sort: submission.durationMs }),
    },
    {
      heading: say.scoreHeading(),
      description: say.scoreTip(),
      type: 'number',
      cell: (submission) =>
        submission.score === null ? { html: '<span class="no-score">—</span>', sort: -1 } : { html: `${formatNumber(submission.score)}/${formatNumber(submission.maxScore)}`, sort: submission.score },
    },
    {
      heading: '%',
      description: say.percentTip(),
      type: 'number',
      cell: (submission) => {
        const fraction = percent(submission);
        return fraction === null ? { html: '', sort: -1 } : { html: formatPercent(fraction), sort: fraction };
      },
    },
    ...stageIds(grades).map(({ id, title }): Column => ({ heading: id, description: title, type: 'number', cell: (submission) => stageCell(submission, id, say) })),
    { heading: say.reasonHeading(), description: say.reasonTip(), type: 'text', cell: (submission) => ({ html: escapeHtml(submission.reason ?? ''), sort: submission.reason ?? '' }) },
  ];
}

function headerCell(column: Column): string {
  return `<th scope="col" data-type="${column.type}" title="${escapeHtml(column.description)}"><button type="button">${escapeHtml(column.heading)}</button></th>`;
}

function row(submission: SubmissionGrade, all: Column[]): string {
  const cells = all.map((column) => {
    const { html, sort, title } = column.cell(submission);
    const tooltip = title === undefined ? '' : ` title="${escapeHtml(title)}"`;
    return `<td data-sort="${escapeHtml(String(sort))}"${tooltip}>${html}</td>`;
  });
  return `<tr class="${submission.status}">${cells.join('')}</tr>`;
}

/** Rows start in name order; clicking a heading sorts by that column (again: the other way). */
export function submissionsTable(grades: Grades, language: Language = 'en'): string {
  const all = columns(grades, REPORT_TEXTS[language]);
  const byName = [...grades.submissions].sort((a, b) => displayName(a.student, a.name).localeCompare(displayName(b.student, b.name)));
  return [
    '<table class="sortable" id="submissions">',
    `<thead><tr>${all.map(headerCell).join('')}</tr></thead>`,
    '<tbody>',
    ...byName.map((submission) => row(submission, all)),
    '</tbody>',
    '</table>',
  ].join('\n');
}

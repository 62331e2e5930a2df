/**
 * report.html's "who failed each stage": per stage, in the checker's order, a disclosure whose
 * summary counts the graded submissions that did not pass it; a click opens the list of those
 * students, each a link to their feedback file. Native <details>: no script needed.
 */
import { displayName } from '../intake/student-names';
import type { Grades } from './grades';
import { feedbackPageHref } from './report-table';
import { escapeHtml } from './report-markup';
import type { Language } from '../language';
import { REPORT_TEXTS } from './report-texts';

export function stageFailuresHtml(grades: Grades, language: Language = 'en'): string {
  const say = REPORT_TEXTS[language];
  const graded = grades.submissions.filter((submission) => submission.status === 'graded');
  const stages = new Map<string, string>();
  for (const submission of graded) for (const stage of submission.stages) if (stage.maxPoints > 0 && !stages.has(stage.id)) stages.set(stage.id, stage.title);
  const parts = [...stages].map(([id, title]) => {
    const failed = graded.filter((submission) => submission.stages.some((stage) => stage.id === id && stage.maxPoints > 0 && stage.status !== 'passed'));
    const items = failed.map((submission) => {
      const shown = displayName(submission.student, submission.name);
      return `<li><a href="${escapeHtml(feedbackPageHref(submission))}" title="${escapeHtml(submission.name)}">${escapeHtml(shown)}</a></li>`;
    });
    return [
      `<details class="stage-failures" data-stage="${escapeHtml(id)}">`,
      `<summary><code>${escapeHtml(id)}</code>: ${escapeHtml(say.notPassedBy({ failed: failed.length, graded: graded.length }))} <span class="muted">(${escapeHtml(title)})</span></summary>`,
      items.length === 0 ? `<p class="muted">${escapeHtml(say.everyonePassed())}</p>` : `<ul>${items.join('')}</ul>`,
      '</details>',
    ].join('');
  });
  return parts.join('\n');
}

/**
 * feedback/NAME.md: what one student reads. The score, one line per stage, the checker's own
 * text report with its failure traces (the same lines charcount-check prints), then what the
 * checker did and the server's output. Everything from the submission sits in code fences
 * longer than any run of backticks it holds, and the whole file stops at a size limit.
 */
import { renderText } from '../checker';
import type { SubmissionOutcome } from './outcome';

export const FEEDBACK_LIMIT_BYTES = 64 * 1024;
const CUT_MARK = `… (cut here: a feedback file holds at most ${FEEDBACK_LIMIT_BYTES / 1024} KiB)`;
const STATUS_WORDS = { passed: 'pass', failed: 'FAIL', skipped: 'not run' } as const;

/** Markdown that a name or a title cannot turn into markup, links or table cells. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, '\\$&').replace(/\r?\n/g, ' ');
}

export function renderFeedback(outcome: SubmissionOutcome, limitBytes: number = FEEDBACK_LIMIT_BYTES): string {
  const { grade, report } = outcome;
  const sections: string[][] = [[`# Feedback for ${escapeMarkdown(grade.name)}`, '', ...summary(outcome)]];
  if (outcome.notes.length > 0) sections.push(['## Notes', '', ...outcome.notes.map((note) => `- ${escapeMarkdown(note)}`)]);
  if (report !== null) {
    sections.push(['## Stages', '', '| result | stage | points |', '|---|---|---|', ...report.stages.map((stage) => `| ${STATUS_WORDS[stage.status]} | ${escapeMarkdown(`${stage.id}: ${stage.title}`)} | ${stage.points}/${stage.maxPoints} |`)]);
    sections.push(['## The checker\'s report', '', ...fenced(renderText(report).trimEnd().split('\n'))]);
  }
  if (outcome.notices.length > 0) sections.push(['## What the checker did', '', ...fenced(outcome.notices.map((line) => `[checker] ${line}`))]);
  if (report !== null) {
    const dropped = outcome.outputDropped > 0 ? [`… and ${outcome.outputDropped} more lines not kept`] : [];
    sections.push(['## Your server\'s output', '', ...fenced(outcome.output.length === 0 ? ['(no output)'] : [...outcome.output.map((line) => `[your_server] ${line}`), ...dropped])]);
  }
  return capped(sections.map((section) => section.join('\n')).join('\n\n') + '\n', limitBytes);
}

function summary(outcome: SubmissionOutcome): string[] {
  const { grade, report } = outcome;
  if (grade.status !== 'graded') return [`**Not graded**: ${escapeMarkdown(grade.reason ?? 'no reason recorded')}`];
  const lines = [`**Score: ${grade.score} / ${grade.maxScore}**${report ? ` (charcount-check, level ${report.level}, seed ${report.seed})` : ''}`];
  if (grade.reason !== null) lines.push('', `Why: ${escapeMarkdown(grade.reason)}`);
  if (report) lines.push('', `Run the same check yourself: \`charcount-check --submission YOUR_FOLDER --level ${report.level} --seed ${report.seed}\` (the same messages are sent).`);
  return lines;
}

/** A code fence one backtick longer than the longest run inside, so nothing inside can end it. */
function fenced(lines: readonly string[]): string[] {
  const longest = Math.max(2, ...lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}text`, ...lines, fence];
}

/** At most limitBytes, cut at a line, with any code fence left open closed again. */
export function capped(text: string, limitBytes: number): string {
  if (Buffer.byteLength(text) <= limitBytes) return text;
  const room = limitBytes - Buffer.byteLength(CUT_MARK) - 64;
  const kept: string[] = [];
  let bytes = 0;
  let openFence: string | null = null;
  for (const line of text.split('\n')) {
    bytes += Buffer.byteLength(line) + 1;
    if (bytes > room) break;
    kept.push(line);
    const fence = /^(`{3,})(text)?$/.exec(line);
    if (fence) openFence = openFence === null ? fence[1]! : openFence === fence[1] ? null : openFence;
  }
  return [...kept, ...(openFence === null ? [] : [openFence]), '', CUT_MARK, ''].join('\n');
}

/**
 * feedback/NAME.md: what one student reads, in the run's language (--lang), headed by the
 * student's name. The score, which file ran and why, one line per stage, the checker's own
 * text report with its failure traces, a command the student can run in the lab kit to
 * replay the same check, then what the checker did and the server's output. Links to the lab
 * notes go to --notes-url (they must open from an LMS). Everything from the submission sits in
 * code fences longer than any run of backticks it holds, and the whole file stops at a size limit.
 */
import { DEFAULT_EXPECTED_REPLY, renderText, type CheckReport } from '../checker';
import { bilingual, type Language } from '../language';
import { isUnpackedNote } from './class-texts';
import type { SubmissionOutcome } from './outcome';

export const FEEDBACK_LIMIT_BYTES = 64 * 1024;

const TEXTS = bilingual({
  title: { en: (name: string) => `# Feedback for ${name}`, id: (name: string) => `# Umpan balik untuk ${name}` },
  score: {
    en: (p: { score: number; max: number; level: string; seed: number }) => `**Score: ${p.score} / ${p.max}** (charcount-check, level ${p.level}, seed ${p.seed})`,
    id: (p: { score: number; max: number; level: string; seed: number }) => `**Nilai: ${p.score} / ${p.max}** (charcount-check, level ${p.level}, seed ${p.seed})`,
  },
  notGraded: { en: (reason: string) => `**Not graded**: ${reason}`, id: (reason: string) => `**Belum dinilai**: ${reason}` },
  missing: { en: () => '**Nothing was handed in.**', id: () => '**Tidak ada yang dikumpulkan.**' },
  why: { en: (reason: string) => `Why: ${reason}`, id: (reason: string) => `Penyebab: ${reason}` },
  ran: { en: (file: string, why: string) => `Ran \`${file}\`: ${why}.`, id: (file: string, why: string) => `Yang dijalankan: \`${file}\`, karena ${why}.` },
  replay: {
    en: (command: string, where: string) =>
      `Run the same check yourself (the same messages are sent), in your own folder, with charcount-check.cjs beside your server${where}; on macOS and Linux write python3: \`${command}\``,
    id: (command: string, where: string) =>
      `Jalankan pemeriksaan yang sama sendiri (pesan yang dikirim sama), di folder Anda sendiri, dengan charcount-check.cjs di sebelah server Anda${where}; di macOS dan Linux tulis python3: \`${command}\``,
  },
  replayDocker: {
    en: (command: string, where: string) =>
      `Run the same check yourself (the same messages are sent), in your own folder, with charcount-check.cjs and Docker with the checker's image${where}: \`${command}\``,
    id: (command: string, where: string) =>
      `Jalankan pemeriksaan yang sama sendiri (pesan yang dikirim sama), di folder Anda sendiri, dengan charcount-check.cjs serta Docker dan image pemeriksa${where}: \`${command}\``,
  },
  getChecker: { en: (link: string) => ` ([get the checker](${link}))`, id: (link: string) => ` ([cara mendapatkan pemeriksa](${link}))` },
  notes: { en: () => '## Notes', id: () => '## Catatan' },
  stages: { en: () => '## Stages', id: () => '## Tahap' },
  stageHead: { en: () => '| result | stage | points |', id: () => '| hasil | tahap | poin |' },
  passed: { en: () => 'pass', id: () => 'lulus' },
  failed: { en: () => 'FAIL', id: () => 'GAGAL' },
  skipped: { en: () => 'not run', id: () => 'tidak dijalankan' },
  readMore: { en: () => 'Read more', id: () => 'Baca juga' },
  report: { en: () => "## The checker's report", id: () => '## Laporan pemeriksa' },
  did: { en: () => '## What the checker did', id: () => '## Yang dilakukan pemeriksa' },
  output: { en: () => "## Your server's output", id: () => '## Keluaran server Anda' },
  noOutput: { en: () => '(no output)', id: () => '(tidak ada keluaran)' },
  dropped: { en: (lines: number) => `… and ${lines} more lines not kept`, id: (lines: number) => `… dan ${lines} baris lagi tidak disimpan` },
  cut: {
    en: (kib: number) => `… (cut here: a feedback file holds at most ${kib} KiB)`,
    id: (kib: number) => `… (dipotong di sini: sebuah file umpan balik memuat paling banyak ${kib} KiB)`,
  },
});

/** Markdown that a name or a title cannot turn into markup, links or table cells. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, '\\$&').replace(/\r?\n/g, ' ');
}

/** A lab-notes link ("lab-notes/checker.md#listen") on the notes site, the Indonesian notes (id/) for Indonesian; null without a site. */
function notesLink(link: string, notesUrl: string | null, language: Language): string | null {
  if (/^(https?|file):/.test(link)) return link;
  if (notesUrl === null) return null;
  const page = link.replace(/^(\.\.\/)*(lab-notes\/)?/, '');
  return new URL(language === 'id' && !page.startsWith('id/') ? `id/${page}` : page, notesUrl).toString();
}

/** A word for a command line: double quotes where they are needed and mean the same in cmd, PowerShell and sh, else sh's single quotes. */
function shellWord(text: string): string {
  if (/^[\w./:@+,=-]+$/.test(text)) return text;
  return /["$`\\%!]/.test(text) ? `'${text.replace(/'/g, `'\\''`)}'` : `"${text}"`;
}

/**
 * The command a student runs in their own folder, with the one-file checker
 * (lab-notes/get-the-checker.md), to replay the check: the same level, seed, reply and
 * language. A Python or Node file is started as they start it; anything else (a notebook, a
 * Dockerfile, start.sh, an archive) is checked as the grader checked it, with --submission.
 */
function replayCommand(report: CheckReport, file: string | null, outcome: SubmissionOutcome, language: Language): string {
  const say = TEXTS[language];
  const link = notesLink('lab-notes/get-the-checker.md', outcome.notesUrl ?? null, language);
  const where = link === null ? '' : say.getChecker(link);
  const flags = [
    `--level ${report.level}`,
    `--seed ${report.seed}`,
    ...(report.expectedReply === DEFAULT_EXPECTED_REPLY ? [] : [`--expected-reply ${shellWord(report.expectedReply)}`]),
    `--lang ${language}`,
  ].join(' ');
  if (file !== null && /\.(py|js|mjs|cjs)$/i.test(file) && !fromArchive(outcome)) {
    const program = /\.(js|mjs|cjs)$/i.test(file) ? 'node' : 'python';
    return say.replay(`node charcount-check.cjs ${flags} -- ${program} ${shellWord(file)}`, where);
  }
  return say.replayDocker(`node charcount-check.cjs ${flags} --submission .`, where);
}

/** The file ran from an archive the grader unpacked: the student's folder holds the archive, not the file. */
function fromArchive(outcome: SubmissionOutcome): boolean {
  return outcome.notes.some(isUnpackedNote);
}

export function renderFeedback(outcome: SubmissionOutcome, limitBytes: number = FEEDBACK_LIMIT_BYTES): string {
  const { grade, report } = outcome;
  const language = outcome.language ?? 'en';
  const say = TEXTS[language];
  const sections: string[][] = [[say.title(escapeMarkdown(outcome.displayName ?? grade.name)), '', ...summary(outcome, language)]];
  if (outcome.notes.length > 0) sections.push([say.notes(), '', ...outcome.notes.map((note) => `- ${escapeMarkdown(note)}`)]);
  if (report !== null) {
    const words = { passed: say.passed(), failed: say.failed(), skipped: say.skipped() };
    const rows = report.stages.map((stage) => {
      const link = stage.status === 'failed' ? notesLink(stage.hint.link, outcome.notesUrl ?? null, language) : null;
      const more = link === null ? '' : ` ([${say.readMore()}](${link}))`;
      return `| ${words[stage.status]} | ${escapeMarkdown(`${stage.id}: ${stage.title}`)}${more} | ${stage.points}/${stage.maxPoints} |`;
    });
    sections.push([say.stages(), '', say.stageHead(), '|---|---|---|', ...rows]);
    sections.push([say.report(), '', ...fenced(renderText(report).trimEnd().split('\n'))]);
  }
  if (outcome.notices.length > 0) sections.push([say.did(), '', ...fenced(outcome.notices.map((line) => `[checker] ${line}`))]);
  if (report !== null) {
    const dropped = outcome.outputDropped > 0 ? [say.dropped(outcome.outputDropped)] : [];
    sections.push([say.output(), '', ...fenced(outcome.output.length === 0 ? [say.noOutput()] : [...outcome.output.map((line) => `[your_server] ${line}`), ...dropped])]);
  }
  return capped(sections.map((section) => section.join('\n')).join('\n\n') + '\n', limitBytes, language);
}

function summary(outcome: SubmissionOutcome, language: Language): string[] {
  const { grade, report } = outcome;
  const say = TEXTS[language];
  if (grade.status === 'missing') return [say.missing()];
  if (grade.status !== 'graded' || grade.score === null) return [say.notGraded(escapeMarkdown(grade.reason ?? ''))];
  const lines = report ? [say.score({ score: grade.score, max: grade.maxScore, level: report.level, seed: report.seed })] : [];
  if (grade.entry !== null) lines.push('', say.ran(grade.entry.file, escapeMarkdown(grade.entry.reason)));
  if (grade.reason !== null) lines.push('', say.why(escapeMarkdown(grade.reason)));
  if (report) lines.push('', replayCommand(report, grade.entry?.file ?? null, outcome, language));
  return lines;
}

/** A code fence one backtick longer than the longest run inside, so nothing inside can end it. */
function fenced(lines: readonly string[]): string[] {
  const longest = Math.max(2, ...lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}text`, ...lines, fence];
}

/** At most limitBytes, cut at a line, with any code fence left open closed again. */
export function capped(text: string, limitBytes: number, language: Language = 'en'): string {
  if (Buffer.byteLength(text) <= limitBytes) return text;
  const cutMark = TEXTS[language].cut(FEEDBACK_LIMIT_BYTES / 1024);
  const room = limitBytes - Buffer.byteLength(cutMark) - 64;
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
  return [...kept, ...(openFence === null ? [] : [openFence]), '', cutMark, ''].join('\n');
}

/**
 * charcount-check, run for real: against the classic program and charcount-server for the
 * table of stage results on checker.md, and against the classic program for the text a
 * student sees on write-your-server.md.
 */
import { ALL_STAGES, type CheckLevel, type CheckReport, type StageStatus } from '../../checker';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inEachLanguage, NOTES_LANGUAGES, SHOWN_SERVER_PORT, type BlockSource, type NotesLanguage, type NotesRun, type Translated } from '../block-source';
import { asShownPort, freePort, labEnvironment } from '../lab-environment';
import { consoleBlock, consoleText, runShownCommand } from '../shown-command';
import { classicBlocks } from './classic';

const CHECKER = 'node dist/checker/main.js';
const CLASSIC = 'python3 lab-notes/classic/classic_server.py';
const SERVER = 'node dist/server/main.js';
/** The seed the shown run uses, so a student's run sends the same messages: its reply-text message is "Halo dunia". */
const SHOWN_SEED = 5;
/** Python's traceback names the script by its absolute path: show a typical clone's, as the classic blocks do. */
const SHOWN_CLONE = '/home/student/charcount-lab';
/** The live lines of the program's own output; the traces keep its last lines, indented. */
const WITHOUT_PROGRAM_OUTPUT = "grep -v '^\\[your_server\\]'";
const CHECK_TIMEOUT_MS = 180_000;

/** A checker command as the notes show it, and as it runs here: on a private port. */
function onPrivatePort(shown: string, port: number): string {
  return shown.replace(`${CHECKER} `, `${CHECKER} --port ${port} `);
}

/**
 * The checker's text output against the classic program, the program's live lines left out,
 * in the page's language: `--lang` on the command line, so a student's run prints the same
 * language as the page whatever the computer's locale.
 */
async function classicRun(run: NotesRun): Promise<Translated> {
  const blocks: Partial<Record<NotesLanguage, string>> = {};
  for (const language of NOTES_LANGUAGES) {
    const shown = `${CHECKER} --lang ${language} --seed ${SHOWN_SEED} -- ${CLASSIC} | ${WITHOUT_PROGRAM_OUTPUT}`;
    const port = await freePort();
    const result = await runShownCommand(onPrivatePort(shown, port), { root: run.root, env: labEnvironment(), timeoutMs: CHECK_TIMEOUT_MS });
    // The summary line ("score 3/8, ...", "skor 3/8, ..."): the run got to the end.
    if (!/^\S+ \d+\/\d+, /m.test(result.output)) throw new Error(`\`${shown}\` printed no summary line:\n${result.output}`);
    const output = asShownPort(result.output, port, SHOWN_SERVER_PORT).replaceAll(`${run.root}/`, `${SHOWN_CLONE}/`);
    blocks[language] = consoleBlock(consoleText(shown, output));
  }
  return inEachLanguage((language) => blocks[language]!);
}

/** One run's report, from --format json written with --out. */
async function jsonReport(run: NotesRun, level: CheckLevel, server: string): Promise<CheckReport> {
  const dir = mkdtempSync(join(tmpdir(), 'charcount-check-notes-'));
  const file = join(dir, 'report.json');
  const command = `${CHECKER} --port ${await freePort()} --format json --level ${level} --out ${file} -- ${server}`;
  try {
    const result = await runShownCommand(command, { root: run.root, env: labEnvironment(), timeoutMs: CHECK_TIMEOUT_MS });
    if (result.exitCode !== 0 && result.exitCode !== 1) throw new Error(`\`${command}\` exited with code ${result.exitCode}:\n${result.output}`);
    return JSON.parse(readFileSync(file, 'utf8')) as CheckReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const STATUS_WORDS: Record<NotesLanguage, Record<StageStatus, string>> = {
  en: { passed: 'passed', failed: 'failed', skipped: 'skipped' },
  id: { passed: 'lulus', failed: 'gagal', skipped: 'dilewati' },
};

const RESULTS_HEADER: Translated = {
  en: '| stage | the classic program, `--level assignment` | charcount-server, `--level assignment` | charcount-server, `--level protocol` |',
  id: '| tahap | program klasik, `--level assignment` | charcount-server, `--level assignment` | charcount-server, `--level protocol` |',
};

const RESULTS_NOTE: Translated = {
  en:
    `*From \`${CHECKER} --format json -- ${CLASSIC}\` and \`${CHECKER} --format json --level protocol -- ${SERVER}\` (and the same at ` +
    '`--level assignment`): the `status` of each stage of the report. A dash: the stage is not part of that level.*',
  id:
    `*Dari \`${CHECKER} --format json -- ${CLASSIC}\` dan \`${CHECKER} --format json --level protocol -- ${SERVER}\` (dan perintah yang sama dengan ` +
    '`--level assignment`): `status` setiap tahap dalam laporannya. Tanda pisah: tahap itu tidak termasuk dalam level tersebut.*',
};

/** The stage × program table: each cell a stage's status in the page's language, a dash where the level has no such stage. */
function resultsTable(reports: readonly CheckReport[]): Translated {
  const cell = (report: CheckReport, id: string, language: NotesLanguage): string => {
    const stage = report.stages.find((candidate) => candidate.id === id);
    return stage === undefined ? '—' : STATUS_WORDS[language][stage.status];
  };
  return inEachLanguage((language) =>
    [
      RESULTS_HEADER[language],
      `|---|${reports.map(() => '---|').join('')}`,
      ...ALL_STAGES.map(({ id }) => `| [\`${id}\`](#${id}) | ${reports.map((report) => cell(report, id, language)).join(' | ')} |`),
      '',
      RESULTS_NOTE[language],
    ].join('\n'),
  );
}

/** checker.md says charcount-server passes every stage of both levels: a run where it does not is an error, not a block. */
function requireAllPassed(report: CheckReport): void {
  const failed = report.stages.find((stage) => stage.status !== 'passed');
  if (failed) throw new Error(`charcount-server did not pass stage ${failed.id} at level ${report.level} (${failed.status}: ${failed.message}); fix the server or the checker, the notes say it passes every stage`);
}

/**
 * Whether a failure's trace notes the program's exit and its last output depends on whether
 * the program had finished exiting when the stage failed, a race of a millisecond or so after
 * a one-client server's reply: such notes are left out of the comparison. A note is the trace
 * line the program's last lines follow (its words are in the page's language), or the line
 * for a program that printed nothing.
 */
const EXIT_NOTE = /^( +)(?:(?:your server|server Anda) \S.* (?:with no output|tanpa keluaran)\n|\S.*\n(?=\1 +\[your_server\]))(?:\1 +\[your_server\].*(?:\n|$))*/gm;

/**
 * A client the classic program crashed on (a cut character): whether the crash came before the
 * client's FIN, and whether the kernel closed the socket with a FIN or, with the client's bytes
 * still unread, an RST, is a race of a few milliseconds. Both lines of the client's end, and the
 * "got" of its expectation, are read as "no reply", in either language.
 */
const NO_REPLY_END =
  /^( +\d+\. (client \d+): )(?:the server (?:closed|reset) the connection at once, so the client did not half-close|half-closed its side \(sent FIN\), still reading|server langsung (?:menutup|me-reset) koneksi, jadi client tidak melakukan half-close|menutup sisinya \(half-close, mengirim FIN\), tetap membaca)\n( +\d+\. \2: )(?:the server closed the connection without a reply|the server reset the connection \(RST\)|server menutup koneksi tanpa balasan|server me-reset koneksi \(RST\)) \(/gm;
const GOT_NO_REPLY = /(but got |yang didapat )(?:the server closed the connection without a reply|a reset \(RST\) and no reply|server menutup koneksi tanpa balasan|reset \(RST\) dan tidak ada balasan)$/gm;

const withNoReplyRead = (text: string): string => text.replace(NO_REPLY_END, '$1<its end>\n$3<no reply> (').replace(GOT_NO_REPLY, '$1<no reply>');

export const checkerBlocks: BlockSource = {
  title: 'charcount-check against the classic program and charcount-server',
  blocks: ['checker-results', 'checker-classic-run'],
  async produce(run) {
    run.progress('charcount-check --format json: the classic program, then charcount-server at both levels');
    const classic = await jsonReport(run, 'assignment', CLASSIC);
    const ours = [await jsonReport(run, 'assignment', SERVER), await jsonReport(run, 'protocol', SERVER)];
    ours.forEach(requireAllPassed);
    run.progress('charcount-check against the classic program, as a student sees it');
    return new Map([
      ['checker-results', resultsTable([classic, ...ours])],
      ['checker-classic-run', await classicRun(run)],
    ]);
  },
  normalize: (block, text) => (block === 'checker-classic-run' ? withNoReplyRead((classicBlocks.normalize?.(block, text) ?? text).replace(EXIT_NOTE, '')) : text),
};

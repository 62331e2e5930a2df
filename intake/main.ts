/**
 * What platforms/start-server.sh runs: intake's choice of the file that starts a submission's
 * server, the same as charcount-check --submission and charcount-grade make, printed for the
 * shell script as four lines (how to run it: python, node or start.sh; the folder to run it
 * in; the file; the temporary folder to remove once the server has ended, or an empty line).
 * The platforms build no Dockerfile, so a Dockerfile does not decide here. Archives inside
 * the submission (a student's own tugas1.zip) are unpacked as the grader unpacks them
 * (stageSubmission), into a copy in the temporary folder, and the server runs there. A
 * notebook's code cells are written to a script in the same folder. OWNER_PID, the process
 * that removes it (start-server.sh's shell), goes in its name (see scratch-folder.ts). With
 * nothing to run, one line on stderr says what to do (in the student's language), the exit
 * code is 1, and no temporary folder is left.
 *
 *   node dist/charcount-intake.cjs SUBMISSION_DIR [OWNER_PID]     (bundled: npm run package:checker)
 *   node dist/intake/main.js SUBMISSION_DIR [OWNER_PID]           (a built clone)
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { chooseLanguage, type Language } from '../language';
import { chooseEntry, ENTRY_FILE, type SubmissionFile } from './entry-rules';
import { entryProblem, INTAKE_TEXTS } from './entry-texts';
import { isIgnoredName } from './ignored-names';
import { notebookScript } from './notebook';
import { languageOf } from './server-signals';
import { ARCHIVE_NAME } from './archives';
import { removeAbandoned, scratchFolder, type ScratchFolder } from './scratch-folder';
import { stageSubmission, SUBMISSION_UNPACK_LIMITS } from './stage-submission';

const MAX_TEXT_BYTES = 1024 * 1024;
const MAX_FILES = 2000;
const MAX_DEPTH = 6;

function files(root: string): SubmissionFile[] {
  const found: SubmissionFile[] = [];
  const walk = (relative: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    for (const entry of readdirSync(join(root, relative), { withFileTypes: true })) {
      if (isIgnoredName(entry.name) || found.length >= MAX_FILES) continue;
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(path, depth + 1);
      else if (entry.isFile() && entry.name !== 'Dockerfile') found.push({ path, text: readText(join(root, path), path) });
    }
  };
  walk('', 0);
  return found;
}

function readText(file: string, path: string): string | null {
  const wanted = languageOf(path) !== null || basename(path) === ENTRY_FILE;
  if (!wanted || statSync(file).size > MAX_TEXT_BYTES) return null;
  const text = readFileSync(file, 'utf8');
  if (!path.toLowerCase().endsWith('.ipynb')) return text;
  const script = notebookScript(text);
  return script.ok ? script.script : null;
}

/** The submission's files, from a copy with its archives unpacked when it holds any; what could not be unpacked, one line each. */
async function readSubmission(given: string, scratch: ScratchFolder, language: Language): Promise<{ root: string; files: SubmissionFile[]; problems: string[] }> {
  const found = files(given);
  if (!found.some((file) => ARCHIVE_NAME.test(file.path))) return { root: given, files: found, problems: [] };
  const staged = await stageSubmission({ folder: given, files: [] }, join(scratch.path(), 'submission', basename(given)), SUBMISSION_UNPACK_LIMITS, language);
  return { root: staged.dir, files: files(staged.dir), problems: staged.problems };
}

async function main(scratch: ScratchFolder): Promise<number> {
  const language = chooseLanguage(undefined);
  let root = resolve(process.argv[2] ?? '.');
  let decision;
  let problems: string[];
  try {
    const submission = await readSubmission(root, scratch, language);
    root = submission.root;
    problems = submission.problems;
    decision = chooseEntry(submission.files);
  } catch (error) {
    process.stderr.write(`${INTAKE_TEXTS[language].unreadable({ folder: root, why: (error as NodeJS.ErrnoException).code ?? (error as Error).message })}\n`);
    return 1;
  }
  if (!decision.ok) {
    // As the grader says it: an archive it could not open matters when nothing else runs.
    process.stderr.write(`${[...problems, entryProblem(decision, language)].join('; ')}\n`);
    return 1;
  }
  const file = join(root, decision.root, decision.file);
  if (decision.kind === 'java' || decision.kind === 'c') {
    const shown = decision.root === '' ? decision.file : `${decision.root}/${decision.file}`;
    process.stderr.write(`${INTAKE_TEXTS[language].compileFirst({ file: shown, language: decision.kind === 'java' ? 'Java' : 'C' })}\n`);
    return 1;
  }
  let run = file;
  if (file.toLowerCase().endsWith('.ipynb')) {
    const script = notebookScript(readFileSync(file, 'utf8'));
    if (!script.ok) return 1;
    const folder = join(scratch.path(), 'notebook');
    mkdirSync(folder);
    run = join(folder, `${basename(file)}.py`);
    writeFileSync(run, script.script);
  }
  const kind = decision.kind === 'node' ? 'node' : decision.kind === 'start.sh' ? 'start.sh' : 'python';
  process.stdout.write(`${kind}\n${dirname(file)}\n${run}\n${scratch.made() ?? ''}\n`);
  return 0;
}

const owner = /^\d+$/.test(process.argv[3] ?? '') ? Number(process.argv[3]) : null;
removeAbandoned();
const scratch = scratchFolder(owner);
void main(scratch).then(
  (code) => {
    // Nothing runs from the folder when nothing was chosen: it goes now.
    if (code !== 0) scratch.remove();
    process.exitCode = code;
  },
  (error: unknown) => {
    scratch.remove();
    throw error;
  },
);

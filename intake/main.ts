/**
 * What platforms/start-server.sh runs: intake's choice of the file that starts a submission's
 * server, the same as charcount-check --submission and charcount-grade make, printed for the
 * shell script as three lines (how to run it: python, node or start.sh; the folder to run it
 * in; the file). The platforms build no Dockerfile, so a Dockerfile does not decide here. A
 * notebook's code cells are written to a script in a temporary folder. With nothing to run,
 * one line on stderr says what to do (in the student's language) and the exit code is 1.
 *
 *   node dist/intake/main.js SUBMISSION_DIR
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { chooseLanguage } from '../language';
import { chooseEntry, ENTRY_FILE, type SubmissionFile } from './entry-rules';
import { entryProblem } from './entry-texts';
import { isIgnoredName } from './ignored-names';
import { notebookScript } from './notebook';
import { languageOf } from './server-signals';

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

function main(): number {
  const language = chooseLanguage(undefined);
  const root = resolve(process.argv[2] ?? '.');
  let decision;
  try {
    decision = chooseEntry(files(root));
  } catch (error) {
    process.stderr.write(`cannot read the submission ${root} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
    return 1;
  }
  if (!decision.ok) {
    process.stderr.write(`${entryProblem(decision, language)}\n`);
    return 1;
  }
  const file = join(root, decision.root, decision.file);
  if (decision.kind === 'java' || decision.kind === 'c') {
    const fix = language === 'id' ? 'tambahkan start.sh yang mengompilasi lalu menjalankannya' : 'add a start.sh that compiles and starts it';
    process.stderr.write(`${decision.root === '' ? decision.file : `${decision.root}/${decision.file}`}: ${decision.kind === 'java' ? 'Java' : 'C'}: ${fix}\n`);
    return 1;
  }
  let run = file;
  if (file.toLowerCase().endsWith('.ipynb')) {
    const script = notebookScript(readFileSync(file, 'utf8'));
    if (!script.ok) return 1;
    run = join(mkdtempSync(join(tmpdir(), 'charcount-notebook-')), `${basename(file)}.py`);
    writeFileSync(run, script.script);
  }
  const kind = decision.kind === 'node' ? 'node' : decision.kind === 'start.sh' ? 'start.sh' : 'python';
  process.stdout.write(`${kind}\n${dirname(file)}\n${run}\n`);
  return 0;
}

process.exitCode = main();

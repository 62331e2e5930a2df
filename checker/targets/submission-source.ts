/**
 * A submission folder as the Docker build sees it: the folder under any lone folders it was
 * packed in, less what its own .dockerignore leaves out; its own Dockerfile, or a generated one
 * for the file intake's rules choose (server.py, the one file that starts a TCP server, a
 * notebook's code cells, start.sh); packed as the build context; and the image tag, a hash of
 * that context, so an unchanged folder is never built twice.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import dockerignore from '@balena/dockerignore';
import { StartError } from '../../command-line/usage-error';
import type { Language } from '../../language';
import { chooseEntry, ENTRY_FILE, topFolder, type Because, type EntryKind } from '../../intake/entry-rules';
import { entryProblem, entryReason } from '../../intake/entry-texts';
import { notebookScript } from '../../intake/notebook';
import { languageOf } from '../../intake/server-signals';
import type { EntryChoice } from '../model';
import { generatedDockerfile } from './generated-dockerfile';
import { fitsInTar, tarArchive, type TarEntry } from './tar-archive';

/** A submission is source code; more than this is a virtual environment or data that was left in. */
const MAX_CONTEXT_BYTES = 64 * 1024 * 1024;
const MAX_ENTRIES = 10_000;

export const SUBMISSION_REPOSITORY = 'charcount-submission';

export interface SubmissionSource {
  /** The folder, as given (for messages). */
  dir: string;
  /** 'dockerfile': built as it is; 'generated': no Dockerfile, the checker's own runs the entry. */
  kind: 'dockerfile' | 'generated';
  /** What is built, for a person: "alice/Dockerfile", "alice/soal1.py on python:3.13-slim (no Dockerfile)". */
  description: string;
  /** The file that starts the server (relative to the folder, with "/"), and why that one. */
  entry: { file: string; kind: EntryKind; because: Because };
  /** The build context: the folder (plus the generated Dockerfile) as a tar archive. */
  context: Buffer;
  /** charcount-submission:<hash of the context>. */
  tag: string;
}

/** For a folder with server.py and no Dockerfile. */
export const GENERATED_DOCKERFILE = generatedDockerfile('python', 'server.py');

/** The report's entry: the file run and why, in the report's language. */
export function entryChoice(source: SubmissionSource, language: Language): EntryChoice {
  return { file: source.entry.file, reason: entryReason(source.entry.because, language) };
}

/** Throws StartError, in `language`, for a folder with nothing to run. */
export async function readSubmission(dir: string, language: Language = 'en'): Promise<SubmissionSource> {
  const root = resolve(dir);
  const found = await lstat(root).catch(() => null);
  if (!found?.isDirectory()) throw new StartError(`--submission ${dir}: no such folder; give the folder that holds your server.py or Dockerfile`);
  const all = await collect(root, dir);
  const top = topFolder(all.filter((entry) => entry.type === 'file').map((entry) => entry.path));
  const entries = withoutIgnored(rerooted(all, top));
  const decision = chooseEntry(entries.filter((entry) => entry.type === 'file').map((entry) => ({ path: entry.path, text: sourceText(entry) })));
  const inFolder = (path: string): string => (top === '' ? path : `${top}/${path}`);
  if (!decision.ok) throw new StartError(`${dir}: ${entryProblem(decision, language)}`);
  const entry = { file: inFolder(decision.file), kind: decision.kind, because: decision.because };
  let kind: SubmissionSource['kind'] = 'generated';
  let description: string;
  let run = decision.file;
  if (decision.kind === 'dockerfile') {
    kind = 'dockerfile';
    description = join(dir, inFolder('Dockerfile'));
  } else if (decision.kind === 'java' || decision.kind === 'c') {
    const language_ = decision.kind === 'java' ? 'Java' : 'C';
    throw new StartError(
      `${join(dir, entry.file)} starts a TCP server, but ${language_} must be compiled first: add a Dockerfile that compiles and starts it (or, for Gradescope, GitHub Classroom and GitLab, a start.sh)`,
    );
  } else {
    if (decision.file.toLowerCase().endsWith('.ipynb')) {
      run = `${decision.file}.py`;
      const script = notebookScript(entries.find((candidate) => candidate.path === decision.file)!.content.toString('utf8'));
      if (!script.ok) throw new StartError(`${join(dir, entry.file)} cannot be read as a notebook (${script.why}); save it again from Jupyter, or hand in its code as a .py file`);
      entries.push({ path: run, type: 'file', mode: 0o644, content: Buffer.from(script.script) });
    }
    const runsOn = decision.kind === 'node' ? 'node:24-trixie-slim' : 'python:3.13-slim';
    description = `${join(dir, entry.file)} on ${runsOn} (no Dockerfile)`;
    entries.push({ path: 'Dockerfile', type: 'file', mode: 0o644, content: Buffer.from(generatedDockerfile(decision.kind, run)) });
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const context = tarArchive(entries);
  const hash = createHash('sha256').update(context).digest('hex').slice(0, 16);
  return { dir, kind, description, entry, context, tag: `${SUBMISSION_REPOSITORY}:${hash}` };
}

/** The text the rules read: a source file's, a notebook's script, the entry file's; null for the rest. */
function sourceText(entry: TarEntry): string | null {
  if (entry.path === ENTRY_FILE) return entry.content.toString('utf8');
  const language = languageOf(entry.path);
  if (language === null) return null;
  if (!entry.path.toLowerCase().endsWith('.ipynb')) return entry.content.toString('utf8');
  const script = notebookScript(entry.content.toString('utf8'));
  return script.ok ? script.script : null;
}

/** The entries under `top`, their paths relative to it: the build context is the folder the files were packed in. */
function rerooted(entries: readonly TarEntry[], top: string): TarEntry[] {
  if (top === '') return [...entries];
  return entries.filter((entry) => entry.path.startsWith(`${top}/`)).map((entry) => ({ ...entry, path: entry.path.slice(top.length + 1) }));
}

/** What the submission's own .dockerignore leaves out, as docker build would; the Dockerfile and .dockerignore always stay. */
function withoutIgnored(entries: TarEntry[]): TarEntry[] {
  const rules = entries.find((entry) => entry.path === '.dockerignore' && entry.type === 'file');
  if (!rules) return entries;
  const ignore = dockerignore().add(rules.content.toString('utf8').split(/\r?\n/));
  return entries.filter((entry) => ['Dockerfile', '.dockerignore'].includes(entry.path) || !ignore.ignores(entry.path));
}

/** Every file, directory and symlink under root (symlinks are packed as links, never followed). */
async function collect(root: string, shownAs: string): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  let bytes = 0;
  const tooBig = (): StartError =>
    new StartError(
      `${shownAs} holds more than ${MAX_CONTEXT_BYTES / 1024 / 1024} MiB or ${MAX_ENTRIES} files: a submission is source code; remove virtual environments (.venv), build output and data files`,
    );
  const unreadable = (path: string, error: unknown): StartError =>
    new StartError(`cannot read ${join(shownAs, path)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); make the files of your submission readable`);

  async function walk(relative: string): Promise<void> {
    const names = await readdir(join(root, relative)).catch((error: unknown) => {
      throw unreadable(relative, error);
    });
    for (const name of names.sort()) {
      const path = relative === '' ? name : `${relative}/${name}`;
      const stat = await lstat(join(root, path));
      if (entries.length >= MAX_ENTRIES) throw tooBig();
      // Whatever the owner's permissions, the files are readable (and directories searchable) by
      // everyone: the server runs as a uid that owns none of them.
      if (stat.isDirectory()) {
        add({ path, type: 'directory', mode: 0o755, content: Buffer.alloc(0) });
        await walk(path);
      } else if (stat.isSymbolicLink()) {
        add({ path, type: 'symlink', mode: 0o777, content: Buffer.alloc(0), linkTarget: await readlink(join(root, path)) });
      } else if (stat.isFile()) {
        bytes += stat.size;
        if (bytes > MAX_CONTEXT_BYTES) throw tooBig();
        const content = await readFile(join(root, path)).catch((error: unknown) => {
          throw unreadable(path, error);
        });
        add({ path, type: 'file', mode: stat.mode & 0o111 ? 0o755 : 0o644, content });
      }
      // Sockets, pipes and devices cannot be part of an image: left out.
    }
  }

  function add(entry: TarEntry): void {
    if (!fitsInTar(entry)) throw new StartError(`${join(shownAs, entry.path)}: the path (or link target) is too long to build; shorten it`);
    entries.push(entry);
  }

  await walk('');
  return entries;
}

/**
 * A submission folder as the Docker build sees it: the folder under any lone folders it was
 * packed in, less what its own .dockerignore leaves out; its own Dockerfile, or a generated one
 * for the file intake's rules choose (server.py, the one file that starts a TCP server, a
 * notebook's code cells, start.sh); packed as the build context; and the image tag, a hash of
 * that context, so an unchanged folder is never built twice.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import dockerignore from '@balena/dockerignore';
import { StartError } from '../../command-line/usage-error';
import type { Language } from '../../language';
import { ARCHIVE_NAME } from '../../intake/archives';
import { chooseEntry, ENTRY_FILE, topFolder, type Because, type EntryKind } from '../../intake/entry-rules';
import { entryProblem, entryReason } from '../../intake/entry-texts';
import { notebookScript } from '../../intake/notebook';
import { languageOf } from '../../intake/server-signals';
import { stageSubmission } from '../../intake/stage-submission';
import type { EntryChoice } from '../model';
import { generatedDockerfile } from './generated-dockerfile';
import { SUBMISSION_TEXTS } from './submission-texts';
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
  const say = SUBMISSION_TEXTS[language];
  if (!found?.isDirectory()) throw new StartError(say.noSuchFolder({ dir }));
  const all = await collect(root, dir, await earlyIgnore(root), language);
  if (!all.some((entry) => entry.type === 'file' && ARCHIVE_NAME.test(entry.path))) return fromEntries(all, dir, language);
  // Archives inside are unpacked as the grader and start-server.sh unpack them, so all three run the same file.
  const staging = await mkdtemp(join(tmpdir(), 'charcount-submission-'));
  try {
    const staged = await stageSubmission({ folder: root, files: [] }, join(staging, 'submission'));
    return fromEntries(await collect(staged.dir, dir, await earlyIgnore(staged.dir), language), dir, language);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** The build context and entry of a folder's entries (as collected), under the folder name the student gave. */
function fromEntries(all: TarEntry[], dir: string, language: Language): SubmissionSource {
  const say = SUBMISSION_TEXTS[language];
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
    throw new StartError(say.mustCompile({ file: join(dir, entry.file), language: decision.kind === 'java' ? 'Java' : 'C' }));
  } else {
    if (decision.file.toLowerCase().endsWith('.ipynb')) {
      run = `${decision.file}.py`;
      const script = notebookScript(entries.find((candidate) => candidate.path === decision.file)!.content.toString('utf8'));
      if (!script.ok) throw new StartError(say.unreadableNotebook({ file: join(dir, entry.file), why: script.why }));
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
  const ignores = ignoreRules(rules.content.toString('utf8'));
  return entries.filter((entry) => !ignores(entry.path));
}

/** A .dockerignore's rules as a test of a path relative to its folder; the Dockerfile and .dockerignore always stay. */
function ignoreRules(text: string): (path: string) => boolean {
  const ignore = dockerignore().add(text.split(/\r?\n/));
  return (path) => !ALWAYS_SENT.includes(path) && ignore.ignores(path);
}

const ALWAYS_SENT = ['Dockerfile', '.dockerignore'];
/** How deep lone folders are looked through for the .dockerignore, as intake's topFolder does. */
const MAX_LONE_FOLDERS = 4;

/** What the walk may leave out before reading or counting it, so a node_modules/ or .venv/ the student's own .dockerignore names never trips the size limit. */
interface EarlyIgnore {
  /** The folder (relative, "/"-separated) whose .dockerignore applies: the one under any lone folders. */
  base: string;
  ignores: (path: string) => boolean;
  /** Whether a rule re-includes something (!pattern): then an ignored folder is still walked for what it re-includes. */
  reincludes: boolean;
}

/** The .dockerignore of the folder under any lone folders, read before the walk; null when there is none. */
async function earlyIgnore(root: string): Promise<EarlyIgnore | null> {
  let base = '';
  for (let depth = 0; depth <= MAX_LONE_FOLDERS; depth++) {
    const names = await readdir(join(root, base)).catch(() => null);
    if (names === null) return null;
    if (names.includes('.dockerignore')) {
      const text = await readFile(join(root, base, '.dockerignore'), 'utf8').catch(() => null);
      if (text === null) return null;
      return { base, ignores: ignoreRules(text), reincludes: /^\s*!/m.test(text) };
    }
    const only = names.length === 1 ? await lstat(join(root, base, names[0]!)).catch(() => null) : null;
    if (!only?.isDirectory()) return null;
    base = base === '' ? names[0]! : `${base}/${names[0]!}`;
  }
  return null;
}

/** Every file, directory and symlink under root (symlinks are packed as links, never followed), less what `early` leaves out. */
async function collect(root: string, shownAs: string, early: EarlyIgnore | null, language: Language): Promise<TarEntry[]> {
  const say = SUBMISSION_TEXTS[language];
  const entries: TarEntry[] = [];
  let bytes = 0;
  const tooBig = (): StartError =>
    new StartError(say.tooBig({ dir: shownAs, mib: MAX_CONTEXT_BYTES / 1024 / 1024, files: MAX_ENTRIES }));
  const unreadable = (path: string, error: unknown): StartError =>
    new StartError(say.unreadable({ path: join(shownAs, path), why: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));

  async function walk(relative: string): Promise<void> {
    const names = await readdir(join(root, relative)).catch((error: unknown) => {
      throw unreadable(relative, error);
    });
    for (const name of names.sort()) {
      const path = relative === '' ? name : `${relative}/${name}`;
      const stat = await lstat(join(root, path));
      const ignored = early !== null && path.startsWith(early.base === '' ? '' : `${early.base}/`) && early.ignores(path.slice(early.base === '' ? 0 : early.base.length + 1));
      if (ignored && !(stat.isDirectory() && early.reincludes)) continue;
      if (ignored) {
        await walk(path);
        continue;
      }
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
    if (!fitsInTar(entry)) throw new StartError(say.pathTooLong({ path: join(shownAs, entry.path) }));
    entries.push(entry);
  }

  await walk('');
  return entries;
}

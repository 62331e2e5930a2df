/**
 * Which file of a submission starts its server (pure: a list of paths and the texts of its
 * source files in, a decision out). The rules, first match wins, at the submission's top (the
 * folder under any lone folders it was packed in):
 *
 * 1. a `Dockerfile`: it says how the server starts;
 * 2. a `start.sh`: it starts the server, in any language (as the platforms run it);
 * 3. an entry file (`charcount-entry.txt`, one line: the path of the file to run), which a
 *    student or the instructor writes to settle a choice;
 * 4. `server.py`;
 * 5. the one source file (Python, a notebook's code cells, Node, Java, C) that starts a TCP
 *    server, anywhere below; of several, the one whose name says "server"; a file named like a
 *    client never wins. Otherwise there is no clear winner, and the candidates are named.
 */
import { isVisiblePath } from './ignored-names';
import { isClientName, languageOf, startsTcpServer, type SourceLanguage } from './server-signals';

export const ENTRY_FILE = 'charcount-entry.txt';
/** How many folders deep a server may sit below the top. */
const MAX_DEPTH = 4;
const LISTED = 6;

export interface SubmissionFile {
  /** Relative to the submission folder, with "/". */
  path: string;
  /** The text of a source file or the entry file (a notebook: the script of its code cells); null for the others. */
  text: string | null;
}

export type EntryKind = 'dockerfile' | 'start.sh' | SourceLanguage;

export type Because =
  | { rule: 'dockerfile' }
  | { rule: 'start.sh' }
  | { rule: 'entry-file' }
  | { rule: 'server.py' }
  | { rule: 'only-server'; notebook: boolean }
  | { rule: 'named-server'; others: string[] };

export type EntryProblem =
  | { problem: 'none'; held: string[]; clients: string[] }
  | { problem: 'ambiguous'; candidates: string[] }
  | { problem: 'entry-file-missing'; named: string };

export type EntryDecision =
  | {
      ok: true;
      /** The folder the server's files are in ('' for the submission itself): the build context. */
      root: string;
      kind: EntryKind;
      /** Relative to root. */
      file: string;
      because: Because;
    }
  | ({ ok: false; root: string } & EntryProblem);

/** Files that are not source code but say something to a person looking for the server. */
const ARCHIVE = /\.(zip|tar|tgz|tar\.gz|rar|7z)$/i;

export function chooseEntry(all: readonly SubmissionFile[]): EntryDecision {
  const files = all.filter((file) => isVisiblePath(file.path));
  const root = topFolder(files.map((file) => file.path));
  const inRoot = files
    .filter((file) => root === '' || file.path.startsWith(`${root}/`))
    .map((file) => ({ ...file, path: root === '' ? file.path : file.path.slice(root.length + 1) }))
    .filter((file) => file.path.split('/').length <= MAX_DEPTH + 1);
  const atTop = (name: string): SubmissionFile | undefined => inRoot.find((file) => file.path === name);
  const decided = (kind: EntryKind, file: string, because: Because): EntryDecision => ({ ok: true, root, kind, file, because });

  if (atTop('Dockerfile')) return decided('dockerfile', 'Dockerfile', { rule: 'dockerfile' });
  if (atTop('start.sh')) return decided('start.sh', 'start.sh', { rule: 'start.sh' });
  const entryFile = atTop(ENTRY_FILE);
  if (entryFile) {
    const named = (entryFile.text ?? '').replace(/^\uFEFF/, '').split(/\r?\n/).map((line) => line.trim()).find((line) => line !== '') ?? '';
    const target = inRoot.find((file) => file.path === named.replace(/^\.\//, '').replaceAll('\\', '/'));
    const language = target ? languageOf(target.path) : null;
    if (!target || language === null) return { ok: false, root, problem: 'entry-file-missing', named };
    return decided(language, target.path, { rule: 'entry-file' });
  }
  const serverPy = atTop('server.py') ?? inRoot.find((file) => !file.path.includes('/') && file.path.toLowerCase() === 'server.py');
  if (serverPy) return decided('python', serverPy.path, { rule: 'server.py' });

  const sources = inRoot.filter((file) => languageOf(file.path) !== null);
  const servers = sources.filter((file) => !isClientName(file.path) && file.text !== null && startsTcpServer(languageOf(file.path)!, file.text));
  // A notebook saved as a script too: the script is the one to run.
  const candidates = servers
    .filter((file) => !(file.path.toLowerCase().endsWith('.ipynb') && servers.some((other) => other.path.toLowerCase() === file.path.toLowerCase().replace(/\.ipynb$/, '.py'))))
    // The same server twice (a file and its copy in an unpacked archive) is one: the shallowest runs.
    .sort((a, b) => a.path.split('/').length - b.path.split('/').length || (a.path < b.path ? -1 : 1))
    .filter((file, index, all) => all.findIndex((other) => other.text === file.text) === index);
  if (candidates.length === 1) {
    const [only] = candidates;
    return decided(languageOf(only!.path)!, only!.path, { rule: 'only-server', notebook: only!.path.toLowerCase().endsWith('.ipynb') });
  }
  if (candidates.length > 1) {
    const named = candidates.filter((file) => /server/i.test(file.path.slice(file.path.lastIndexOf('/') + 1)));
    if (named.length === 1) {
      return decided(languageOf(named[0]!.path)!, named[0]!.path, { rule: 'named-server', others: candidates.filter((file) => file !== named[0]).map((file) => file.path) });
    }
    return { ok: false, root, problem: 'ambiguous', candidates: candidates.map((file) => file.path).slice(0, LISTED) };
  }
  const held = inRoot.map((file) => file.path).filter((path) => !path.includes('/') || ARCHIVE.test(path));
  return { ok: false, root, problem: 'none', held, clients: sources.filter((file) => isClientName(file.path)).map((file) => file.path) };
}

/** The folder under the lone folders the files were packed in: '' when the top holds a file or several folders. */
export function topFolder(paths: readonly string[]): string {
  let root = '';
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const below = paths.filter((path) => root === '' || path.startsWith(`${root}/`)).map((path) => (root === '' ? path : path.slice(root.length + 1)));
    const firsts = new Set(below.map((path) => path.split('/')[0]));
    if (firsts.size !== 1 || below.some((path) => !path.includes('/'))) break;
    root = root === '' ? [...firsts][0]! : `${root}/${[...firsts][0]!}`;
  }
  return root;
}

/**
 * What a person reads about the choice of entry: why that file runs (the report's
 * entry.reason, the feedback's first lines), and what to do when none could be chosen. Both
 * languages, side by side.
 */
import { bilingual, type Language } from '../language';
import { ENTRY_FILE, type Because, type EntryProblem } from './entry-rules';

const LISTED = 8;

function list(names: readonly string[], and: string): string {
  const shown = names.slice(0, LISTED).join(', ');
  return names.length > LISTED ? `${shown} ${and} ${names.length - LISTED}` : shown;
}

const REASONS = bilingual({
  dockerfile: { en: () => 'the submission has a Dockerfile, which says how its server starts', id: () => 'kiriman ini memiliki Dockerfile, yang menentukan cara server-nya dijalankan' },
  startSh: { en: () => 'the submission has a start.sh, which starts its server', id: () => 'kiriman ini memiliki start.sh, yang menjalankan server-nya' },
  entryFile: { en: () => `${ENTRY_FILE} names it`, id: () => `${ENTRY_FILE} menyebutkannya` },
  serverPy: { en: () => 'it is the submission\'s server.py', id: () => 'berkas ini adalah server.py milik kiriman' },
  onlyServer: {
    en: (notebook: boolean) => `it is the only file that starts a TCP server (bind and listen)${notebook ? '; it is a notebook, so its code cells were run as one Python script' : ''}`,
    id: (notebook: boolean) =>
      `hanya berkas ini yang menjalankan server TCP (bind dan listen)${notebook ? '; berkas ini notebook, jadi sel-sel kodenya dijalankan sebagai satu skrip Python' : ''}`,
  },
  namedServer: {
    en: (others: string[]) => `of the files that start a TCP server, only its name says "server" (also found: ${list(others, 'and')})`,
    id: (others: string[]) => `dari berkas-berkas yang menjalankan server TCP, hanya namanya yang memuat "server" (ditemukan juga: ${list(others, 'dan')})`,
  },
});

const PROBLEMS = bilingual({
  none: {
    en: (held: string[], clients: string[]) =>
      `no file of the submission starts a TCP server: put the server in server.py (it runs with python3), or any .py file that calls bind() and listen()${
        clients.length > 0 ? ` (${list(clients, 'and')} is named like a client, so it never counts as the server)` : ''
      }; ${held.length === 0 ? 'the submission is empty' : `it holds ${list(held, 'and')}`}`,
    id: (held: string[], clients: string[]) =>
      `tidak ada berkas kiriman yang menjalankan server TCP: letakkan server di server.py (dijalankan dengan python3), atau di berkas .py mana pun yang memanggil bind() dan listen()${
        clients.length > 0 ? ` (${list(clients, 'dan')} bernama seperti client, jadi tidak pernah dianggap server)` : ''
      }; ${held.length === 0 ? 'kiriman ini kosong' : `isinya: ${list(held, 'dan')}`}`,
  },
  ambiguous: {
    en: (candidates: string[]) =>
      `more than one file starts a TCP server (${list(candidates, 'and')}) and none is clearly the one: name the file to run in ${ENTRY_FILE}, or the instructor chooses with --entry`,
    id: (candidates: string[]) =>
      `lebih dari satu berkas menjalankan server TCP (${list(candidates, 'dan')}) dan tidak ada yang jelas merupakan server-nya: tuliskan berkas yang dijalankan di ${ENTRY_FILE}, atau pengajar memilihnya dengan --entry`,
  },
  entryFileMissing: {
    en: (named: string) => `${ENTRY_FILE} names "${named}", which is not a source file of the submission: write the path of the server's file in it (for example tugas1/server.py)`,
    id: (named: string) => `${ENTRY_FILE} menyebutkan "${named}", yang bukan berkas kode sumber kiriman ini: tuliskan path berkas server di dalamnya (misalnya tugas1/server.py)`,
  },
});

export function entryReason(because: Because, language: Language): string {
  const say = REASONS[language];
  switch (because.rule) {
    case 'dockerfile':
      return say.dockerfile();
    case 'start.sh':
      return say.startSh();
    case 'entry-file':
      return say.entryFile();
    case 'server.py':
      return say.serverPy();
    case 'only-server':
      return say.onlyServer(because.notebook);
    case 'named-server':
      return say.namedServer(because.others);
  }
}

export function entryProblem(problem: EntryProblem, language: Language): string {
  const say = PROBLEMS[language];
  switch (problem.problem) {
    case 'none':
      return say.none(problem.held, problem.clients);
    case 'ambiguous':
      return say.ambiguous(problem.candidates);
    case 'entry-file-missing':
      return say.entryFileMissing(problem.named);
  }
}

/** What start-server.sh's intake says when it cannot go on: the folder unreadable, or a compiled language with no start.sh. */
export const INTAKE_TEXTS = bilingual({
  unreadable: {
    en: (p: { folder: string; why: string }) => `cannot read the submission ${p.folder} (${p.why})`,
    id: (p) => `kiriman ${p.folder} tidak dapat dibaca (${p.why})`,
  },
  compileFirst: {
    en: (p: { file: string; language: string }) => `${p.file}: ${p.language}: add a start.sh that compiles and starts it`,
    id: (p) => `${p.file}: ${p.language}: tambahkan start.sh yang mengompilasi lalu menjalankannya`,
  },
});

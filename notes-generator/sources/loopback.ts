import { spawnSync } from 'node:child_process';
import { inEachLanguage, sameInEachLanguage, SHOWN_SERVER_PORT, type BlockSource, type NotesRun, type Translated } from '../block-source';
import { asShownPort, freePort, labEnvironment } from '../lab-environment';
import { consoleBlock, consoleText, runShownCommand, startShownCommand, type RunningShownCommand } from '../shown-command';
import { CLIENT_TERMINAL, twoTerminals } from '../terminals-block';

const SERVER = 'node dist/server/main.js';
const DEBUG_SERVER = 'LOG_LEVEL=debug node dist/server/main.js';
const CLIENT = 'node dist/client/main.js';

/** A charcount-server of this checkout on a private port, started the way the notes show it. */
class LoopbackServer {
  private constructor(
    readonly command: string,
    readonly port: number,
    private readonly process: RunningShownCommand,
  ) {}

  static async start(run: NotesRun, command: string): Promise<LoopbackServer> {
    const port = await freePort();
    const process = startShownCommand(command, { root: run.root, env: labEnvironment({ PORT: String(port) }), timeoutMs: 600_000 });
    await process.waitForOutput('listening on port').catch((error: Error) => {
      process.stop('SIGKILL');
      throw new Error(`${error.message}\nBuild the server first: npm run build`);
    });
    return new LoopbackServer(command, port, process);
  }

  /** Runs a client command against this server; the text shows the lab's port. */
  async client(run: NotesRun, command: string): Promise<{ text: string; exitCode: number }> {
    const result = await runShownCommand(command, { root: run.root, env: labEnvironment({ SERVER_PORT: String(this.port) }) });
    return { text: consoleText(command, this.shown(result.output)), exitCode: result.exitCode };
  }

  /** Stops the server (SIGTERM) and returns its whole log, as the student's terminal shows it. */
  async stop(): Promise<string[]> {
    this.process.stop('SIGTERM');
    const { output } = await this.process.finished;
    return this.shown(output).split('\n').filter((line) => line !== '');
  }

  private shown(text: string): string {
    return asShownPort(text, this.port, SHOWN_SERVER_PORT);
  }
}

/** Server log lines from the start up to (and with) the first line containing `last`, and the lines after it. */
function logUpTo(lines: string[], last: string): { shown: string[]; rest: string[] } {
  const end = lines.findIndex((line) => line.includes(last));
  if (end === -1) throw new Error(`the server log has no line with "${last}":\n${lines.join('\n')}`);
  return { shown: lines.slice(0, end + 1), rest: lines.slice(end + 1) };
}

/** The log lines a stop (SIGTERM from the generator, Ctrl-C from a student) adds at the end. */
function withoutShutdown(lines: string[]): string[] {
  const signal = lines.findIndex((line) => / INFO {2}SIG[A-Z]+ received: /.test(line));
  return signal === -1 ? lines : lines.slice(0, signal);
}

/**
 * The session's log, cut after `last` (the lines after it depend on how the kernel schedules
 * the four clients at once), with a note saying so and what the lines left out are.
 */
function cutLog(command: string, log: string[], last: string): Translated {
  const { shown, rest } = logUpTo(log, last);
  const left = withoutShutdown(rest);
  const connections = left.filter((line) => line.includes(' INFO  connection from ')).length;
  const quoted = last.replace(/^"|"$/g, '');
  const note: Translated = {
    en: `*Cut after the line of "${quoted}": ${left.length} more lines follow, for ${connections} more connections and the closes, then the shutdown lines when you press Ctrl-C.*`,
    id: `*Dipotong setelah baris "${quoted}": ${left.length} baris lagi menyusul, untuk ${connections} koneksi berikutnya dan penutupannya, lalu baris-baris shutdown saat Anda menekan Ctrl-C.*`,
  };
  const console = consoleBlock(consoleText(command, shown.join('\n')));
  return inEachLanguage((language) => `${console}\n\n${note[language]}`);
}

const SERVER_TERMINAL: Translated = { en: '*Terminal 1, the server:*', id: '*Terminal 1, server:*' };

function terminals(server: string, serverLog: string[], client: string): Translated {
  return twoTerminals(
    { caption: SERVER_TERMINAL, console: consoleBlock(consoleText(server, serverLog.join('\n'))) },
    { caption: CLIENT_TERMINAL, console: consoleBlock(client) },
  );
}

const CHARACTER_SAMPLES: { label: Translated; text: string }[] = [
  { label: { en: 'ASCII', id: 'ASCII' }, text: 'Halo' },
  { label: { en: 'Indonesian sentence', id: 'kalimat bahasa Indonesia' }, text: 'Selamat pagi, apa kabar?' },
  { label: { en: 'é, precomposed', id: 'é, satu titik kode (*precomposed*)' }, text: '\u00e9' },
  { label: { en: 'é, decomposed (e + combining acute)', id: 'é, diuraikan (e + aksen akut penggabung)' }, text: 'e\u0301' },
  { label: { en: 'CJK', id: 'CJK' }, text: '日本語' },
  { label: { en: 'emoji', id: 'emoji' }, text: '😀' },
  { label: { en: 'flag of Indonesia (two regional indicators)', id: 'bendera Indonesia (dua *regional indicator*)' }, text: '🇮🇩' },
  { label: { en: 'family (three emoji joined by ZWJ)', id: 'keluarga (tiga emoji yang digabung ZWJ)' }, text: '👨\u200d👩\u200d👧' },
];

const CHARACTERS_HEADER: Translated = {
  en: "| text | shown | code points | UTF-8 bytes | server's count | Python `len()` | JavaScript `.length` (UTF-16 units) | graphemes (what a reader sees) |",
  id: '| teks | tampilan | titik kode | byte UTF-8 | jumlah dari server | `len()` Python | `.length` JavaScript (unit UTF-16) | grafem (yang dilihat pembaca) |',
};

const SHOWN_CODE_POINTS = 5;

function codePointList(text: string): string {
  const codePoints = [...text].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  const shown = codePoints.slice(0, SHOWN_CODE_POINTS).join(' ');
  return codePoints.length > SHOWN_CODE_POINTS ? `${shown} …` : shown;
}

function pythonLengths(texts: string[]): number[] {
  const python = spawnSync('python3', ['-c', 'import sys, json; print(json.dumps([len(s) for s in json.load(sys.stdin)]))'], {
    input: JSON.stringify(texts),
    encoding: 'utf8',
  });
  if (python.error || python.status !== 0) {
    throw new Error(`python3 could not run (${python.error?.message ?? python.stderr.trim()}); install Python 3, the assignment's language, and retry`);
  }
  return JSON.parse(python.stdout) as number[];
}

async function charactersTable(run: NotesRun, server: LoopbackServer): Promise<Translated> {
  const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
  const python = pythonLengths(CHARACTER_SAMPLES.map((sample) => sample.text));
  /** Every column but the first, which names the sample in the page's language. */
  const measures: string[] = [];
  for (const [index, sample] of CHARACTER_SAMPLES.entries()) {
    const reply = await server.client(run, `${CLIENT} send '${sample.text}'`);
    const count = /adalah (\d+)$/m.exec(reply.text)?.[1];
    if (reply.exitCode !== 0 || count === undefined) throw new Error(`the server did not count ${sample.label.en}:\n${reply.text}`);
    measures.push(
      `${sample.text} | ${codePointList(sample.text)} | ${Buffer.byteLength(sample.text)} | ${count} | ${python[index]} | ${sample.text.length} | ${[...graphemes.segment(sample.text)].length} |`,
    );
  }
  return inEachLanguage((language) =>
    [
      CHARACTERS_HEADER[language],
      '|---|---|---|---:|---:|---:|---:|---:|',
      ...CHARACTER_SAMPLES.map((sample, index) => `| ${sample.label[language]} | ${measures[index]}`),
    ].join('\n'),
  );
}

const FAMILY = '👨\u200d👩\u200d👧';

export const loopbackBlocks: BlockSource = {
  title: 'loopback server and client',
  blocks: ['lab-transcript', 'lab-server-log', 'tcp-stream', 'ours-classic-inputs', 'many-clients', 'characters-table', 'characters-commands'],
  async produce(run) {
    const blocks = new Map<string, Translated>();

    run.progress('scripted lab session against a fresh server');
    const server = await LoopbackServer.start(run, SERVER);
    try {
      const session = await server.client(run, `${CLIENT} run`);
      if (session.exitCode !== 0) throw new Error(`the scripted lab session failed:\n${session.text}`);
      blocks.set('lab-transcript', sameInEachLanguage(consoleBlock(session.text)));
    } finally {
      blocks.set('lab-server-log', cutLog(SERVER, await server.stop(), '"Masih tersambung"'));
    }

    run.progress('reads at debug level: dribbled and pipelined messages');
    const tracing = await LoopbackServer.start(run, DEBUG_SERVER);
    let stream: { text: string; exitCode: number } | undefined;
    try {
      stream = await tracing.client(run, `${CLIENT} run lab-notes/scripts/tcp-stream.txt`);
    } finally {
      const log = await tracing.stop();
      if (stream) blocks.set('tcp-stream', terminals(DEBUG_SERVER, withoutShutdown(log), stream.text));
    }

    run.progress('the classic inputs, characters and 50 concurrent clients');
    const lab = await LoopbackServer.start(run, SERVER);
    try {
      const scripts = ['classic-1500-bytes', 'classic-cut-character', 'invalid-utf8'];
      const classicInputs = await lab.client(
        run,
        `for script in ${scripts.join(' ')}; do ${CLIENT} run lab-notes/scripts/$script.txt --mode classic; done`,
      );
      blocks.set('ours-classic-inputs', sameInEachLanguage(consoleBlock(classicInputs.text)));

      const many = await lab.client(run, `${CLIENT} run --concurrency 50 --repeat 4 --max-rows 0`);
      if (many.exitCode !== 0) throw new Error(`50 concurrent clients did not all get the expected replies:\n${many.text}`);
      blocks.set('many-clients', sameInEachLanguage(consoleBlock(many.text)));

      blocks.set('characters-table', await charactersTable(run, lab));
      const commands = [
        (await lab.client(run, `${CLIENT} send '${FAMILY}'`)).text,
        (await runShownCommand(`node -e 'console.log("${FAMILY}".length)'`, { root: run.root })).output,
        (await runShownCommand(`python3 -c 'print(len("${FAMILY}"))'`, { root: run.root })).output,
      ];
      blocks.set(
        'characters-commands',
        sameInEachLanguage(
          consoleBlock(
            commands[0]!,
            consoleText(`node -e 'console.log("${FAMILY}".length)'`, commands[1]!),
            consoleText(`python3 -c 'print(len("${FAMILY}"))'`, commands[2]!),
          ),
        ),
      );
    } finally {
      await lab.stop();
    }
    return blocks;
  },
};

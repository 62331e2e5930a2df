import { sameInEachLanguage, SHOWN_SERVER_PORT, type BlockSource, type NotesRun, type Translated } from '../block-source';
import { asShownPort, freePort, labEnvironment } from '../lab-environment';
import { consoleBlock, consoleText, runShownCommand, startShownCommand } from '../shown-command';
import { CLIENT_TERMINAL, twoTerminals } from '../terminals-block';

const CLASSIC_SERVER = 'python3 lab-notes/classic/classic_server.py';
const CLIENT = 'node dist/client/main.js';
const SERVER = 'node dist/server/main.js';
const SHOWN_CLONE = '/home/student/charcount-lab';
const CLASSIC_SERVER_TERMINAL: Translated = { en: '*Terminal 1, the classic server:*', id: '*Terminal 1, server klasik:*' };

/** What one run of the classic server shows besides it: the client's commands, and what follows in terminal 1. */
interface ClassicSession {
  /** Run in terminal 2 one after another; all but the first after the classic server has ended. */
  clientCommands: string[];
  /** Run in terminal 1 after the classic server has ended, on the port it used. */
  thenInTerminal1?: string;
  caption?: Translated;
}

/**
 * Runs the classic Python server (a re-creation of the assignment's answer) with the client
 * commands given, one after another, and shows both terminals. Commands are shown with the
 * lab's port 12345 and run with the private one.
 */
async function classicSession(run: NotesRun, session: ClassicSession): Promise<Translated> {
  const port = await freePort();
  // Python's traceback names the script by its absolute path: show a typical clone's.
  const shown = (text: string): string => asShownPort(text, port, SHOWN_SERVER_PORT).replaceAll(`${run.root}/`, `${SHOWN_CLONE}/`);
  const onPrivatePort = (command: string): string => asShownPort(command, SHOWN_SERVER_PORT, port);
  const server = startShownCommand(CLASSIC_SERVER, { root: run.root, env: labEnvironment({ PORT: String(port) }), timeoutMs: 30_000 });
  const clientTexts: string[] = [];
  try {
    await server.waitForOutput('Waiting...').catch((error: Error) => {
      throw new Error(`${error.message}\nThe classic demonstrations need Python 3 (python3 on the PATH): install it and retry`);
    });
    for (const [index, command] of session.clientCommands.entries()) {
      const result = await runShownCommand(onPrivatePort(command), { root: run.root, env: labEnvironment({ SERVER_PORT: String(port) }) });
      clientTexts.push(consoleText(command, shown(result.output)));
      // The classic server is gone after its one client; wait for that before the next command.
      if (index === 0) await server.finished;
    }
  } finally {
    server.stop('SIGKILL');
  }
  const { output } = await server.finished;
  const terminal1 = [consoleText(CLASSIC_SERVER, shown(output))];
  if (session.thenInTerminal1 !== undefined) terminal1.push(consoleText(session.thenInTerminal1, shown(await refusedBind(run, session.thenInTerminal1, port))));
  return twoTerminals(
    { caption: session.caption ?? CLASSIC_SERVER_TERMINAL, console: consoleBlock(...terminal1) },
    { caption: CLIENT_TERMINAL, console: consoleBlock(...clientTexts) },
  );
}

/**
 * The output of a server command that must fail to listen on `port`, which the classic server
 * has just left in TIME_WAIT. Should it listen after all (no TIME_WAIT; not Linux), the block
 * would show nothing of what its prose explains, so that is an error.
 */
async function refusedBind(run: NotesRun, command: string, port: number): Promise<string> {
  const server = startShownCommand(command, { root: run.root, env: labEnvironment({ PORT: String(port) }), timeoutMs: 15_000 });
  if (await server.waitForOutput('listening on port', 10_000).then(() => true, () => false)) {
    server.stop('SIGKILL');
    await server.finished;
    throw new Error(`\`${command}\` listened on the port the classic server had just closed: no TIME_WAIT held it (the TIME_WAIT block needs Linux)`);
  }
  return (await server.finished).output;
}

const withExitCode = (command: string): string => `${command}; echo "exit code $?"`;

const TIME_WAIT_TERMINAL: Translated = {
  en: '*Terminal 1, the classic server, then charcount-server on the same port:*',
  id: '*Terminal 1, server klasik, lalu charcount-server di port yang sama:*',
};

/** What `errors='replace'` would make of the two invalid messages of the lab session. */
const DECODE_WITH_REPLACE = `python3 -c 'for data in b"abc\\xffdef", b"harga \\xe2\\x82": text = data.decode(errors="replace"); print(data, repr(text), len(text))'`;

export const classicBlocks: BlockSource = {
  title: 'classic Python server',
  blocks: ['classic-one-client', 'classic-time-wait', 'classic-1500-bytes', 'classic-cut-character', 'classic-invalid-utf8', 'classic-decode-replace'],
  async produce(run) {
    run.progress('the classic server: one client, then gone');
    const blocks = new Map<string, Translated>();
    blocks.set(
      'classic-one-client',
      await classicSession(run, {
        clientCommands: [
          withExitCode(`${CLIENT} send --mode classic "Halo dunia"`),
          withExitCode(`${CLIENT} send --mode classic --wait-timeout 1 "Halo lagi"`),
        ],
      }),
    );
    run.progress('the classic server, then charcount-server on its port (TIME_WAIT)');
    blocks.set(
      'classic-time-wait',
      await classicSession(run, {
        clientCommands: [`${CLIENT} send --mode classic "Halo dunia"`, "ss -ltnp 'sport = :12345'", "ss -tan state time-wait '( sport = :12345 )'"],
        thenInTerminal1: withExitCode(SERVER),
        caption: TIME_WAIT_TERMINAL,
      }),
    );
    for (const script of ['classic-1500-bytes', 'classic-cut-character', 'invalid-utf8']) {
      run.progress(`the classic server: ${script}`);
      const block = script.startsWith('classic-') ? script : `classic-${script}`;
      blocks.set(block, await classicSession(run, { clientCommands: [withExitCode(`${CLIENT} run lab-notes/scripts/${script}.txt --mode classic`)] }));
    }
    const decoded = await runShownCommand(DECODE_WITH_REPLACE, { root: run.root });
    if (decoded.exitCode !== 0) throw new Error(`\`${DECODE_WITH_REPLACE}\` failed:\n${decoded.output}`);
    blocks.set('classic-decode-replace', sameInEachLanguage(consoleBlock(consoleText(DECODE_WITH_REPLACE, decoded.output))));
    return blocks;
  },
  normalize: (_block, text) =>
    text
      // Python 3.11+ underlines the failing expression; older versions do not.
      .replace(/^\s*[~^]+\s*$\n?/gm, ''),
};

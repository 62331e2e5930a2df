import { SHOWN_SERVER_PORT, type BlockSource, type NotesRun, type Translated } from '../block-source';
import { asShownPort, freePort, labEnvironment } from '../lab-environment';
import { consoleBlock, consoleText, runShownCommand, startShownCommand } from '../shown-command';
import { CLIENT_TERMINAL, twoTerminals } from '../terminals-block';

const CLASSIC_SERVER = 'python3 lab-notes/classic/classic_server.py';
const CLIENT = 'node dist/client/main.js';
const SHOWN_CLONE = '/home/student/charcount-lab';
const CLASSIC_SERVER_TERMINAL: Translated = { en: '*Terminal 1, the classic server:*', id: '*Terminal 1, server klasik:*' };

/**
 * Runs the classic Python server (a re-creation of the assignment's answer) with the client
 * commands given, one after another, and shows both terminals.
 */
async function classicSession(run: NotesRun, clientCommands: string[]): Promise<Translated> {
  const port = await freePort();
  // Python's traceback names the script by its absolute path: show a typical clone's.
  const shown = (text: string): string => asShownPort(text, port, SHOWN_SERVER_PORT).replaceAll(`${run.root}/`, `${SHOWN_CLONE}/`);
  const server = startShownCommand(CLASSIC_SERVER, { root: run.root, env: labEnvironment({ PORT: String(port) }), timeoutMs: 30_000 });
  const clientTexts: string[] = [];
  try {
    await server.waitForOutput('Waiting...').catch((error: Error) => {
      throw new Error(`${error.message}\nThe classic demonstrations need Python 3 (python3 on the PATH): install it and retry`);
    });
    for (const [index, command] of clientCommands.entries()) {
      const result = await runShownCommand(command, { root: run.root, env: labEnvironment({ SERVER_PORT: String(port) }) });
      clientTexts.push(consoleText(command, shown(result.output)));
      // The classic server is gone after its one client; wait for that before the next command.
      if (index === 0) await server.finished;
    }
  } finally {
    server.stop('SIGKILL');
  }
  const { output } = await server.finished;
  return twoTerminals(
    { caption: CLASSIC_SERVER_TERMINAL, console: consoleBlock(consoleText(CLASSIC_SERVER, shown(output))) },
    { caption: CLIENT_TERMINAL, console: consoleBlock(...clientTexts) },
  );
}

const withExitCode = (command: string): string => `${command}; echo "exit code $?"`;

export const classicBlocks: BlockSource = {
  title: 'classic Python server',
  blocks: ['classic-one-client', 'classic-1500-bytes', 'classic-cut-character', 'classic-invalid-utf8'],
  async produce(run) {
    run.progress('the classic server: one client, then gone');
    const blocks = new Map<string, Translated>();
    blocks.set(
      'classic-one-client',
      await classicSession(run, [
        withExitCode(`${CLIENT} send --mode classic "Halo dunia"`),
        withExitCode(`${CLIENT} send --mode classic --wait-timeout 1 "Halo lagi"`),
      ]),
    );
    for (const script of ['classic-1500-bytes', 'classic-cut-character', 'invalid-utf8']) {
      run.progress(`the classic server: ${script}`);
      const block = script.startsWith('classic-') ? script : `classic-${script}`;
      blocks.set(block, await classicSession(run, [withExitCode(`${CLIENT} run lab-notes/scripts/${script}.txt --mode classic`)]));
    }
    return blocks;
  },
  normalize: (_block, text) =>
    text
      // Python 3.11+ underlines the failing expression; older versions do not.
      .replace(/^\s*[~^]+\s*$\n?/gm, ''),
};

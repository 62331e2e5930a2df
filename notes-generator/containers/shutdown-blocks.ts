import type { NotesRun, Translated } from '../block-source';
import { consoleBlock, consoleText } from '../shown-command';
import { twoTerminals } from '../terminals-block';
import type { ComposeLab } from './compose-lab';
import { DockerEngine } from './docker-engine';

const QUIET = 'docker compose --progress quiet';
const SHUTDOWN_SESSION = `${QUIET} run --rm client run lab-notes/scripts/shutdown.txt`;
const withExitCode = (command: string): string => `${command}; echo "exit code $?"`;

const MID_SESSION_TERMINAL: Translated = { en: '*Terminal 1, a client in the middle of a session:*', id: '*Terminal 1, sebuah client di tengah sesi:*' };
const WHILE_ARRIVING_TERMINAL: Translated = {
  en: '*Terminal 2, while the second message is still arriving:*',
  id: '*Terminal 2, selagi pesan kedua masih berdatangan:*',
};
const WHILE_LONG_MESSAGE_TERMINAL: Translated = {
  en: '*Terminal 2, while the long message is still arriving:*',
  id: '*Terminal 2, selagi pesan panjang masih berdatangan:*',
};

/**
 * How long after the log line of the message before the dribbled one the stop lands. The
 * dribbled message (shutdown.txt, keep-sending.txt) takes 2 s to arrive, longer on a loaded
 * machine. Landing in its middle leaves the client time to start dribbling first (a draining
 * server ends a connection that stays silent for 50 ms between messages) and leaves well
 * over a second of the message still to come, far more than the log and the stop request
 * take here (the SIGTERM landed 0.79 s after the log line at a load of 20 on 2 cores).
 */
const STOP_AFTER_LOG_MS = 700;

interface StopDuringSession {
  clientCommand: string;
  /** The server's log line of the message before the dribbled one: the stop lands STOP_AFTER_LOG_MS after it. */
  stopAfterLog: string;
  /** What terminal 2 shows; it prints nothing. */
  stopCommand: string;
  /** The request `stopCommand` makes to Docker. */
  stopRequest(engine: DockerEngine, containerId: string): Promise<void>;
  caption: Translated;
  /** Why the client's output is not what the block is meant to show, or undefined when it is. */
  unexpected(output: string): string | undefined;
  /** Whether the server's log belongs in the block. */
  showLog: boolean;
}

/**
 * A fresh server, `clientCommand` in terminal 1, and `stopCommand` in terminal 2 while the
 * client's dribbled message is still arriving. The stop is the request the shown command makes
 * to Docker, sent the moment the session is at that point (see DockerEngine): no run of the
 * CLI can race the client, so the block shows the same session every time.
 */
async function stopDuringSession(lab: ComposeLab, engine: DockerEngine, session: StopDuringSession): Promise<Translated> {
  const fresh = await lab.shownUp(`${QUIET} up -d --wait --force-recreate server`);
  const server = await lab.containerId('server');
  const logged = engine.waitForLog(server, session.stopAfterLog, 60_000);
  logged.catch(() => undefined); // awaited below; a client that fails first is the error to report
  const client = lab.start(session.clientCommand);
  const endedFirst = client.finished.then((result) => {
    throw new Error(`\`${session.clientCommand}\` ended before the server logged "${session.stopAfterLog}":\n${lab.shown(result.output)}`);
  });
  endedFirst.catch(() => undefined); // it also settles after a normal end, once nothing waits on it
  try {
    await Promise.race([logged, endedFirst]);
    await new Promise((resolve) => setTimeout(resolve, STOP_AFTER_LOG_MS));
    await session.stopRequest(engine, server);
  } catch (error) {
    client.stop('SIGKILL');
    throw error;
  }
  const clientResult = await client.finished;
  const clientOutput = lab.shown(clientResult.output).replace(/\n+$/, '');
  const problem = clientResult.exitCode === 0 ? session.unexpected(clientOutput) : `exited ${clientResult.exitCode}`;
  if (problem !== undefined) throw new Error(`\`${session.clientCommand}\` ${problem}:\n${clientOutput}`);
  const stop = consoleText(session.stopCommand, '');
  const terminal2 = session.showLog ? [stop, await lab.shownCommand('docker compose logs server | grep -v 127.0.0.1')] : [stop];
  return twoTerminals(
    { caption: MID_SESSION_TERMINAL, console: consoleBlock(fresh, `$ ${session.clientCommand}\n${clientOutput}`) },
    { caption: session.caption, console: consoleBlock(...terminal2) },
  );
}

/** The shutdown blocks and what each shows; `shutdownBlocks` runs the wanted ones. */
const SESSIONS: Readonly<Record<string, { progress: string; session: StopDuringSession }>> = {
  // `docker compose stop` (SIGTERM: the server drains, every message is answered) with the
  // shutdown script's dribbled message in flight.
  'shutdown-in-flight': {
    progress: 'docker compose stop with a message in flight',
    session: {
      clientCommand: SHUTDOWN_SESSION,
      stopAfterLog: '"tiga" ->',
      stopCommand: `${QUIET} stop server`,
      stopRequest: (engine, id) => engine.stop(id),
      caption: WHILE_ARRIVING_TERMINAL,
      showLog: true,
      unexpected: (output) => (/^summary: 4 messages, 4 ok, /m.test(output) ? undefined : 'did not get every reply although the server drained the connection'),
    },
  },
  // For the answer key: `docker compose kill` the same way (SIGKILL, what Docker does after
  // stop_grace_period: the kernel closes the dead server's socket, the message is never answered).
  'shutdown-kill': {
    progress: 'docker compose kill with a message in flight',
    session: {
      clientCommand: withExitCode(SHUTDOWN_SESSION),
      stopAfterLog: '"tiga" ->',
      stopCommand: `${QUIET} kill server`,
      stopRequest: (engine, id) => engine.kill(id),
      caption: WHILE_ARRIVING_TERMINAL,
      showLog: true,
      unexpected: (output) => (/^exit code 0$/m.test(output) ? 'got every reply although the server was killed in the middle of a message' : undefined),
    },
  },
  // Task 17: a stop while the client still needs new connections. keep-sending.txt dribbles its
  // second message for 2 s, then opens four new connections; the stop lands during the dribble.
  'shutdown-new-connections': {
    progress: 'docker compose stop while a run still needs new connections',
    session: {
      clientCommand: withExitCode(`${QUIET} run --rm client run --repeat 100 lab-notes/scripts/keep-sending.txt`),
      stopAfterLog: '"Halo dunia" ->',
      stopCommand: `${QUIET} stop server`,
      stopRequest: (engine, id) => engine.stop(id),
      caption: WHILE_LONG_MESSAGE_TERMINAL,
      showLog: false,
      unexpected: (output) => (/^summary: 600 messages, 2 ok, /m.test(output) ? undefined : 'did not stop during the long message, before the new connections of the first round'),
    },
  },
};

export const SHUTDOWN_BLOCKS: readonly string[] = Object.keys(SESSIONS);

export async function shutdownBlocks(run: NotesRun, lab: ComposeLab, wanted: ReadonlySet<string>, blocks: Map<string, Translated>): Promise<void> {
  const names = SHUTDOWN_BLOCKS.filter((name) => wanted.has(name));
  if (names.length === 0) return;
  const engine = await DockerEngine.ofCurrentContext();
  for (const name of names) {
    run.progress(SESSIONS[name]!.progress);
    blocks.set(name, await stopDuringSession(lab, engine, SESSIONS[name]!.session));
  }
}

/**
 * The notes' ladder diagrams (analysis section 6), from one real capture: tcpdump on the
 * loopback interface while charcount-server and the classic Python server serve the clients
 * below. Each connection becomes an SVG in lab-notes/diagrams/ and a block showing it, with
 * its segments as a table (what notes:check compares: flags, relative numbers, lengths and
 * marks, not times or ports).
 */
import { readCapture } from '../../tools/capture-file';
import { ladderOf, type Ladder, type LadderEvent } from '../../tools/ladder';
import { tcpConnections, type TcpConnection } from '../../tools/tcp-connections';
import type { TcpSegment } from '../../tools/tcp-segment';
import { SHOWN_SERVER_PORT, type BlockSource, type NotesRun, type Translated } from '../block-source';
import { freePort, labEnvironment } from '../lab-environment';
import { diagramBlock, type DiagramCase } from '../ladders/diagram-block';
import { LoopbackCapture } from '../ladders/loopback-capture';
import { runShownCommand, startShownCommand, type RunningShownCommand } from '../shown-command';

const SERVER = 'node dist/server/main.js';
const CLASSIC_SERVER = 'python3 lab-notes/classic/classic_server.py';
const CLIENT = 'node dist/client/main.js';
const ON_SERVER = `server: ${SERVER}; captured with tcpdump -i lo`;

interface ClientCase extends Omit<DiagramCase, 'title'> {
  /** The client command as a student types it; the diagram's title. */
  command: string;
  /** Why the ladder is not what the caption describes, or undefined when it is. */
  unexpected(ladder: Ladder): string | undefined;
}

const notes = (ladder: Ladder): string => ladder.arrows.flatMap((arrow) => arrow.notes).join('; ');
const expectNote = (text: string) => (ladder: Ladder) => (notes(ladder).includes(text) ? undefined : `no "${text}" among its marks (${notes(ladder)})`);

/** The clients of one charcount-server, one connection each, in this order. */
const LAB_CLIENTS: ClientCase[] = [
  {
    block: 'ladder-one-message',
    command: `${CLIENT} send "Halo dunia"`,
    subtitle: ON_SERVER,
    caption: {
      en: 'One message: the handshake, the message and its reply (each acknowledged), then a FIN from each side.',
      id: 'Satu pesan: *handshake*, pesan dan balasannya (masing-masing diakui dengan ACK), lalu FIN dari setiap sisi.',
    },
    unexpected: expectNote('message 1 complete (LF)'),
  },
  {
    block: 'ladder-quiet-period',
    command: `${CLIENT} send --mode classic "Halo dunia"`,
    subtitle: ON_SERVER,
    caption: {
      en: 'A classic client: no newline, so the message ends only when 150 ms pass without data, and the reply comes after that gap.',
      id: 'Client klasik: tanpa baris baru, sehingga pesan baru selesai setelah 150 ms berlalu tanpa data, dan balasannya datang setelah jeda itu.',
    },
    unexpected: expectNote('answered after quiet period'),
  },
  {
    block: 'ladder-pipelining',
    command: `${CLIENT} send --escapes 'satu\\ndua\\ntiga'`,
    subtitle: ON_SERVER,
    caption: {
      en: 'Pipelining: three messages in one segment, and their three replies, in order.',
      id: '*Pipelining*: tiga pesan dalam satu segmen, dan tiga balasannya, berurutan.',
    },
    unexpected: expectNote('messages 1–3 complete (LF)'),
  },
  {
    block: 'ladder-long-message',
    command: `${CLIENT} send --chunk-size 500 --chunk-delay-ms 20 --escapes '\\*1500{a}'`,
    subtitle: ON_SERVER,
    caption: {
      en: 'A long message in several segments: 1,500 bytes written 500 at a time, then the LF alone. A single `recv(1024)` would get whatever had arrived; the server replies once, after the LF.',
      id: 'Pesan panjang dalam beberapa segmen: 1.500 byte yang ditulis 500 byte setiap kali, lalu LF sendiri. Satu `recv(1024)` akan mendapat apa saja yang sudah tiba; server membalas sekali, setelah LF.',
    },
    unexpected: (ladder) => (ladder.arrows.filter((arrow) => arrow.fromClient && arrow.packet.length > 0).length === 4 ? undefined : 'the message did not take four data segments'),
  },
];

/**
 * The message arrives in four pieces 100 ms apart. The server's quiet period is 1 s, not 150 ms:
 * a piece that comes late on a loaded machine must not let the quiet period answer the message
 * cut short (at 150 ms, a piece 69 ms late did that).
 */
const SHUTDOWN_SERVER = 'LOG_LEVEL=debug node dist/server/main.js --quiet-period-ms 1000';

const SHUTDOWN: ClientCase = {
  block: 'ladder-shutdown',
  command: `${CLIENT} send --chunk-size 10 --chunk-delay-ms 100 "Pesan terakhir sebelum shutdown"`,
  subtitle: `server: ${SHUTDOWN_SERVER}, sent SIGTERM once it has read 10 bytes; captured with tcpdump -i lo`,
  caption: {
    en: "A shutdown with a message in flight: the server gets SIGTERM (the line, from the server's log) after the first 10 bytes, reads the rest, replies, and only then the connection closes.",
    id: 'Shutdown dengan pesan yang sedang dikirim: server menerima SIGTERM (garis itu, dari log server) setelah 10 byte pertama, membaca sisanya, membalas, dan baru setelah itu koneksinya ditutup.',
  },
  unexpected: (ladder) => {
    const signal = ladder.events[0]?.timeMs ?? Infinity;
    const lastPiece = ladder.arrows.filter((arrow) => arrow.fromClient && arrow.packet.length > 0).at(-1)?.packet.timeMs ?? -Infinity;
    if (signal > lastPiece) return 'the SIGTERM came after the whole message had arrived';
    return ladder.arrows.some((arrow) => !arrow.fromClient && arrow.packet.length > 0 && arrow.packet.timeMs > signal) ? undefined : 'no reply after the SIGTERM';
  },
};

const RESET: ClientCase = {
  block: 'ladder-reset',
  command: `${CLIENT} run lab-notes/scripts/classic-1500-bytes.txt --mode classic`,
  subtitle: `server: the classic program, ${CLASSIC_SERVER}; captured with tcpdump -i lo`,
  caption: {
    en: 'A reset: the classic server reads one `recv(1024)`, replies with 1024, and closes its socket with 476 bytes still unread, so its kernel sends RST instead of FIN.',
    id: 'Reset: server klasik membaca satu `recv(1024)`, membalas dengan 1024, lalu menutup socket-nya selagi 476 byte belum dibaca, sehingga kernel-nya mengirim RST, bukan FIN.',
  },
  unexpected: (ladder) => (ladder.arrows.some((arrow) => !arrow.fromClient && arrow.kinds.includes('reset')) ? undefined : 'the server sent no RST'),
};

const CASES = [...LAB_CLIENTS, SHUTDOWN, RESET];

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** A server of the lab on a private port, once it says it is ready. */
async function startServer(run: NotesRun, command: string, port: number, ready: string): Promise<RunningShownCommand> {
  const server = startShownCommand(command, { root: run.root, env: labEnvironment({ PORT: String(port) }), timeoutMs: 60_000 });
  await server.waitForOutput(ready).catch((error: Error) => {
    server.stop('SIGKILL');
    throw new Error(`${error.message}\n(the diagrams need a build, npm run build, and python3 for the classic server)`);
  });
  return server;
}

async function client(run: NotesRun, command: string, port: number, expectedExit: number): Promise<void> {
  const result = await runShownCommand(command, { root: run.root, env: labEnvironment({ SERVER_PORT: String(port) }) });
  if (result.exitCode !== expectedExit) throw new Error(`\`${command}\` exited ${result.exitCode} (expected ${expectedExit}):\n${result.output}`);
}

/** The server's log line of the signal, as an event at its time in the connection. */
function signalEvent(log: string, connectionStartUs: number): LadderEvent {
  const line = /^(\S+Z) INFO {2}SIGTERM received: (.*)$/m.exec(log);
  if (!line) throw new Error(`the server logged no SIGTERM:\n${log}`);
  return { timeMs: Date.parse(line[1]!) - connectionStartUs / 1000, text: 'SIGTERM (server log): no longer accepting connections; finishing 1 open' };
}

interface Captured {
  pcap: Buffer;
  shutdownLog: string;
}

/** Runs every case with tcpdump capturing; the servers run on `ports` (lab, shutdown, classic). */
async function captureCases(run: NotesRun, [labPort, shutdownPort, classicPort]: number[]): Promise<Captured> {
  const capture = await LoopbackCapture.start([labPort!, shutdownPort!, classicPort!]);
  try {
    run.progress('charcount-server: one message, a classic client, pipelining, a long message');
    const lab = await startServer(run, SERVER, labPort!, 'listening on port');
    try {
      for (const labClient of LAB_CLIENTS) await client(run, labClient.command, labPort!, 0);
    } finally {
      lab.stop('SIGTERM');
      await lab.finished;
    }

    run.progress('charcount-server stopped (SIGTERM) while a message is arriving');
    const server = await startServer(run, SHUTDOWN_SERVER, shutdownPort!, 'listening on port');
    const sending = startShownCommand(SHUTDOWN.command, { root: run.root, env: labEnvironment({ SERVER_PORT: String(shutdownPort) }) });
    try {
      await server.waitForOutput(' read 10 bytes ');
    } catch (error) {
      sending.stop('SIGKILL');
      throw error;
    } finally {
      server.stop('SIGTERM');
    }
    const [{ output: shutdownLog }, sent] = await Promise.all([server.finished, sending.finished]);
    if (sent.exitCode !== 0) throw new Error(`\`${SHUTDOWN.command}\` exited ${sent.exitCode} while the server shut down:\n${sent.output}\nserver log:\n${shutdownLog}`);

    run.progress('the classic server and 1,500 bytes (a reset)');
    const classic = await startServer(run, CLASSIC_SERVER, classicPort!, 'Waiting...');
    try {
      await client(run, RESET.command, classicPort!, 1);
    } catch (error) {
      classic.stop('SIGKILL');
      throw error;
    }
    await classic.finished; // the classic server exits after its one client
    return { pcap: await capture.stop(), shutdownLog };
  } catch (error) {
    capture.kill();
    throw error;
  }
}

/** The connection as the notes show it: the server on the lab's port, packets numbered from 1. */
function shown(connection: TcpConnection): TcpConnection {
  return {
    ...connection,
    server: { ...connection.server, port: SHOWN_SERVER_PORT },
    packets: connection.packets.map((packet, i) => ({ ...packet, index: i + 1 })),
  };
}

export const ladderBlocks: BlockSource = {
  title: 'ladder diagrams (tcpdump on loopback)',
  blocks: CASES.map((diagram) => diagram.block),
  async produce(run) {
    const ports = await distinctFreePorts(3);
    const { pcap, shutdownLog } = await captureCases(run, ports);
    const segments: TcpSegment[] = readCapture(pcap).segments;
    const connections = tcpConnections(segments);
    const on = (port: number): TcpConnection[] => connections.filter((connection) => connection.server.port === port);
    const [lab, shutdown, classic] = ports.map(on) as [TcpConnection[], TcpConnection[], TcpConnection[]];
    if (lab.length !== LAB_CLIENTS.length || shutdown.length !== 1 || classic.length !== 1) {
      throw new Error(`the capture has ${lab.length}, ${shutdown.length} and ${classic.length} connections to the three servers (expected ${LAB_CLIENTS.length}, 1 and 1)`);
    }
    const shutdownStartUs = segments.find((segment) => segment.index === shutdown[0]!.packets[0]!.index)!.timeUs;
    const ladders = new Map<ClientCase, Ladder>([
      ...LAB_CLIENTS.map((labClient, i): [ClientCase, Ladder] => [labClient, ladderOf(shown(lab[i]!))]),
      [SHUTDOWN, ladderOf(shown(shutdown[0]!), [signalEvent(shutdownLog, shutdownStartUs)])],
      [RESET, ladderOf(shown(classic[0]!))],
    ]);
    const blocks = new Map<string, Translated>();
    for (const [diagram, ladder] of ladders) {
      const problem = diagram.unexpected(ladder);
      if (problem !== undefined) throw new Error(`the capture of \`${diagram.command}\` does not show what block ${diagram.block} explains: ${problem}`);
      blocks.set(diagram.block, diagramBlock(run, { ...diagram, title: `$ ${diagram.command}` }, ladder));
    }
    return blocks;
  },
  // Between which pieces of the message the SIGTERM lands depends on how fast the server logs
  // its first read and the signal arrives; the run checks it lands before the last piece.
  normalize: (block, text) => (block === 'ladder-shutdown' ? text.replace(/^\| \| [\d.]+ \|.*\*\*SIGTERM .*\n/m, '') : text),
};

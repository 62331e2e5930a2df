import { inEachLanguage, sameInEachLanguage, type BlockSource, type NotesRun, type Translated } from '../block-source';
import { ComposeLab, SHOWN_PCAP, inProgramOrder } from '../containers/compose-lab';
import { consoleBlock, runShownCommand } from '../shown-command';
import { SHUTDOWN_BLOCKS, shutdownBlocks } from '../containers/shutdown-blocks';

const QUIET = 'docker compose --progress quiet';
const LONG_PCAP = 'lab-1500.pcap';

async function requireDocker(run: NotesRun): Promise<void> {
  const docker = await runShownCommand('docker compose version && docker info --format "{{.ServerVersion}}"', { root: run.root, timeoutMs: 30_000 }).catch(
    (error: Error) => ({ exitCode: 1, output: error.message }),
  );
  if (docker.exitCode !== 0) {
    throw new Error(`Docker with Compose v2 is not reachable (${docker.output.trim().split('\n').at(-1)}); start Docker (here: bash ../shared/sandbox/docker-up.sh) and retry`);
  }
}

async function addressesAndLog(lab: ComposeLab, blocks: Map<string, Translated>): Promise<void> {
  blocks.set(
    'container-addresses',
    sameInEachLanguage(
      consoleBlock(
        await lab.shownUp(`${QUIET} up -d --wait server`),
        await lab.shownCommand(`docker network inspect charcount-lab_lab --format '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{println}}{{end}}'`),
        await lab.shownCommand(`${QUIET} run --rm --entrypoint sh client -c 'hostname -i; getent hosts server'`),
      ),
    ),
  );
  blocks.set(
    'compose-server-log',
    sameInEachLanguage(
      consoleBlock(
        await lab.shownCommand(`${QUIET} run --rm client send "Halo dunia"`),
        await lab.shownCommand('docker compose logs server | grep -v 127.0.0.1'),
      ),
    ),
  );
}

/** The capture tools the notes show: the project's own pcap report (Node), and tcpdump -r from the capture image (only Docker). */
const report = (pcap: string): string => `npx ts-node tools/capture-report.ts captures/${pcap}`;
const handshakeOptions = (pcap: string): string =>
  `${QUIET} --profile capture run --rm --entrypoint tcpdump capture -Z root -nr /captures/${pcap} 'tcp[tcpflags] & tcp-syn != 0'`;

/** Captures what `clientCommand` does: start tcpdump (healthy once it captures), the client, stop, tcpdump's own log. */
async function captureOf(lab: ComposeLab, pcap: string, clientCommand: string): Promise<string[]> {
  const startCapture = await lab.shownUp(`CAPTURE_FILE=${pcap} ${QUIET} --profile capture up -d --wait capture`);
  const client = await lab.shownCommand(clientCommand);
  // tcpdump writes each packet as it arrives; give the last ACK time to arrive before stopping it.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return [startCapture, client, await lab.shownCommand(`${QUIET} stop capture`), await lab.shownCommand('docker compose logs capture')];
}

/**
 * The worked example under the /proc/net/tcp output, from that output, so it cannot drift:
 * the remote address of the connection to port 12345 (hex 3039) is the server's.
 */
function decodedServerAddress(output: string): Translated {
  const hex = /\b([0-9A-F]{8}):3039 06$/m.exec(output)?.[1];
  if (hex === undefined) throw new Error(`/proc/net/tcp shows no connection to port 12345 in TIME_WAIT:\n${output}`);
  const bytes = hex.match(/../g)!.reverse();
  const decimal = bytes.map((byte) => parseInt(byte, 16));
  const address = decimal.join('.');
  return {
    en: `*Worked example: the server, ${address}, appears as \`${hex}\`. Read it two digits at a time from the right: \`${bytes.join(' ')}\` is ${decimal.join(', ')}. \`:3039\` is port 12345.*`,
    id: `*Contoh: server, ${address}, muncul sebagai \`${hex}\`. Bacalah dua digit sekaligus dari kanan: \`${bytes.join(' ')}\` adalah ${decimal.join(', ')}. \`:3039\` adalah port 12345.*`,
  };
}

async function capture(lab: ComposeLab, blocks: Map<string, Translated>): Promise<void> {
  const session = await captureOf(lab, SHOWN_PCAP, `${QUIET} run --rm client send "Halo dunia"`);
  blocks.set('capture-session', sameInEachLanguage(consoleBlock(...session, await lab.shownCommand(report(SHOWN_PCAP)))));

  const procNetTcp = await lab.shownCommand(`${QUIET} run --rm --entrypoint sh client -c "node dist/client/main.js send 'Halo dunia'; awk '{print \\$1, \\$2, \\$3, \\$4}' /proc/net/tcp"`);
  const example = decodedServerAddress(procNetTcp);
  blocks.set('capture-time-wait', inEachLanguage((language) => `${consoleBlock(procNetTcp)}\n\n${example[language]}`));

  // For the answer key (task 16): a message longer than one segment, and the MSS the handshake advertises.
  const long = await captureOf(lab, LONG_PCAP, `${QUIET} run --rm client run lab-notes/scripts/classic-1500-bytes.txt`);
  blocks.set(
    'capture-1500-bytes',
    sameInEachLanguage(consoleBlock(...long, await lab.shownCommand(report(LONG_PCAP)), await lab.shownCommand(handshakeOptions(LONG_PCAP)))),
  );
}

const ADDRESS_BLOCKS = ['container-addresses', 'compose-server-log'];
const CAPTURE_BLOCKS = ['capture-session', 'capture-time-wait', 'capture-1500-bytes'];

export const containerBlocks: BlockSource = {
  title: 'containers (Docker Compose, capture profile)',
  blocks: [...ADDRESS_BLOCKS, ...CAPTURE_BLOCKS, ...SHUTDOWN_BLOCKS],
  async produce(run, wanted = new Set([...ADDRESS_BLOCKS, ...CAPTURE_BLOCKS, ...SHUTDOWN_BLOCKS])) {
    await requireDocker(run);
    const lab = new ComposeLab(run);
    const blocks = new Map<string, Translated>();
    try {
      run.progress('building the images (from the layer cache after the first time)');
      await lab.shell('docker compose --progress quiet --profile capture build', 0, 600_000);
      if (ADDRESS_BLOCKS.some((block) => wanted.has(block))) {
        run.progress('addresses and the server log');
        await addressesAndLog(lab, blocks);
      }
      if (CAPTURE_BLOCKS.some((block) => wanted.has(block))) {
        run.progress('a packet capture of one session');
        await capture(lab, blocks);
      }
      await shutdownBlocks(run, lab, wanted, blocks);
    } finally {
      run.progress('removing the containers, network and images');
      await lab.remove();
    }
    return blocks;
  },
  normalize: (block, raw) => {
    const text = inProgramOrder(raw);
    if (block === 'capture-time-wait') {
      // /proc/net/tcp: addresses and ports in hex (12345 is 3039) and the kernel's timers vary.
      // The worked example under it quotes the server's address in each form.
      return text
        .replace(/\b[0-9A-F]{8}:([0-9A-F]{4})\b/g, (_match, port: string) => `<address>:${port === '3039' ? port : '<port>'}`)
        .replace(/\b[0-9A-F]{8}\b/g, '<address>')
        .replace(/\b[0-9A-F]{2}(?: [0-9A-F]{2}){3}\b/g, '<bytes>')
        .replace(/\b\d{1,3}(?:, \d{1,3}){3}\b/g, '<numbers>');
    }
    if (block === 'capture-session') return serverCloseAsOnePacket(text);
    if (block === 'capture-1500-bytes') {
      // tcpdump -r: clock times, absolute sequence numbers, timestamps, and ADDRESS.PORT of the client.
      return serverCloseAsOnePacket(text)
        .replace(/^\d{2}:\d{2}:\d{2}\.\d{6} /gm, '<time> ')
        .replace(/\b(seq|ack|TS val|ecr) \d+/g, '$1 <number>')
        .replace(/\b(\d{1,3}(?:\.\d{1,3}){3})\.(\d{1,5})\b/g, (_match, address: string, port: string) => `${address}.${port === '12345' ? port : '<port>'}`);
    }
    if (block === 'shutdown-kill') {
      // The kill closes the server's socket with a FIN, or with an RST when it caught a chunk
      // the server had received but not read yet; the prose explains both.
      return sameServerGone(text.replace(/\(connection closed by the server \(ECONNRESET\)\)/g, '(connection closed by the server)'));
    }
    if (block === 'shutdown-new-connections') return sameServerGone(text);
    if (block === 'shutdown-in-flight') {
      // After the long message's reply the client closes, and a draining server ends a connection
      // that stays silent for 50 ms: on a loaded machine the server's end sometimes comes first.
      return text.replace(/ connection closed (\S+) \((?:client closed|shutdown)\): /g, ' connection closed $1 (<who closed>): ');
    }
    return text;
  },
};

/** A capture report's row of the server's bare ACK of the client's FIN, right before the server's FIN+ACK with the same numbers. */
const SEPARATE_ACK_OF_FIN = /^ *\d+ +[\d.]+ +server → client +ACK +(\d+) +(\d+) +0\n(?= *\d+ +[\d.]+ +server → client +FIN\+ACK +\1 +\2 +0$)/gm;

/**
 * The server answers the client's FIN with its own FIN+ACK, or, on a loaded machine where its
 * close comes after the kernel's delayed ACK, with a bare ACK and then the FIN+ACK: the same
 * close, one packet more. Read as the one packet, with the rows and the counts it changes.
 */
function serverCloseAsOnePacket(text: string): string {
  const separate = text.match(SEPARATE_ACK_OF_FIN)?.length ?? 0;
  if (separate === 0) return text;
  let row = 0;
  return text
    .replace(SEPARATE_ACK_OF_FIN, '')
    .split('\n')
    .map((line) => {
      if (/^connection \d+:/.test(line)) row = 0;
      return line.replace(/^( *)\d+( +[\d.]+ +(?:client → server|server → client) )/, (_match, indent: string, rest: string) => `${indent}${++row}${rest}`);
    })
    .join('\n')
    .replace(/\b(\d+)( packets captured| packets received by filter| TCP packets in )/g, (_match, count: string, what: string) => `${Number(count) - separate}${what}`);
}

/**
 * After the server's container stops, the client's next connection finds its address still
 * there with nothing listening (refused), already gone from Docker's DNS (does not resolve),
 * or, right after a kill, still resolving to an address Docker is taking down (no answer
 * within the client's 2 s attempt), depending on how fast Docker removes it; the answer key
 * explains the first two.
 */
function sameServerGone(text: string): string {
  return text.replace(
    /host name server no longer resolves \(in compose: the server's container has stopped, docker compose ps shows it\)|server:12345 now refuses connections \(the server stopped or crashed\)|server:12345 no longer answers \((?:ETIMEDOUT|EHOSTUNREACH|ENETUNREACH); the server or its machine went away\)/g,
    '<the server is gone>',
  );
}

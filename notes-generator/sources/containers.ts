import { sameInEachLanguage, type BlockSource, type NotesRun, type Translated } from '../block-source';
import { ComposeLab, SHOWN_PCAP } from '../containers/compose-lab';
import { consoleBlock, runShownCommand } from '../shown-command';
import { twoTerminals } from '../terminals-block';

const QUIET = 'docker compose --progress quiet';

async function requireDocker(run: NotesRun): Promise<void> {
  const docker = await runShownCommand('docker compose version && docker info --format "{{.ServerVersion}}"', { root: run.root, timeoutMs: 30_000 }).catch(
    (error: Error) => ({ exitCode: 1, output: error.message }),
  );
  if (docker.exitCode !== 0) {
    throw new Error(`Docker with Compose v2 is not reachable (${docker.output.trim().split('\n').at(-1)}); start Docker (here: bash ../shared/sandbox/docker-up.sh) and retry`);
  }
}

const MID_SESSION_TERMINAL: Translated = { en: '*Terminal 1, a client in the middle of a session:*', id: '*Terminal 1, sebuah client di tengah sesi:*' };
const WHILE_ARRIVING_TERMINAL: Translated = {
  en: '*Terminal 2, while the second message is still arriving:*',
  id: '*Terminal 2, selagi pesan kedua masih berdatangan:*',
};

async function addressesAndLog(lab: ComposeLab, blocks: Map<string, Translated>): Promise<void> {
  blocks.set(
    'container-addresses',
    sameInEachLanguage(
      consoleBlock(
        await lab.shownCommand(`${QUIET} up -d --wait server`),
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

async function capture(lab: ComposeLab, blocks: Map<string, Translated>): Promise<void> {
  const startCapture = await lab.shownCommand(`CAPTURE_FILE=${SHOWN_PCAP} ${QUIET} --profile capture up -d --wait capture`);
  await lab.waitForLog('capture', 'listening on eth0');
  const send = await lab.shownCommand(`${QUIET} run --rm client send "Halo dunia"`);
  // tcpdump writes each packet as it arrives; give the last ACK time to arrive before stopping it.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const stop = await lab.shownCommand(`${QUIET} stop capture`);
  const report = await lab.shownCommand(`npx ts-node tools/capture-report.ts captures/${SHOWN_PCAP}`);
  blocks.set('capture-session', sameInEachLanguage(consoleBlock(startCapture, send, stop, report)));

  blocks.set(
    'capture-time-wait',
    sameInEachLanguage(
      consoleBlock(
        await lab.shownCommand(`${QUIET} run --rm --entrypoint sh client -c "node dist/client/main.js send 'Halo dunia'; awk '{print \\$1, \\$2, \\$3, \\$4}' /proc/net/tcp"`),
      ),
    ),
  );
}

async function shutdown(lab: ComposeLab, blocks: Map<string, Translated>): Promise<void> {
  const fresh = await lab.shownCommand(`${QUIET} up -d --wait --force-recreate server`);
  const clientCommand = `${QUIET} run --rm client run lab-notes/scripts/shutdown.txt`;
  const client = lab.start(clientCommand);
  try {
    await lab.waitForLog('server', '"tiga" ->');
  } catch (error) {
    client.stop('SIGKILL');
    throw error;
  }
  const stop = await lab.shownCommand(`${QUIET} stop server`);
  const clientResult = await client.finished;
  if (clientResult.exitCode !== 0) throw new Error(`\`${clientCommand}\` exited ${clientResult.exitCode}:\n${lab.shown(clientResult.output)}`);
  const log = await lab.shownCommand('docker compose logs server | grep -v 127.0.0.1');
  blocks.set(
    'shutdown-in-flight',
    twoTerminals(
      { caption: MID_SESSION_TERMINAL, console: consoleBlock(fresh, `$ ${clientCommand}\n${lab.shown(clientResult.output).replace(/\n+$/, '')}`) },
      { caption: WHILE_ARRIVING_TERMINAL, console: consoleBlock(stop, log) },
    ),
  );
}

export const containerBlocks: BlockSource = {
  title: 'containers (Docker Compose, capture profile)',
  blocks: ['container-addresses', 'compose-server-log', 'capture-session', 'capture-time-wait', 'shutdown-in-flight'],
  async produce(run) {
    await requireDocker(run);
    const lab = new ComposeLab(run);
    const blocks = new Map<string, Translated>();
    try {
      run.progress('building the images (from the layer cache after the first time)');
      await lab.shell('docker compose --progress quiet --profile capture build', 0, 600_000);
      run.progress('addresses and the server log');
      await addressesAndLog(lab, blocks);
      run.progress('a packet capture of one session');
      await capture(lab, blocks);
      run.progress('docker compose stop with a message in flight');
      await shutdown(lab, blocks);
    } finally {
      run.progress('removing the containers, network and images');
      await lab.remove();
    }
    return blocks;
  },
  normalize: (block, text) =>
    block === 'capture-time-wait'
      ? // /proc/net/tcp: addresses and ports in hex (12345 is 3039) and the kernel's timers vary.
        text.replace(/\b[0-9A-F]{8}:([0-9A-F]{4})\b/g, (_match, port: string) => `<address>:${port === '3039' ? port : '<port>'}`)
      : text,
};

import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

const STARTUP_MS = 10_000;
/** On loopback every packet is in tcpdump's hands microseconds after it is sent; this is ample. */
const LAST_PACKETS_MS = 300;

/**
 * tcpdump on the loopback interface, writing the pcap to its stdout (no file, so no
 * permissions to get right): the notes' ladder diagrams are drawn from what it captures.
 * Needs tcpdump on the PATH and the right to capture (root, or CAP_NET_RAW).
 */
export class LoopbackCapture {
  private constructor(
    private readonly tcpdump: ChildProcessByStdio<null, Readable, Readable>,
    private readonly chunks: Buffer[],
    private readonly exited: Promise<string>,
  ) {}

  /** Starts capturing TCP on `ports`; resolves once tcpdump says it is listening, so nothing sent afterwards is missed. */
  static async start(ports: readonly number[]): Promise<LoopbackCapture> {
    const filter = ports.map((port) => `tcp port ${port}`).join(' or ');
    const tcpdump = spawn('tcpdump', ['-i', 'lo', '-U', '--immediate-mode', '-n', '-w', '-', filter], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    tcpdump.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    let log = '';
    const exited = new Promise<string>((resolve) => {
      tcpdump.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ENOENT' ? 'ENOENT' : error.message));
      tcpdump.on('close', () => resolve(log));
    });
    const listening = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`tcpdump did not start capturing within ${STARTUP_MS / 1000} s; it said: ${log.trim()}`)), STARTUP_MS);
      tcpdump.stderr.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('listening on lo')) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then((said) => {
        clearTimeout(timer);
        reject(new Error(whyTcpdumpFailed(said)));
      });
    });
    try {
      await listening;
    } catch (error) {
      tcpdump.kill('SIGKILL');
      throw error;
    }
    return new LoopbackCapture(tcpdump, chunks, exited);
  }

  /** Stops tcpdump (it writes out what it has) and returns the pcap. */
  async stop(): Promise<Buffer> {
    await new Promise((resolve) => setTimeout(resolve, LAST_PACKETS_MS));
    this.tcpdump.kill('SIGTERM');
    await this.exited;
    return Buffer.concat(this.chunks);
  }

  /** For a run that failed: no tcpdump left behind. */
  kill(): void {
    this.tcpdump.kill('SIGKILL');
  }
}

function whyTcpdumpFailed(said: string): string {
  if (said === 'ENOENT') return 'tcpdump is not installed; the ladder diagrams capture on the loopback interface with it: apt-get install tcpdump';
  if (/permission|not permitted/i.test(said)) {
    return `tcpdump may not capture here (${said.trim().split('\n')[0]}); run the notes generator as root, or let tcpdump capture: sudo setcap cap_net_raw,cap_net_admin=eip "$(command -v tcpdump)"`;
  }
  return `tcpdump ended before it captured anything: ${said.trim().split('\n').join(' ')}`;
}

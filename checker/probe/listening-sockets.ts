/**
 * Whether a TCP socket listens on a port, found without connecting to it: a server that
 * serves one client and exits would spend its only client on a readiness probe. Linux (and
 * so WSL2 and every container) lists sockets in /proc/net/tcp and tcp6; macOS has lsof;
 * elsewhere the answer is null.
 */
import { execFile } from 'node:child_process';
import { describePortHolders } from '../../server/port-holders';

export async function listeningOnPort(port: number): Promise<boolean | null> {
  const holders = await describePortHolders(port);
  if (holders) return holders.listening > 0;
  return process.platform === 'darwin' ? lsofListening(port) : null;
}

function lsofListening(port: number): Promise<boolean | null> {
  return new Promise((resolve) => {
    execFile('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-t'], { timeout: 2000 }, (error, stdout) => {
      const exitCode = (error as NodeJS.ErrnoException | null)?.code;
      // lsof exits 1 with no output when nothing listens; no lsof (ENOENT) means we cannot tell.
      if (stdout.trim() !== '') resolve(true);
      else resolve(error === null || typeof exitCode === 'number' ? false : null);
    });
  });
}

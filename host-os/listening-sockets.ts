/**
 * Which local addresses a TCP socket listens on at a port, found without connecting to it: a
 * server that serves one client and exits would spend its only client on a readiness probe.
 * Linux (and so WSL2 and every container) lists sockets in /proc/net/tcp and tcp6; macOS has
 * lsof; Windows has netstat. Null where this platform gives no way to tell.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { listeningAddresses } from '../server/proc-net-tcp';
import { netstatListening } from './windows-netstat';

export async function listeningSockets(port: number): Promise<string[] | null> {
  if (process.platform === 'darwin') return lsofListening(port);
  if (process.platform === 'win32') return windowsListening(port);
  return procNetListening(port);
}

async function procNetListening(port: number): Promise<string[] | null> {
  const tables = await Promise.all(['/proc/net/tcp', '/proc/net/tcp6'].map((file) => readFile(file, 'latin1').catch(() => undefined)));
  const found = tables.filter((table) => table !== undefined);
  return found.length === 0 ? null : listeningAddresses(found, port);
}

function lsofListening(port: number): Promise<string[] | null> {
  return new Promise((resolve) => {
    execFile('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fn'], { timeout: 2000 }, (error, stdout) => {
      const exitCode = (error as NodeJS.ErrnoException | null)?.code;
      // lsof exits 1 with no output when nothing listens; no lsof (ENOENT) means we cannot tell.
      if (error !== null && typeof exitCode !== 'number') {
        resolve(null);
        return;
      }
      // -Fn prints one "n<address>:<port>" line per socket: "n*:12345", "n127.0.0.1:12345", "n[::1]:12345".
      const addresses = stdout
        .split('\n')
        .filter((line) => line.startsWith('n'))
        .map((line) => line.slice(1, line.lastIndexOf(':')).replace(/^\[(.*)\]$/, '$1'))
        .map((address) => (address === '*' ? '0.0.0.0' : address));
      resolve([...new Set(addresses)]);
    });
  });
}

/** `netstat -ano` (IPv4 and IPv6 rows; `-p TCP` would leave out IPv6), read by its address columns. */
function windowsListening(port: number): Promise<string[] | null> {
  return new Promise((resolve) => {
    execFile('netstat', ['-ano'], { timeout: 5000, windowsHide: true }, (error, stdout) => resolve(error === null ? netstatListening(stdout, port) : null));
  });
}

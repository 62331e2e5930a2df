/**
 * Whether the socket listening on a port belongs to the program the checker started (its own
 * process group: spawnOwnGroup), and not to another program that took the port meanwhile: a
 * second copy of the student's server, started by hand just after the check began, would
 * otherwise be judged in place of the one the checker started, which died of "address in use".
 * Linux (so WSL2 and containers) tells through /proc; macOS through lsof; null where this
 * platform gives no way to tell (Windows), and the caller goes by what listens.
 */
import { execFile } from 'node:child_process';
import { readFile, readdir, readlink } from 'node:fs/promises';
import { listeningInodes } from '../server/proc-net-tcp';

export async function listensInProcessGroup(port: number, group: number): Promise<boolean | null> {
  if (process.platform === 'darwin') return lsofListensInGroup(port, group);
  if (process.platform === 'win32') return null;
  return procListensInGroup(port, group);
}

async function procListensInGroup(port: number, group: number): Promise<boolean | null> {
  const tables = (await Promise.all(['/proc/net/tcp', '/proc/net/tcp6'].map((file) => readFile(file, 'latin1').catch(() => undefined)))).filter((table) => table !== undefined);
  if (tables.length === 0) return null;
  const wanted = new Set(listeningInodes(tables, port).map((inode) => `socket:[${inode}]`));
  if (wanted.size === 0) return false;
  for (const pid of await processesInGroup(group)) {
    const descriptors = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const descriptor of descriptors) {
      if (wanted.has(await readlink(`/proc/${pid}/fd/${descriptor}`).catch(() => ''))) return true;
    }
  }
  return false;
}

/** The processes whose process group is `group`, by /proc/PID/stat's fifth field (after the name in parentheses, which may hold anything). */
async function processesInGroup(group: number): Promise<number[]> {
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  const members = await Promise.all(
    pids.map(async (pid) => {
      const stat = await readFile(`/proc/${pid}/stat`, 'latin1').catch(() => '');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[2]) === group ? Number(pid) : null;
    }),
  );
  return members.filter((pid) => pid !== null);
}

/** lsof's field output: a "p<pid>" line, then its "g<process group>" line, for each process with a socket listening on the port. */
function lsofListensInGroup(port: number, group: number): Promise<boolean | null> {
  return new Promise((resolve) => {
    execFile('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpg'], { timeout: 2000 }, (error, stdout) => {
      const exitCode = (error as NodeJS.ErrnoException | null)?.code;
      if (error !== null && typeof exitCode !== 'number') {
        resolve(null);
        return;
      }
      resolve(stdout.split('\n').some((line) => line === `g${group}`));
    });
  });
}

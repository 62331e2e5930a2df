/**
 * Whether the socket listening on a port belongs to the program the checker started (that
 * process or one it started, however it detached: a `su`, a new session), and not to another
 * program that took the port meanwhile: a second copy of the student's server, started by hand
 * just after the check began, would otherwise be judged in place of the one the checker
 * started, which died of "address in use". False only when the listener's owner is found and
 * is not of the started program; null when it cannot be told (an owner this user may not
 * inspect, a platform with no way to tell): the caller then goes by what listens.
 */
import { execFile } from 'node:child_process';
import { readFile, readdir, readlink } from 'node:fs/promises';
import { listeningInodes } from '../server/proc-net-tcp';

export async function listenerIsStartedBy(port: number, pid: number): Promise<boolean | null> {
  if (process.platform === 'darwin') return lsofListenerIsStartedBy(port, pid);
  if (process.platform === 'win32') return null;
  return procListenerIsStartedBy(port, pid);
}

async function procListenerIsStartedBy(port: number, pid: number): Promise<boolean | null> {
  const tables = (await Promise.all(['/proc/net/tcp', '/proc/net/tcp6'].map((file) => readFile(file, 'latin1').catch(() => undefined)))).filter((table) => table !== undefined);
  if (tables.length === 0) return null;
  const wanted = new Set(listeningInodes(tables, port).map((inode) => `socket:[${inode}]`));
  if (wanted.size === 0) return null;
  const owners = await socketOwners(wanted);
  if (owners.length === 0) return null;
  for (const owner of owners) if (await descendsFrom(owner, pid)) return true;
  return false;
}

/** The processes holding one of `sockets`, among those whose descriptors this user may read. */
async function socketOwners(sockets: ReadonlySet<string>): Promise<number[]> {
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  const owners = await Promise.all(
    pids.map(async (pid) => {
      const descriptors = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
      for (const descriptor of descriptors) {
        if (sockets.has(await readlink(`/proc/${pid}/fd/${descriptor}`).catch(() => ''))) return Number(pid);
      }
      return null;
    }),
  );
  return owners.filter((pid) => pid !== null);
}

/** Whether `pid` is `ancestor` or one of its descendants, by /proc/PID/stat's parent field (after the name in parentheses, which may hold anything). */
async function descendsFrom(pid: number, ancestor: number): Promise<boolean> {
  for (let current = pid, steps = 0; current > 1 && steps < 64; steps++) {
    if (current === ancestor) return true;
    const stat = await readFile(`/proc/${current}/stat`, 'latin1').catch(() => '');
    current = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  }
  return false;
}

/** lsof's field output: "p<pid>" then "g<process group>" for each process with a socket listening on the port; the started program leads its own group. */
function lsofListenerIsStartedBy(port: number, pid: number): Promise<boolean | null> {
  return new Promise((resolve) => {
    execFile('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpg'], { timeout: 2000 }, (error, stdout) => {
      const exitCode = (error as NodeJS.ErrnoException | null)?.code;
      const groups = stdout.split('\n').filter((line) => line.startsWith('g'));
      if ((error !== null && typeof exitCode !== 'number') || groups.length === 0) {
        resolve(null);
        return;
      }
      resolve(groups.includes(`g${pid}`));
    });
  });
}

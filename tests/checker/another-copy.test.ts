/**
 * Two copies of a student's server: the checker started one, and another one (started by hand,
 * in another terminal) takes the port first. The checker's copy dies of "address in use"; the
 * checker must judge that, not the other copy's replies. The other copy here runs in its own
 * session (as a program from another terminal does) and answers like a correct server, so a
 * checker that judged it would pass the stage.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCheckerRun, parseReport, runChecker, stopCheckers } from './support/checker-run';
import { quietPort } from './support/ports';

const folder = mkdtempSync(join(tmpdir(), 'charcount-another-copy-'));
const otherPidFile = join(folder, 'other.pid');

afterAll(async () => {
  await stopCheckers();
  try {
    process.kill(Number(readFileSync(otherPidFile, 'utf8')), 'SIGKILL');
  } catch {
    // Gone already (it stops itself after 20 s).
  }
  rmSync(folder, { recursive: true, force: true });
});

/** The other copy: a correct-looking server, in a session of its own, that stops itself after 20 s. */
const OTHER_COPY = `import os, socket, time
port = int(os.environ["PORT"])
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("localhost", port))
s.listen()
with open(os.environ["OTHER_PID_FILE"], "w") as f:
    f.write(str(os.getpid()))
s.settimeout(0.2)
end = time.monotonic() + 20
while time.monotonic() < end:
    try:
        c, _ = s.accept()
    except socket.timeout:
        continue
    c.settimeout(1)
    try:
        data = c.recv(65536)
        c.sendall(("Jumlah karakter dalam kalimat tersebut adalah " + str(len(data.decode("utf-8", "replace")))).encode())
    except OSError:
        pass
    c.close()
`;

/**
 * The student's server as the checker starts it: the other copy comes up meanwhile, then this
 * one's bind fails. The other copy is started through a parent that exits at once, so it is no
 * descendant of the checked program, as a copy started from another terminal is not.
 */
const CHECKED_COPY = `import os, socket, subprocess, sys, time
port = int(os.environ["PORT"])
other = os.path.join(os.path.dirname(os.path.abspath(__file__)), "other_copy.py")
launcher = "import subprocess, sys; subprocess.Popen([sys.executable, sys.argv[1]], start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)"
subprocess.run([sys.executable, "-c", launcher, other], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(1.0)
server = socket.socket()
server.bind(("localhost", port))
server.listen()
while True:
    conn, _ = server.accept()
    conn.close()
`;

describe('another copy of the server takes the port while the checker starts its own', () => {
  it.skipIf(process.platform === 'win32')('listen fails with the checked copy\'s "address in use", and the other copy is not judged: exit 3', async () => {
    writeFileSync(join(folder, 'other_copy.py'), OTHER_COPY);
    writeFileSync(join(folder, 'server.py'), CHECKED_COPY);
    const port = await quietPort();
    const run = await runChecker(['--port', String(port), '--format', 'json', '--lang', 'en', '--', 'python3', join(folder, 'server.py')], { env: { OTHER_PID_FILE: otherPidFile } });
    const context = describeCheckerRun(run);
    const report = parseReport(run);
    expect(report.stages.find((stage) => stage.id === 'listen')?.status, context).toBe('failed');
    expect(report.stages.filter((stage) => stage.status === 'passed'), context).toEqual([]);
    expect(JSON.stringify(report.stages[0]), context).toContain('Address already in use');
    expect(run.code, context).toBe(3);
  });
});

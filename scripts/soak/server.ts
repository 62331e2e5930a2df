/**
 * The soaked server: the real compiled one, with its inspector on a loopback port so the
 * soak can force a GC and ask it for its heap and handles. It gets no setting from the shell
 * or a .env but the mode (ACCELERATION): the soak chooses them all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { LineSplitter } from '../../protocol';
import { freePort } from '../../tests/support/free-port';
import { serverEnvironment } from '../../tests/support/lab-settings';
import { LOOPBACK, ROOT, SERVER_JS } from '../../tests/support/paths';
import { waitUntilAccepting } from '../../tests/support/wait-until-accepting';
import { Inspector } from './inspector';

export interface SoakServer {
  child: ChildProcess;
  port: number;
  inspector: Inspector;
  stderr: string;
  /** Its log lines: at --log-level warn, only warnings and errors. */
  warnings: string[];
}

export async function startSoakServer(): Promise<SoakServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', SERVER_JS, '--port', String(port), '--host', LOOPBACK, '--log-level', 'warn'], {
    cwd: ROOT,
    env: serverEnvironment(process.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = { child, port, stderr: '', warnings: [] as string[] } as SoakServer;
  const logLines = new LineSplitter();
  child.stdout!.on('data', (chunk: Buffer) => logLines.push(chunk, (line) => server.warnings.push(line.toString('utf8'))));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no inspector address from the server:\n${server.stderr}`)), 10_000);
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      server.stderr += text;
      const match = /Debugger listening on (ws:\/\/\S+)/.exec(server.stderr);
      if (match) {
        clearTimeout(timer);
        done(match[1]);
      }
    });
    child.once('exit', (code) => fail(new Error(`server exited (${code}) at startup:\n${server.stderr}`)));
  });
  server.inspector = await Inspector.connect(url);
  const readiness = await waitUntilAccepting(LOOPBACK, port, 10_000, () => hasExited(server));
  if (readiness !== 'accepting') throw new Error(`the server is not accepting connections (${readiness})`);
  return server;
}

export function hasExited(server: SoakServer): boolean {
  return server.child.exitCode !== null || server.child.signalCode !== null;
}

export async function stopSoakServer(server: SoakServer): Promise<void> {
  server.inspector.close();
  if (hasExited(server)) return; // its exit event has fired already: waiting for it would never end
  const exited = new Promise((done) => server.child.once('exit', done));
  server.child.kill('SIGTERM');
  await exited;
}

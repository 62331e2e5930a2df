/**
 * Soak: churns connections against the real compiled server for N minutes and reports, over
 * time, its RSS, open file descriptors, heap (after a forced GC) and active handles. Not part
 * of `npm test`.
 *
 *   npm run soak -- --minutes 10                  (default 2 minutes, 20 clients at a time)
 *   npm run soak -- --minutes 30 --concurrency 50 --samples 30 --seed 42
 *   ACCELERATION=on npm run soak                  (the accelerated server; default the plain one)
 *
 * The server gets no other setting from the shell or a .env: the soak chooses them all.
 *
 * Each client, one after another, does one of: a scripted exchange of generated messages
 * (valid and invalid UTF-8, random chunking, half-close) whose replies are checked against
 * the reference model; a classic (no newline) message; a reset in the middle of a message; a
 * flood it never reads, then a disconnect; a half-close inside a character; a connection
 * that sends nothing. At each sample the churn pauses, every connection finishes, the
 * server's garbage is collected (through its inspector) and everything is measured, so the
 * samples compare like with like. Exit status 0 when heap and handles stay flat and every
 * reply was right; 1 otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { LineSplitter } from '../protocol';
import { HAVE_PROC, openFds, rssKiB } from '../tests/hardening/proc';
import { RawConnection, describeScenario, expectedFor, play, strictScenario, type Scenario } from '../tests/hardening/scenarios';
import { freePort } from '../tests/support/free-port';
import { serverEnvironment } from '../tests/support/lab-settings';

const ROOT = resolve(__dirname, '..');
const SERVER_JS = join(ROOT, 'dist', 'server', 'main.js');
const HOST = '127.0.0.1';
const MODEL = { maxMessageBytes: 16 * 1024 * 1024 };
const QUIET_MS = 150;

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '20' },
    samples: { type: 'string', default: '12' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write('usage: npm run soak -- [--minutes N] [--concurrency C] [--samples S] [--seed N]\n');
  process.exit(0);
}
const minutes = Number(values.minutes);
const concurrency = Number(values.concurrency);
const samples = Number(values.samples);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
if (!(minutes > 0 && minutes <= 24 * 60) || !(concurrency >= 1 && concurrency <= 1000) || !(samples >= 2 && samples <= 1000)) {
  process.stderr.write('soak: --minutes must be in (0, 1440], --concurrency in [1, 1000], --samples in [2, 1000]\n');
  process.exit(2);
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

// ---------------------------------------------------------------------------------------------
// The server, with its inspector on a loopback port so the soak can force a GC and ask it for its heap and handles

interface Server {
  child: ChildProcess;
  port: number;
  inspector: Inspector;
  stderr: string;
  warnings: string[];
}

async function startServer(): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', SERVER_JS, '--port', String(port), '--host', HOST, '--log-level', 'warn'], {
    cwd: ROOT,
    env: serverEnvironment(process.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = { child, port, stderr: '', warnings: [] as string[] } as Server;
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
  for (let i = 0; i < 100; i++) {
    if (await canConnect(port)) return server;
    await sleep(100);
  }
  throw new Error('the server is not accepting connections');
}

function canConnect(port: number): Promise<boolean> {
  return RawConnection.open(HOST, port, 1000).then(
    (c) => {
      c.socket.destroy();
      return true;
    },
    () => false,
  );
}

/** Just enough of the Chrome DevTools protocol: evaluate an expression, collect garbage. */
class Inspector {
  private nextId = 1;
  private pending = new Map<number, (result: unknown) => void>();
  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: unknown };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result ?? { error: message.error });
      if (message.id !== undefined) this.pending.delete(message.id);
    });
  }

  static connect(url: string): Promise<Inspector> {
    return new Promise((done, fail) => {
      const socket = new WebSocket(url);
      socket.addEventListener('open', () => done(new Inspector(socket)));
      socket.addEventListener('error', () => fail(new Error(`cannot reach the server's inspector at ${url}`)));
    });
  }

  call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`inspector: no answer to ${method}`)), 30_000);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        done(result);
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  async evaluate<T>(expression: string): Promise<T> {
    const result = (await this.call('Runtime.evaluate', { expression, returnByValue: true })) as { result?: { value?: T } };
    if (result.result === undefined) throw new Error(`inspector: cannot evaluate ${expression}: ${JSON.stringify(result)}`);
    return result.result.value as T;
  }

  close(): void {
    this.socket.close();
  }
}

interface Sample {
  atS: number;
  connections: number;
  messages: number;
  rssMiB: number;
  fds: number;
  heapUsedMiB: number;
  externalMiB: number;
  handles: number;
  handleTypes: string;
}

async function measure(server: Server, atS: number, connections: number, messages: number): Promise<Sample> {
  await server.inspector.call('HeapProfiler.collectGarbage');
  const inside = await server.inspector.evaluate<{ heapUsed: number; external: number; resources: string[] }>(
    '({ ...process.memoryUsage(), resources: process.getActiveResourcesInfo() })',
  );
  const types = new Map<string, number>();
  for (const type of inside.resources) types.set(type, (types.get(type) ?? 0) + 1);
  return {
    atS,
    connections,
    messages,
    rssMiB: HAVE_PROC ? rssKiB(server.child.pid!) / 1024 : Number.NaN,
    fds: HAVE_PROC ? openFds(server.child.pid!) : Number.NaN,
    heapUsedMiB: inside.heapUsed / 1024 / 1024,
    externalMiB: inside.external / 1024 / 1024,
    handles: inside.resources.length,
    handleTypes: [...types].map(([type, n]) => `${type}×${n}`).join(' '),
  };
}

// ---------------------------------------------------------------------------------------------
// The churn

let state = seed || 1;
/** A small deterministic PRNG (xorshift), so --seed replays the same churn. */
function rand(n: number): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) % n;
}

const scenarioPool: Scenario[] = fc.sample(strictScenario({ maxMessages: 6, maxRun: 4000, runWeight: 1, maxDelayMs: 1 }), { seed, numRuns: 300 }).map(
  (scenario) => ({ ...scenario, steps: scenario.steps.map((step) => ('bytes' in step ? { ...step, delayMs: 0 } : step)) }),
);

const stats = { connections: 0, messages: 0, mismatches: 0, failures: 0, kinds: new Map<string, number>() };
const problems: string[] = [];

function problem(text: string): void {
  if (problems.length < 20) problems.push(text);
}

type Behaviour = (port: number) => Promise<void>;

const behaviours: [string, number, Behaviour][] = [
  [
    'scripted',
    10,
    async (port) => {
      const scenario = scenarioPool[rand(scenarioPool.length)];
      const expected = expectedFor(scenario, true, MODEL);
      const result = await play(HOST, port, scenario, { quietPeriodMs: QUIET_MS, model: MODEL });
      stats.messages += expected.length;
      if (JSON.stringify(result.lines) !== JSON.stringify(expected) || !result.ended) {
        stats.mismatches++;
        problem(`mismatch: ${describeScenario(scenario).slice(0, 300)}\n  expected ${JSON.stringify(expected).slice(0, 300)}\n  got      ${JSON.stringify(result.lines).slice(0, 300)}`);
      }
    },
  ],
  [
    'classic',
    2,
    async (port) => {
      const c = await RawConnection.open(HOST, port);
      await c.write(Buffer.from('Halo dunia'));
      const ok = await c.until(() => c.lines.length >= 1, 5000);
      stats.messages++;
      if (!ok || c.lines[0] !== 'Jumlah karakter dalam kalimat tersebut adalah 10') {
        stats.mismatches++;
        problem(`classic: got ${JSON.stringify(c.lines)}`);
      }
      c.socket.end();
      await c.until(() => c.closed, 3000);
      c.socket.destroy();
    },
  ],
  [
    'reset mid-message',
    2,
    async (port) => {
      const c = await RawConnection.open(HOST, port);
      await c.write(Buffer.concat([Buffer.from('satu\nHalo du'), Buffer.from([0xf0, 0x9f])]));
      await sleep(rand(20));
      c.socket.resetAndDestroy();
    },
  ],
  [
    'flood, never read, disconnect',
    1,
    async (port) => {
      const c = await RawConnection.open(HOST, port);
      c.socket.pause();
      c.socket.write(Buffer.alloc(40_000, 'x\n'));
      await sleep(50 + rand(100));
      if (rand(2) === 0) c.socket.resetAndDestroy();
      else c.socket.destroy();
    },
  ],
  [
    'half-close inside a character',
    2,
    async (port) => {
      const c = await RawConnection.open(HOST, port);
      await c.write(Buffer.from([0x68, 0x61, 0x72, 0x67, 0x61, 0x20, 0xe2, 0x82]));
      c.socket.end();
      await c.until(() => c.ended || c.closed, 5000);
      stats.messages++;
      if (c.lines[0] !== 'ERROR invalid UTF-8 at byte 6: the message ends inside a 3-byte sequence that starts with 0xE2; the message was not counted') {
        stats.mismatches++;
        problem(`half-close inside a character: got ${JSON.stringify(c.lines)}`);
      }
      c.socket.destroy();
    },
  ],
  [
    'silent',
    1,
    async (port) => {
      const c = await RawConnection.open(HOST, port);
      await sleep(20 + rand(50));
      c.socket.destroy();
    },
  ],
];
const totalWeight = behaviours.reduce((n, [, w]) => n + w, 0);

function pickBehaviour(): [string, Behaviour] {
  let r = rand(totalWeight);
  for (const [name, weight, behaviour] of behaviours) {
    if (r < weight) return [name, behaviour];
    r -= weight;
  }
  return [behaviours[0][0], behaviours[0][2]];
}

/** Runs `concurrency` clients one behaviour after another until `until`; resolves when every connection is over. */
async function churn(port: number, until: number): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const [name, behaviour] = pickBehaviour();
        stats.connections++;
        stats.kinds.set(name, (stats.kinds.get(name) ?? 0) + 1);
        try {
          await behaviour(port);
        } catch (error) {
          stats.failures++;
          problem(`${name}: ${(error as Error).message}`);
        }
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------

const pad = (v: string | number, n: number): string => String(v).padStart(n);
function row(s: Sample): string {
  return `${pad(s.atS.toFixed(0), 6)} ${pad(s.connections, 11)} ${pad(s.messages, 9)} ${pad(s.rssMiB.toFixed(1), 8)} ${pad(s.fds, 5)} ${pad(s.heapUsedMiB.toFixed(2), 9)} ${pad(s.externalMiB.toFixed(2), 9)} ${pad(s.handles, 7)}  ${s.handleTypes}`;
}

async function main(): Promise<number> {
  const server = await startServer();
  process.stdout.write(
    `soak: ${minutes} min, ${concurrency} clients at a time, ${samples} samples, seed ${seed}; ACCELERATION=${process.env.ACCELERATION || 'off'}; server pid ${server.child.pid} on ${HOST}:${server.port}\n` +
      `${pad('t(s)', 6)} ${pad('connections', 11)} ${pad('messages', 9)} ${pad('rss(MiB)', 8)} ${pad('fds', 5)} ${pad('heap(MiB)', 9)} ${pad('ext(MiB)', 9)} ${pad('handles', 7)}  handle types\n`,
  );
  const started = performance.now();
  const history: Sample[] = [];
  const quiesce = async (): Promise<void> => sleep(1500); // the server's 1 s close linger, then some
  await quiesce();
  history.push(await measure(server, 0, 0, 0));
  process.stdout.write(`${row(history[0])}\n`);
  const totalMs = minutes * 60_000;
  for (let i = 1; i < samples; i++) {
    await churn(server.port, started + (totalMs * i) / (samples - 1));
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      problem(`the server exited: ${server.child.exitCode ?? server.child.signalCode}`);
      break;
    }
    await quiesce();
    const sample = await measure(server, (performance.now() - started) / 1000, stats.connections, stats.messages);
    history.push(sample);
    process.stdout.write(`${row(sample)}\n`);
  }

  // Flat: compare the second half of the run with the first sample after warm-up (sample 1).
  const warm = history[Math.min(1, history.length - 1)];
  const last = history.at(-1)!;
  const laterHeaps = history.slice(Math.ceil(history.length / 2)).map((s) => s.heapUsedMiB);
  const heapGrowth = Math.max(...laterHeaps) - warm.heapUsedMiB;
  const handlesFlat = history.every((s) => s.handles === history[0].handles);
  const fdsFlat = !HAVE_PROC || history.every((s) => s.fds === history[0].fds);
  const heapFlat = heapGrowth < Math.max(2, warm.heapUsedMiB * 0.1);
  const kinds = [...stats.kinds].map(([k, n]) => `${k} ${n}`).join(', ');
  process.stdout.write(
    `\n${stats.connections} connections (${kinds}); ${stats.messages} checked messages, ${stats.mismatches} wrong; ${stats.failures} client errors\n` +
      `heap after GC: ${history[0].heapUsedMiB.toFixed(2)} MiB at start, ${warm.heapUsedMiB.toFixed(2)} after warm-up, ${last.heapUsedMiB.toFixed(2)} at the end ` +
      `(${heapFlat ? 'flat' : `GROWING by ${heapGrowth.toFixed(2)} MiB`})\n` +
      `handles: ${history.map((s) => s.handles).join(' ')} (${handlesFlat ? 'flat' : 'CHANGING'}); fds: ${history.map((s) => s.fds).join(' ')} (${fdsFlat ? 'flat' : 'CHANGING'})\n` +
      `rss: ${history.map((s) => s.rssMiB.toFixed(0)).join(' ')} MiB\n`,
  );
  const serverWarnings = server.warnings.filter((l) => !/Debugger/.test(l));
  if (serverWarnings.length > 0) process.stdout.write(`server warnings (${serverWarnings.length}):\n  ${serverWarnings.slice(0, 10).join('\n  ')}\n`);
  if (problems.length > 0) process.stdout.write(`problems (first ${problems.length}):\n  ${problems.join('\n  ')}\n`);
  const stderr = server.stderr.split('\n').filter((l) => l && !/Debugger (listening|attached)|For help, see/.test(l));
  if (stderr.length > 0) process.stdout.write(`server stderr:\n  ${stderr.join('\n  ')}\n`);
  server.inspector.close();
  server.child.kill('SIGTERM');
  await new Promise((done) => server.child.once('exit', done));
  const ok = heapFlat && handlesFlat && fdsFlat && stats.mismatches === 0 && stats.failures === 0 && stderr.length === 0 && problems.length === 0;
  process.stdout.write(`${ok ? 'OK' : 'FAILED'}: heap ${heapFlat ? 'flat' : 'growing'}, handles ${handlesFlat ? 'flat' : 'changing'}, ${stats.mismatches} wrong replies, ${stats.failures} errors\n`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

/**
 * The C load generator (bench/load/closed-loop.c) for closed-loop and stream tasks: one
 * process per task, each on the CPUs this process may use, driven over its stdin and stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineSplitter } from '../../protocol/line-splitter';
import { compileC } from './c-build';
import { Inbox } from './inbox';
import type { ClosedLoopTask, Corpus, LoadGenerator, LoadResult, LoadTask, RunningLoad, StreamTask } from './tasks';

const SOURCE = join(__dirname, '..', 'load', 'closed-loop.c');

/** Corpus files written this run, removed when the bench exits. */
const written = new Set<string>();
process.on('exit', () => {
  for (const file of written) rmSync(file, { force: true });
});

/** What the C generator prints when a task is over (see print_result in closed-loop.c). */
interface CReport {
  windowMs: number;
  cpuUserPct: number;
  cpuSysPct: number;
  messages: number;
  bytes: number;
  mismatches: number;
  unexpected: number;
  errors: number;
  unanswered: number;
  connections: number;
  answeredByIndex: number[];
  mismatchesByIndex: number[];
  samples: { index: number; got: string }[];
  errorSamples: string[];
  latencyNs: [number, number][];
}

/** The corpus file closed-loop.c reads: a header line, the offsets, one "prefixOnly length" line per reply, the replies, the data. */
function corpusFileBytes(corpus: Corpus): Buffer {
  const replies = corpus.expected.map((line) => Buffer.from(line, 'utf8'));
  const header = [
    `charcount-corpus 1 ${corpus.count} ${corpus.data.byteLength} ${replies.reduce((sum, r) => sum + r.length, 0)}`,
    corpus.offsets.join(' '),
    ...replies.map((reply, i) => `${corpus.prefixOnly[i] ? 1 : 0} ${reply.length}`),
  ].join('\n');
  return Buffer.concat([Buffer.from(`${header}\n`), ...replies, corpus.data]);
}

/** A stream task's chunk as a corpus of one message that needs no reply. */
const streamCorpus = (chunk: Uint8Array): Corpus => ({ data: chunk, offsets: [0, chunk.byteLength], count: 1, expected: [''], prefixOnly: [false], category: ['stream'] });

function toLoadResult(report: CReport, corpus: Corpus): LoadResult {
  const byCategory = (counts: number[]): Record<string, number> => {
    const out: Record<string, number> = {};
    counts.forEach((n, i) => (out[corpus.category[i]] = (out[corpus.category[i]] ?? 0) + n));
    return out;
  };
  const mismatchesByCategory = byCategory(report.mismatchesByIndex);
  if (report.unexpected > 0) mismatchesByCategory.unexpected = report.unexpected;
  return {
    windowMs: report.windowMs,
    messages: report.messages,
    bytes: report.bytes,
    latencyNs: report.latencyNs,
    cpuPct: report.cpuUserPct + report.cpuSysPct,
    mismatches: report.mismatches,
    mismatchesByCategory,
    answeredByCategory: byCategory(report.answeredByIndex),
    mismatchSamples: report.samples.map(({ index, got }) => ({
      category: index < 0 ? 'unexpected' : corpus.category[index],
      expected: index < 0 ? '(no message in flight)' : corpus.expected[index].slice(0, 160),
      got: Buffer.from(got, 'hex').toString('utf8'),
    })),
    errors: report.errors,
    errorSamples: report.errorSamples,
    unanswered: report.unanswered,
    extra: { connections: report.connections },
  };
}

/** One generator process: its stdout lines, oldest first. */
class CLoadProcess {
  private readonly child: ChildProcess;
  private readonly lines = new Inbox<string>();
  private readonly splitter = new LineSplitter();
  private stderr = '';
  private exited = false;

  constructor(binary: string, args: string[]) {
    this.child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => this.splitter.push(chunk, (line) => this.lines.push(line.toString('utf8'))));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-2000)));
    this.child.on('error', (error) => this.end(error.message));
    // 'close', not 'exit': the last line it printed may still be on its way through the pipe.
    this.child.on('close', (code, signal) => this.end(`exited with ${signal ?? `code ${code}`}`));
  }

  private end(how: string): void {
    this.exited = true;
    const why = this.stderr.trim().split('\n').pop();
    this.lines.close(`C load generator ${how}${why ? `: ${why}` : ''}`);
  }

  send(command: string): void {
    if (!this.exited) this.child.stdin!.write(`${command}\n`);
  }

  async nextLine(timeoutMs: number): Promise<string> {
    const line = await this.lines.take(Date.now() + timeoutMs);
    if (line !== undefined) return line;
    this.child.kill('SIGKILL');
    throw new Error(`C load generator said nothing within ${Math.round(timeoutMs / 1000)} s`);
  }
}

/** Compiles closed-loop.c into `buildDir`, or says why it cannot. */
export function buildCLoadGenerator(buildDir: string): { binary: string; buildDir: string } | { unavailable: string } {
  const compiled = compileC(SOURCE, buildDir, 'closed-loop', 'the C load generator (and with it every message scenario)');
  return 'binary' in compiled ? { binary: compiled.binary, buildDir } : compiled;
}

class CRunning implements RunningLoad {
  readonly openMs: number[];

  constructor(
    private readonly processes: CLoadProcess[],
    private readonly corpora: Corpus[],
  ) {
    this.openMs = processes.map(() => 0);
  }

  send(type: 'go' | 'mark-start' | 'mark-end'): void {
    for (const p of this.processes) p.send(type);
  }

  results(timeoutMs: number, thenSend?: 'mark-end' | 'go'): Promise<LoadResult[]> {
    const pending = Promise.all(this.processes.map(async (p, i) => toLoadResult(JSON.parse(await p.nextLine(timeoutMs)) as CReport, this.corpora[i])));
    if (thenSend) this.send(thenSend);
    return pending;
  }
}

export class CLoadGenerator implements LoadGenerator {
  private readonly files = new WeakMap<Corpus | Uint8Array, string>();

  /** `size` processes share a scenario's connections. */
  constructor(
    readonly size: number,
    private readonly binary: string,
    private readonly buildDir: string,
  ) {}

  /** The corpus file of a task, written once per corpus. */
  private corpusFile(key: Corpus | Uint8Array, corpus: Corpus): string {
    let file = this.files.get(key);
    if (file === undefined) {
      file = join(this.buildDir, `corpus-${process.pid}-${Math.random().toString(36).slice(2)}.bin`);
      writeFileSync(file, corpusFileBytes(corpus));
      written.add(file);
      this.files.set(key, file);
    }
    return file;
  }

  async start(tasks: LoadTask[], timeoutMs: number): Promise<RunningLoad> {
    const corpora: Corpus[] = [];
    const processes = tasks.map((task) => {
      if (task.kind !== 'closed-loop' && task.kind !== 'stream') throw new Error(`the C load generator runs closed-loop and stream tasks, not ${task.kind}`);
      const corpus = task.kind === 'stream' ? streamCorpus(task.chunk) : task.corpus;
      corpora.push(corpus);
      const file = this.corpusFile(task.kind === 'stream' ? task.chunk : task.corpus, corpus);
      return new CLoadProcess(this.binary, argumentsFor(task, file));
    });
    for (const p of processes) {
      const line = await p.nextLine(timeoutMs);
      if (line !== 'ready') throw new Error(`C load generator said "${line.slice(0, 100)}" instead of ready`);
    }
    return new CRunning(processes, corpora);
  }
}

function argumentsFor(task: ClosedLoopTask | StreamTask, corpusFile: string): string[] {
  const common = ['--port', String(task.port), '--connections', String(task.connections), '--corpus', corpusFile];
  return task.kind === 'stream' ? [...common, '--depth', '1', '--stream'] : [...common, '--depth', String(task.depth), '--verify', task.verify];
}

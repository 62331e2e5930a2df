/** The Node load generator's worker threads (idle connections, churn, the huge message), created once and reused by every scenario. */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Inbox } from './inbox';
import type { Command, LoadGenerator, LoadResult, LoadTask, Report, RunningLoad } from './tasks';

const WORKER_FILE = join(__dirname, '..', 'load', 'worker.ts');
/** The worker is TypeScript: it registers ts-node (transpile only) before loading. */
const BOOTSTRAP = `require(${JSON.stringify(require.resolve('ts-node'))}).register({ transpileOnly: true }); require(${JSON.stringify(WORKER_FILE)});`;

class LoadWorker {
  private readonly worker: Worker;
  private readonly reports = new Inbox<Report>();

  constructor() {
    this.worker = new Worker(BOOTSTRAP, { eval: true });
    this.worker.on('message', (report: Report) => this.reports.push(report));
    this.worker.on('error', (error) => this.reports.push({ type: 'failed', error: error.stack ?? error.message }));
    this.worker.on('exit', (code) => this.reports.push({ type: 'failed', error: `load worker exited with code ${code}` }));
  }

  post(command: Command): void {
    this.worker.postMessage(command);
  }

  /** The next report of the given type; a 'failed' report rejects. Reports of other types are dropped. */
  async next<T extends Report['type']>(type: T, timeoutMs: number): Promise<Extract<Report, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const report = await this.reports.take(deadline);
      if (report === undefined) throw new Error(`load worker sent no ${type} within ${Math.round(timeoutMs / 1000)} s`);
      if (report.type === 'failed') throw new Error(`load worker failed: ${report.error}`);
      if (report.type === type) return report as Extract<Report, { type: T }>;
    }
  }

  terminate(): Promise<number> {
    this.worker.removeAllListeners('exit');
    return this.worker.terminate();
  }
}

export class LoadPool implements LoadGenerator {
  private workers: LoadWorker[];

  constructor(readonly size: number) {
    this.workers = Array.from({ length: size }, () => new LoadWorker());
  }

  /** Replaces every worker (after a timeout left one in an unknown state). */
  async reset(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = Array.from({ length: this.size }, () => new LoadWorker());
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  async start(tasks: LoadTask[], timeoutMs: number): Promise<RunningLoad> {
    const used = this.workers.slice(0, tasks.length);
    used.forEach((worker, i) => worker.post({ type: 'task', task: tasks[i] }));
    const ready = await Promise.all(used.map((worker) => worker.next('ready', timeoutMs)));
    return new Running(used, ready.map((r) => r.openMs ?? 0));
  }
}

class Running implements RunningLoad {
  constructor(
    private readonly workers: LoadWorker[],
    readonly openMs: number[],
  ) {}

  send(type: 'go' | 'mark-start' | 'mark-end'): void {
    for (const worker of this.workers) worker.post({ type });
  }

  results(timeoutMs: number, thenSend?: 'mark-end' | 'go'): Promise<LoadResult[]> {
    const pending = Promise.all(this.workers.map((worker) => worker.next('result', timeoutMs).then((r) => r.result)));
    if (thenSend) this.send(thenSend);
    return pending;
  }
}

/** What the soak prints: the table of samples, and at the end whether heap, handles and descriptors stayed flat and every reply was right. */
import { HAVE_PROC } from '../../tests/hardening/proc';
import { LOOPBACK } from '../../tests/support/paths';
import type { Churn } from './churn';
import type { SoakOptions } from './options';
import type { Sample } from './sampling';
import type { SoakServer } from './server';

const pad = (v: string | number, n: number): string => String(v).padStart(n);

export function header(options: SoakOptions, server: SoakServer): string {
  return (
    `soak: ${options.minutes} min, ${options.concurrency} clients at a time, ${options.samples} samples, seed ${options.seed}; ACCELERATION=${process.env.ACCELERATION || 'off'}; server pid ${server.child.pid} on ${LOOPBACK}:${server.port}\n` +
    `${pad('t(s)', 6)} ${pad('connections', 11)} ${pad('messages', 9)} ${pad('rss(MiB)', 8)} ${pad('fds', 5)} ${pad('heap(MiB)', 9)} ${pad('ext(MiB)', 9)} ${pad('handles', 7)}  handle types\n`
  );
}

export function row(s: Sample): string {
  return `${pad(s.atS.toFixed(0), 6)} ${pad(s.connections, 11)} ${pad(s.messages, 9)} ${pad(s.rssMiB.toFixed(1), 8)} ${pad(s.fds, 5)} ${pad(s.heapUsedMiB.toFixed(2), 9)} ${pad(s.externalMiB.toFixed(2), 9)} ${pad(s.handles, 7)}  ${s.handleTypes}`;
}

export interface Verdict {
  ok: boolean;
  heapFlat: boolean;
  handlesFlat: boolean;
}

/** Prints the summary of the run (and what went wrong, if anything) and judges it. */
export function summarize(history: Sample[], churn: Churn, server: SoakServer): Verdict {
  const { stats, problems } = churn;
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
  const ok = heapFlat && handlesFlat && fdsFlat && stats.mismatches === 0 && stats.failures === 0 && stderr.length === 0 && problems.length === 0;
  return { ok, heapFlat, handlesFlat };
}

export function verdictLine(verdict: Verdict, churn: Churn): string {
  const { heapFlat, handlesFlat } = verdict;
  return `${verdict.ok ? 'OK' : 'FAILED'}: heap ${heapFlat ? 'flat' : 'growing'}, handles ${handlesFlat ? 'flat' : 'changing'}, ${churn.stats.mismatches} wrong replies, ${churn.stats.failures} errors\n`;
}

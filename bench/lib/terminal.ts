/** One line per scenario and peer in the terminal, while the bench runs. */
import { generatorBound, num } from './format';
import type { PeerId } from './peer-labels';
import type { PeerResult } from './results';

export function renderTerminal(scenario: string, peer: PeerId, result: PeerResult): string {
  const s = result.summary;
  const head = `  ${scenario.padEnd(12)} ${peer.padEnd(7)}`;
  if (result.status !== 'ok' || !s) return `${head} ${result.status}: ${result.note ?? ''}`;
  const parts = [`${num(s.msgsPerSec?.median).padStart(10)} msg/s`, `${num(s.mbPerSec?.median).padStart(6)} MB/s`];
  if (s.p50Ms) parts.push(`p50/p99/max ${num(s.p50Ms.median)}/${num(s.p99Ms?.median)}/${num(s.maxMs?.median)} ms`);
  if (s.userMicrosPerMsg !== null) parts.push(`µs/msg user ${num(s.userMicrosPerMsg)} sys ${num(s.sysMicrosPerMsg)}`);
  parts.push(`cpu ${num(s.serverCpuPct)}% (sys ${num(s.serverSysPct)}%)`, `generator ${num(s.loadCpuPct)}%${generatorBound(s) ? ' GENERATOR-BOUND' : ''}`, `rss ${num(s.serverPeakRssMiB)} MiB`);
  if (s.extra.kbPerConnection != null) parts.push(`${num(s.extra.kbPerConnection as number)} KB/conn`);
  if (s.extra.rssGrowthMB != null) parts.push(`RSS +${num(s.extra.rssGrowthMB as number)} MB`);
  if (s.extra.timedOut) parts.push('TIMED OUT');
  if (s.extra.closedWithoutReply) parts.push('CLOSED WITHOUT REPLY');
  if (result.syscalls) parts.push(`syscalls/msg ${num(result.syscalls.perMessage.total)}`);
  if (s.faultsPerMsg) parts.push(`faults/msg ${num(s.faultsPerMsg)}`);
  if (s.mismatches) parts.push(`WRONG ${s.mismatches}/${s.answered}`);
  if (s.errors) parts.push(`errors ${s.errors}`);
  if (s.unanswered) parts.push(`unanswered ${s.unanswered}`);
  if (result.note) parts.push(`(${result.note})`);
  return `${head} ${parts.join('  ')}`;
}

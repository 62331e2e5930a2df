/**
 * How long checks take, and where a restart's time goes: each server of tests/checker/servers/
 * named on the command line is checked RUNS times by the compiled checker; per server it prints
 * the median and max time per check, the restarts per check, and the median time from a
 * program's exit being seen to the next client connected (a restart, as the stage record shows it).
 *
 *   npm run build && ts-node tests/checker/check-timing.ts [--runs 5] [--python /usr/bin/python3] FILE...
 */
import { parseArgs } from 'node:util';
import type { RecordEvent } from '../../checker/model';
import { parseReport, runChecker, SERVERS_DIR } from './support/checker-run';
import { quietPort } from './support/ports';

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** Each program exit in a record, to the first connect after it: the restart as the stage saw it. */
function restartTimes(record: readonly RecordEvent[]): number[] {
  const times: number[] = [];
  record.forEach((event, index) => {
    if (event.kind !== 'program-exit') return;
    const next = record.slice(index).find((later) => later.kind === 'connect');
    if (next) times.push(next.at - event.at);
  });
  return times;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '5' }, python: { type: 'string', default: 'python3' } } });
  for (const file of positionals) {
    const durations: number[] = [];
    const restarts: number[] = [];
    const restartMs: number[] = [];
    for (let n = 0; n < Number(values.runs); n++) {
      const run = await runChecker(['--port', String(await quietPort()), '--format', 'json', '--', values.python, `${SERVERS_DIR}/${file}`]);
      const report = parseReport(run);
      durations.push(run.durationMs);
      restarts.push((run.stderr.match(/starting it again/g) ?? []).length);
      restartMs.push(...report.stages.flatMap((stage) => restartTimes(stage.record)));
    }
    console.log(
      `${file}: per check median ${(median(durations) / 1000).toFixed(2)} s, max ${(Math.max(...durations) / 1000).toFixed(2)} s; restarts per check ${restarts.join('/')}; ` +
        `exit seen to next client connected: median ${Math.round(median(restartMs))} ms, max ${Math.round(Math.max(...restartMs, 0))} ms (${restartMs.length} restarts)`,
    );
  }
}

void main();

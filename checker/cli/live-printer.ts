/**
 * What a person watching the check sees as it runs: the header, [checker] and
 * [your_server] lines, one line per stage as it ends with its trace under a failure, and
 * the summary. Colour only at a terminal, and never when NO_COLOR is set.
 */
import type { CheckEvents } from '../engine/run-check';
import { formatReportHeader, formatStageDetails, formatStageLine, formatStartError, formatSummaryLine } from '../export';
import type { CheckReport } from '../model';

export interface LivePrinter extends CheckEvents {
  header(report: Pick<CheckReport, 'target' | 'level' | 'seed'>): void;
  programOutput(line: string): void;
  summary(report: CheckReport): void;
}

export function createLivePrinter(stream: NodeJS.WriteStream, verbose: boolean, env: NodeJS.ProcessEnv = process.env): LivePrinter {
  const color = stream.isTTY === true && !env.NO_COLOR;
  const print = (line: string): void => {
    stream.write(`${line}\n`);
  };
  return {
    header: (report) => print(formatReportHeader(report)),
    notice: (line) => print(`[checker] ${line}`),
    programOutput: (line) => print(`[your_server] ${line}`),
    wire: verbose ? (line) => print(`[checker] ${line}`) : null,
    stageDone(result) {
      print(formatStageLine(result, { color }));
      for (const line of formatStageDetails(result)) print(line);
    },
    summary(report) {
      const startError = formatStartError(report);
      if (startError !== null) print(startError);
      print(formatSummaryLine(report));
    },
  };
}

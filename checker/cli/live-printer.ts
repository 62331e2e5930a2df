/**
 * What a person watching the check sees as it runs: the header, [checker] and
 * [your_server] lines, one line per stage as it ends with its trace under a failure, and
 * the summary, in the report's language. Colour as the usual tools decide it (useColor).
 */
import { chooseLanguage, type Language } from '../../language';
import type { CheckEvents } from '../engine/run-check';
import { formatReportHeader, formatStageDetails, formatStageLine, formatStartError, formatSummaryLine } from '../export';
import type { CheckReport } from '../model';

export interface LivePrinter extends CheckEvents {
  header(report: Pick<CheckReport, 'target' | 'level' | 'seed'>): void;
  programOutput(line: string): void;
  summary(report: CheckReport): void;
}

/**
 * Whether to colour the status words: NO_COLOR set to anything but "" turns colour off
 * (no-color.org), and wins; otherwise FORCE_COLOR decides when set: "0" or "false" off,
 * anything else ("", "1", "2", "3", "true") on, even in a pipe (force-color.org, as Node
 * and chalk read it); otherwise colour only at a terminal.
 */
export function useColor(stream: Pick<NodeJS.WriteStream, 'isTTY'>, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return stream.isTTY === true;
}

export function createLivePrinter(
  stream: NodeJS.WriteStream,
  verbose: boolean,
  language: Language = chooseLanguage(undefined),
  env: NodeJS.ProcessEnv = process.env,
): LivePrinter {
  const color = useColor(stream, env);
  const print = (line: string): void => {
    stream.write(`${line}\n`);
  };
  return {
    header: (report) => print(formatReportHeader({ ...report, language })),
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

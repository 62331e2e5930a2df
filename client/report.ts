import { ERROR_PREFIX } from '../protocol';
import type { SessionResult, TranscriptRow } from './session';
import { formatTable } from './transcript-table';
import { formatSummary, nameMessages, summarize } from './transcript';

export const EXIT_OK = 0;
export const EXIT_MISMATCH = 1;
export const EXIT_USAGE = 2;
export const EXIT_CANNOT_CONNECT = 3;

export interface ReportOptions {
  json: boolean;
  maxRows: number;
  /** 'replies': just the reply lines (send, piped lines); 'table': the transcript (run). */
  style: 'replies' | 'table';
}

/** Prints what a session got and returns the exit code: 3 when the server went away, 1 when a reply was wrong or missing. */
export function report(result: SessionResult, options: ReportOptions): number {
  const summary = summarize(result);
  // A scripted ERROR is a lesson the script expects; a message typed or piped was meant to be counted.
  const errorReplies = options.style === 'replies' ? result.rows.filter((row) => row.reply?.startsWith(ERROR_PREFIX)).length : 0;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ rows: result.rows, summary }, null, 2)}\n`);
  } else if (options.style === 'replies') {
    for (const row of result.rows) printReply(row, result.serverLost !== undefined);
  } else {
    for (const line of formatTable(result.rows, options.maxRows)) process.stdout.write(`${line}\n`);
    process.stdout.write(`${formatSummary(summary)}\n`);
  }
  if (result.serverLost !== undefined) {
    process.stderr.write(`charcount-client: ${describeLostServer(result)}\n`);
    return EXIT_CANNOT_CONNECT;
  }
  return summary.ok === summary.messages && errorReplies === 0 ? EXIT_OK : EXIT_MISMATCH;
}

/** The reply on stdout; on stderr what was wrong with it (an unanswered message is named in the lost-server line instead). */
function printReply(row: TranscriptRow, serverLost: boolean): void {
  if (row.reply !== null) process.stdout.write(`${row.reply}\n`);
  const wanted = row.expected.startsWith('ERROR') ? row.expected : `a count of ${row.expected}`;
  if (row.result === 'mismatched') process.stderr.write(`charcount-client: the reply does not match: expected ${wanted}\n`);
  else if (row.result === 'unanswered' && !serverLost) process.stderr.write(`charcount-client: ${row.problem ?? 'no reply'}; expected ${wanted}\n`);
  else if (row.reply?.startsWith(ERROR_PREFIX)) process.stderr.write(`charcount-client: the server could not count message ${row.index} (see its ERROR reply)\n`);
}

/** One line: that the server went away, why, which messages it left without a reply, and what to do. */
function describeLostServer(result: SessionResult): string {
  const unanswered = result.rows.filter((row) => row.result === 'unanswered').map((row) => row.index);
  const were = result.notSent === 1 ? 'was' : 'were';
  const fate =
    unanswered.length === 0
      ? `${result.notSent} ${result.notSent === 1 ? 'message' : 'messages'} ${were} not sent`
      : `${nameMessages(unanswered)} got no reply${result.notSent > 0 ? ` and ${result.notSent} more ${were} not sent` : ''}`;
  return `the server went away during the run: ${result.serverLost}; ${fate}; start it again ("npm start", or "docker compose up -d server") and rerun`;
}

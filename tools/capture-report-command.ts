/**
 * capture-report's command line: options, reading the file, the report and the diagrams,
 * and every mistake a user can make as one line with exit code 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CaptureFileError, readCapture } from './capture-file';
import { captureReport } from './capture-report-text';
import { ladderOf } from './ladder';
import { ladderSvg } from './ladder-svg';
import { tcpConnections, type TcpConnection } from './tcp-connections';

const USAGE = 'Usage: npm run capture-report -- FILE [--svg OUT.svg] [--connection N]';
const HELP = `${USAGE}

Prints each TCP connection of FILE (a pcap from: docker compose --profile capture up, or a
pcapng saved by Wireshark) as a table: relative times, flags, relative sequence numbers,
and which side closed first.

  --svg OUT.svg     also draw each connection as a ladder diagram: OUT.svg for one
                    connection, OUT-1.svg, OUT-2.svg, ... for several
  --connection N    only connection N (as the table numbers them), in the table and the diagram

Exit codes: 0 done, 2 a usage error or a file that is not a readable capture with TCP in it.`;

/** A usage error, or a file that is not a readable capture: one line, exit 2. */
class InputError extends Error {}

interface Options {
  file: string;
  svg: string | undefined;
  connection: number | undefined;
}

function parseOptions(args: string[]): Options | 'help' {
  let parsed: ReturnType<typeof parse>;
  const parse = (): { values: { svg?: string; connection?: string; help?: boolean }; positionals: string[] } =>
    parseArgs({ args, allowPositionals: true, options: { svg: { type: 'string' }, connection: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  try {
    parsed = parse();
  } catch (error) {
    throw new InputError(`${(error as Error).message.split('\n')[0]}; ${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new InputError(`${positionals.length === 0 ? 'give one capture file' : `one capture file at a time, not ${positionals.length}`}; ${USAGE}`);
  let connection: number | undefined;
  if (values.connection !== undefined) {
    connection = Number(values.connection);
    if (!Number.isInteger(connection) || connection < 1) throw new InputError(`--connection takes a connection number from the table (1, 2, ...), not "${values.connection}"`);
  }
  return { file: positionals[0]!, svg: values.svg, connection };
}

/** OUT.svg for one diagram; OUT-N.svg for connection N of several. */
function svgPath(out: string, number: number, several: boolean): string {
  if (!several) return out;
  return out.toLowerCase().endsWith('.svg') ? `${out.slice(0, -4)}-${number}.svg` : `${out}-${number}.svg`;
}

function drawDiagrams(options: Options, chosen: { number: number; connection: TcpConnection }[], total: number): string[] {
  return chosen.map(({ number, connection }) => {
    const path = svgPath(options.svg!, number, chosen.length > 1);
    const svg = ladderSvg(ladderOf(connection), { title: `${options.file}, connection ${number} of ${total}` });
    try {
      writeFileSync(path, svg);
    } catch (error) {
      throw new InputError(`cannot write ${path} (${(error as NodeJS.ErrnoException).code}); give --svg a path in a folder that exists, e.g. captures/lab.svg`);
    }
    return `ladder diagram of connection ${number}: ${path} (${connection.packets.length} segments; open it in a browser)`;
  });
}

function report(args: string[]): string {
  const options = parseOptions(args);
  if (options === 'help') return HELP;
  let bytes: Buffer;
  try {
    bytes = readFileSync(options.file);
  } catch (error) {
    throw new InputError(`cannot read ${options.file} (${(error as NodeJS.ErrnoException).code}); give the path of a capture file, e.g. captures/lab.pcap (ls captures/)`);
  }
  let capture: ReturnType<typeof readCapture>;
  try {
    capture = readCapture(bytes);
  } catch (error) {
    throw error instanceof CaptureFileError ? new InputError(`${options.file}: ${error.message}`) : error;
  }
  const connections = tcpConnections(capture.segments);
  const numbered = connections.map((connection, i) => ({ number: i + 1, connection }));
  const chosen = options.connection === undefined ? numbered : numbered.filter(({ number }) => number === options.connection);
  if (chosen.length === 0) {
    throw new InputError(`--connection ${options.connection}: the capture has ${connections.length} TCP ${connections.length === 1 ? 'connection' : 'connections'} (give 1${connections.length > 1 ? ` to ${connections.length}` : ''})`);
  }
  const lines = [captureReport(options.file, capture.segments.length, connections, options.connection)];
  if (options.svg !== undefined) lines.push('', ...drawDiagrams(options, chosen, connections.length));
  return lines.join('\n');
}

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The whole command, without touching the process: what the tool prints, and its exit code. */
export function captureReportCommand(args: string[]): CommandResult {
  try {
    return { exitCode: 0, stdout: `${report(args)}\n`, stderr: '' };
  } catch (error) {
    const known = error instanceof InputError;
    const message = known ? error.message : `unexpected error (${String(error)}); please report it with the capture file`;
    return { exitCode: known ? 2 : 1, stdout: '', stderr: `capture-report: ${message}\n` };
  }
}

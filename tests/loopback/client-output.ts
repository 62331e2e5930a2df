/** Reading what the compiled client printed, for the client's loopback tests. */
import { LOOPBACK } from './harness';

/** The client's options that point it at a loopback server on `port`. */
export const at = (port: number): string[] => ['--host', LOOPBACK, '--port', String(port)];

/** The lines of an output, without the empty string after its last newline. */
export const lines = (text: string): string[] => text.split('\n').filter((line, i, all) => !(line === '' && i === all.length - 1));

/** Table rows of a `run` transcript: lines that start with a row number (not a wrapped reply's further lines). */
export const tableRows = (stdout: string): string[] => lines(stdout).filter((line) => /^\s*\d+\s+"/.test(line));

/** The columns of a table row: #, preview, bytes, expected, reply, rtt-ms, ok. */
export const fields = (row: string): string[] => row.trim().split(/\s{2,}/);

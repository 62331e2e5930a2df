const LF = 0x0a;

/**
 * Cuts a byte stream into LF-terminated lines, keeping an unfinished line between chunks.
 * The one splitter every reader of reply lines uses (the client, the healthcheck, the test
 * clients, the bench's load generator). The server does not: its decoder frames messages
 * itself, validating and counting as bytes arrive, so a 1 GiB line never has to be held.
 */
export class LineSplitter {
  private partial: Buffer[] = [];

  /** Bytes of a line still waiting for its LF. */
  get pendingBytes(): number {
    let total = 0;
    for (const piece of this.partial) total += piece.length;
    return total;
  }

  /** Calls `onLine` with every line `chunk` completes, in order, without its LF. */
  push(chunk: Buffer, onLine: (line: Buffer) => void): void {
    let start = 0;
    for (let newline = chunk.indexOf(LF); newline !== -1; newline = chunk.indexOf(LF, start)) {
      this.partial.push(chunk.subarray(start, newline));
      onLine(this.partial.length === 1 ? this.partial[0] : Buffer.concat(this.partial));
      this.partial = [];
      start = newline + 1;
    }
    if (start < chunk.length) this.partial.push(chunk.subarray(start));
  }

  /** At the end of the stream: the last line when it had no LF (the classic server closes instead), else undefined. */
  finish(): Buffer | undefined {
    if (this.partial.length === 0) return undefined;
    const last = Buffer.concat(this.partial);
    this.partial = [];
    return last;
  }
}

/** Every line of a whole input, the last one even without its LF. */
export function splitLines(input: Buffer): Buffer[] {
  const splitter = new LineSplitter();
  const lines: Buffer[] = [];
  splitter.push(input, (line) => lines.push(line));
  const last = splitter.finish();
  if (last !== undefined) lines.push(last);
  return lines;
}

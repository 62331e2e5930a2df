/**
 * The supervisor: a POSIX sh loop that keeps the server's container running between runs of
 * the student's program, so a restart is a fork in a running container (tens of milliseconds)
 * instead of a container start (most of a second). It needs nothing of the image but /bin/sh,
 * which every Debian, Alpine, python and node image has; an image without one is run the old
 * way (server-runs.ts).
 *
 * The checker writes a line to the supervisor's stdin for each run: a token only that run
 * knows. The supervisor starts the image's command with stdin at end of file (/dev/null, so
 * Python's input() raises EOFError at once, as in a command check), waits for it, kills
 * whatever it left running (every process of the submission's uid but the supervisor: a forked
 * child must not hold the port into the next run, as no process outlived a container's stop),
 * and writes "\n<token> <status>\n" to stdout and to stderr. The line on each stream ends that
 * stream's output of the run: the program's last bytes, a traceback on stderr included, have
 * arrived once both lines have. The token is in no file and no environment variable, so the
 * program cannot print a forged end.
 *
 * SIGTERM to the supervisor (docker kill) is passed to the program and its children; the
 * supervisor stays, and reports the run's end. An interrupted wait is waited again: it returns
 * a status above 128 that is not the program's. End of stdin (the checker closed it, or died)
 * ends the supervisor after the current run.
 */
export const SUPERVISOR_SCRIPT = [
  "trap 'interrupted=1; kill -15 -1 2>/dev/null' TERM",
  'while IFS= read -r run; do',
  '  "$@" </dev/null &',
  '  program=$!',
  '  status=',
  '  while :; do',
  '    interrupted=',
  // The shell's own "Terminated" or "Killed" for a job a signal ended is not the program's output.
  '    wait "$program" 2>/dev/null',
  '    code=$?',
  // A second wait for a program already reaped: the first status stands.
  '    if [ "$code" -eq 127 ] && [ -n "$status" ]; then break; fi',
  '    status=$code',
  '    [ -n "$interrupted" ] || break',
  '  done',
  '  kill -9 -1 2>/dev/null',
  `  printf '\\n%s %s\\n' "$run" "$status"`,
  `  printf '\\n%s %s\\n' "$run" "$status" >&2`,
  'done',
  'kill -9 -1 2>/dev/null',
  'exit 0',
].join('\n');

/** The supervisor's name in ps ($0). */
const SUPERVISOR_NAME = 'charcount-supervisor';

/** The server container's entrypoint: the supervisor, with the image's own command as its arguments. */
export function supervisedEntrypoint(command: readonly string[]): string[] {
  return ['/bin/sh', '-c', SUPERVISOR_SCRIPT, SUPERVISOR_NAME, ...command];
}

/** The command a container of the image runs: its ENTRYPOINT then its CMD, as Docker joins them. */
export function imageCommand(config: { Entrypoint?: string[] | string | null; Cmd?: string[] | string | null }): string[] {
  const words = (value: string[] | string | null | undefined): string[] => (value === null || value === undefined ? [] : typeof value === 'string' ? [value] : value);
  return [...words(config.Entrypoint), ...words(config.Cmd)];
}

/** Whether Docker could not start the supervisor because the image has no /bin/sh. */
export function lacksShell(error: unknown): boolean {
  const message = (error as Error | undefined)?.message ?? '';
  return message.includes('"/bin/sh"') && /no such file|not found/i.test(message);
}

/**
 * Finds the supervisor's end line in one output stream of a run, and passes on the program's
 * bytes before it. Bytes that could be the start of the end line are held until the next
 * chunk says whether they are; bytes after it (nothing should follow) are dropped.
 */
export class RunEndScanner {
  private held: Buffer = Buffer.alloc(0);
  private readonly start: Buffer;
  /** The status the end line gave, once it has arrived whole. */
  status: number | null = null;

  constructor(token: string) {
    this.start = Buffer.from(`\n${token} `, 'latin1');
  }

  get ended(): boolean {
    return this.status !== null;
  }

  /** The program's bytes in what has arrived so far that are known not to be the end line. */
  write(chunk: Buffer): Buffer {
    if (this.ended) return Buffer.alloc(0);
    const data = this.held.length === 0 ? chunk : Buffer.concat([this.held, chunk]);
    const at = data.indexOf(this.start);
    if (at !== -1) {
      const lf = data.indexOf(0x0a, at + this.start.length);
      if (lf === -1) {
        this.held = data.subarray(at);
      } else {
        const status = Number(data.subarray(at + this.start.length, lf).toString('latin1'));
        this.status = Number.isSafeInteger(status) && status >= 0 ? status : 255;
        this.held = Buffer.alloc(0);
      }
      return data.subarray(0, at);
    }
    const keep = this.partialStart(data);
    this.held = Buffer.from(data.subarray(data.length - keep));
    return data.subarray(0, data.length - keep);
  }

  /** How many of the last bytes of `data` are the beginning of the end line. */
  private partialStart(data: Buffer): number {
    for (let length = Math.min(this.start.length - 1, data.length); length > 0; length--) {
      if (data.subarray(data.length - length).equals(this.start.subarray(0, length))) return length;
    }
    return 0;
  }
}

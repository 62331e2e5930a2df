/**
 * The error a student's program printed before it stopped (or before one of its threads
 * died), read from its output: a Python traceback's exception line and the file and line
 * of the student's own frame; Java's `Exception in thread "main" …` and its first `at
 * …(File.java:N)` outside the JDK; Node's `TypeError: …` and its first `at …(file.js:L:C)`
 * outside node:internal; a C program's perror() line. Pure: lines in, the error out.
 */

export interface ProgramError {
  /** The error line as the program printed it: "TypeError: a bytes-like object is required, not 'str'". */
  error: string;
  /** The student's file (its base name) and line, when the output names them. */
  file: string | null;
  line: number | null;
}

/** An exception line: `Name: text` or a bare `Name`, the name ending like an error's (Python, Node; Node's own `Error: listen EADDRINUSE: …` too). */
const EXCEPTION_LINE = /^(?:(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*(?:Error|Exception|error|Interrupt)|Error)(?: \[\w+\])?(?::\s.*)?$/;
const JAVA_EXCEPTION = /^Exception in thread "[^"]*" (.+)$/;
/** Indentation as the checker keeps output lines: spaces, or a tab shown as the escape \t. */
const INDENT = String.raw`(?:\s|\\t)+`;
const INDENTED = new RegExp(`^${INDENT}`);
const JAVA_FRAME = new RegExp(String.raw`^${INDENT}at (?!java\.|javax\.|jdk\.|sun\.)[^(]*\(([^():]+\.java):(\d+)\)`);
const NODE_FRAME = /^\s+at (?:.*\()?(?!node:)([^()\s]+\.[cm]?[jt]s):(\d+):\d+\)?$/;
const PYTHON_FRAME = /^\s+File "([^"]+)", line (\d+)/;
/** A frame inside Python itself (its library, site-packages, or a frozen module such as <frozen codecs>), not the student's code. */
const PYTHON_LIBRARY = /[\\/](?:lib|Lib)[\\/](?:python[\d.]*[\\/])?|site-packages|^<frozen /;
/** What C's perror() and strerror() print for the errors a server meets. */
const PERROR_LINE =
  /^[\w ().,'-]+: (?:Address already in use|Cannot assign requested address|Can't assign requested address|Connection reset by peer|Broken pipe|Bad file descriptor|Permission denied|Invalid argument|Too many open files)$/;

export function findProgramError(lines: readonly string[]): ProgramError | null {
  return javaError(lines) ?? exceptionError(lines) ?? perrorLine(lines);
}

function javaError(lines: readonly string[]): ProgramError | null {
  const at = lastIndex(lines, (line) => JAVA_EXCEPTION.test(line));
  if (at === -1) return null;
  const error = JAVA_EXCEPTION.exec(lines[at]!)![1]!;
  for (const line of lines.slice(at + 1)) {
    const frame = JAVA_FRAME.exec(line);
    if (frame) return { error, file: frame[1]!, line: Number(frame[2]) };
  }
  return { error, file: null, line: null };
}

function exceptionError(lines: readonly string[]): ProgramError | null {
  const at = lastIndex(lines, (line) => EXCEPTION_LINE.test(line));
  if (at === -1) return null;
  const error = lines[at]!;
  // Node prints its frames after the error; Python before it.
  for (const line of lines.slice(at + 1)) {
    const frame = NODE_FRAME.exec(line);
    if (frame) return { error, file: baseName(frame[1]!), line: Number(frame[2]) };
    if (!INDENTED.test(line)) break;
  }
  const frames = lines
    .slice(0, at)
    .map((line) => PYTHON_FRAME.exec(line))
    .filter((frame): frame is RegExpExecArray => frame !== null);
  const own = frames.filter((frame) => !PYTHON_LIBRARY.test(frame[1]!)).at(-1) ?? frames.at(-1);
  return own === undefined ? { error, file: null, line: null } : { error, file: baseName(own[1]!), line: Number(own[2]) };
}

function perrorLine(lines: readonly string[]): ProgramError | null {
  const at = lastIndex(lines, (line) => PERROR_LINE.test(line));
  return at === -1 ? null : { error: lines[at]!, file: null, line: null };
}

function lastIndex(lines: readonly string[], test: (line: string) => boolean): number {
  for (let i = lines.length - 1; i >= 0; i--) if (test(lines[i]!)) return i;
  return -1;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

/** What kind of error it is, when the kind has its own explanation and fix. */
export type ErrorKind =
  | 'reads-stdin'
  | 'address-in-use'
  | 'address-not-available'
  | 'name-not-resolved'
  | 'reply-not-bytes'
  | 'socket-used-after-close'
  | 'cannot-decode'
  | 'decodes-piece'
  | 'program-error';

export function errorKind(error: string): ErrorKind {
  if (/EOFError|NoSuchElementException|EOF when reading a line/.test(error)) return 'reads-stdin';
  if (/Address already in use|EADDRINUSE|WinError 10048|address already in use/i.test(error)) return 'address-in-use';
  if (/Cannot assign requested address|Can't assign requested address|EADDRNOTAVAIL|WinError 10049/i.test(error)) return 'address-not-available';
  // A host name that resolves to nothing: Python's gaierror (Linux, macOS, Windows), Java, Node.
  if (/gaierror|Name or service not known|nodename nor servname|getaddrinfo failed|UnknownHostException|getaddrinfo (?:ENOTFOUND|EAI_AGAIN)/i.test(error)) return 'name-not-resolved';
  if (/a bytes-like object is required, not 'str'/.test(error)) return 'reply-not-bytes';
  // Python (Linux, macOS; Windows), Java, Node, C's perror(): a socket used after its close.
  if (/Bad file descriptor|WinError 10038|Socket is closed|ERR_STREAM_WRITE_AFTER_END|ERR_SOCKET_CLOSED/.test(error)) return 'socket-used-after-close';
  // Bytes that are not valid UTF-8, decoded strictly: Python, Java's CharsetDecoder.
  if (/UnicodeDecodeError|MalformedInputException/.test(error)) return 'cannot-decode';
  return 'program-error';
}

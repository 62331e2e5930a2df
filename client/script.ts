/**
 * Lab scripts: plain text, one message per line. See lab-notes/scripts/README.md for the
 * full syntax; in short, `#` starts a comment line, blank lines are skipped, `@name[=value]`
 * words before the text set how that message is sent, and backslash escapes write bytes
 * a text editor cannot (raw bytes, code points, repetition).
 */

export interface ChunkPlan {
  size: number;
  delayMs: number;
}

export type SendMode = 'line' | 'classic';

export interface ScriptStep {
  /** Where the step came from, for error messages: "lab-session.txt:12". */
  source: string;
  bytes: Buffer;
  mode?: SendMode;
  chunk?: ChunkPlan;
  /** Send this message from this many new connections at once. */
  clients?: number;
}

/** A script the user wrote wrong; the message names the file, the line and what to write instead. */
export class ScriptError extends Error {}

const MAX_CLIENTS_PER_STEP = 1000;
const MAX_REPEAT_BYTES = 64 * 1024 * 1024;

export function parseScript(text: string, fileName: string): ScriptStep[] {
  const steps: ScriptStep[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const source = `${fileName}:${index + 1}`;
    steps.push(parseStep(line, source));
  });
  if (steps.length === 0) throw new ScriptError(`${fileName} has no messages; write one message per line (lines starting with # are comments)`);
  return steps;
}

function parseStep(line: string, source: string): ScriptStep {
  const step: ScriptStep = { source, bytes: Buffer.alloc(0) };
  let rest = line;
  while (rest.startsWith('@')) {
    const space = rest.indexOf(' ');
    const word = space === -1 ? rest : rest.slice(0, space);
    rest = space === -1 ? '' : rest.slice(space + 1);
    applyDirective(step, word, source);
  }
  step.bytes = decodeEscapes(rest, source);
  return step;
}

function applyDirective(step: ScriptStep, word: string, source: string): void {
  const [name, value] = word.slice(1).split('=', 2);
  switch (name) {
    case 'classic':
      step.mode = 'classic';
      return;
    case 'line':
      step.mode = 'line';
      return;
    case 'chunk': {
      const match = /^(\d+)\/(\d+)$/.exec(value ?? '');
      if (!match || Number(match[1]) < 1) throw new ScriptError(`${source}: write @chunk=BYTES/DELAY_MS, for example @chunk=3/20`);
      step.chunk = { size: Number(match[1]), delayMs: Number(match[2]) };
      return;
    }
    case 'clients': {
      const clients = Number(value);
      if (!Number.isInteger(clients) || clients < 1 || clients > MAX_CLIENTS_PER_STEP) {
        throw new ScriptError(`${source}: write @clients=N with N from 1 to ${MAX_CLIENTS_PER_STEP}, for example @clients=5`);
      }
      step.clients = clients;
      return;
    }
    default:
      throw new ScriptError(`${source}: unknown directive @${name}; known: @classic, @line, @chunk=BYTES/DELAY_MS, @clients=N (write \\@ for a message that starts with @)`);
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', n: '\n', r: '\r', t: '\t', '0': '\0', '#': '#', '@': '@', '}': '}', E: '' };

/** Turns the escaped text of one script line into the exact bytes to send. */
export function decodeEscapes(text: string, source: string): Buffer {
  const parts: Buffer[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') parts.push(Buffer.from(literal, 'utf8'));
    literal = '';
  };
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char !== '\\') {
      literal += char;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next !== undefined && next in SIMPLE_ESCAPES) {
      literal += SIMPLE_ESCAPES[next];
      i += 2;
    } else if (next === 'x') {
      const hex = /^[0-9a-fA-F]{2}/.exec(text.slice(i + 2));
      if (!hex) throw new ScriptError(`${source}: \\x needs two hex digits, for example \\xFF`);
      flush();
      parts.push(Buffer.from([parseInt(hex[0], 16)]));
      i += 4;
    } else if (next === 'u') {
      const match = /^\{([0-9a-fA-F]{1,6})\}/.exec(text.slice(i + 2));
      const codePoint = match ? parseInt(match[1], 16) : NaN;
      if (!match || codePoint > 0x10ffff) throw new ScriptError(`${source}: write a code point as \\u{1F600} (hex, at most 10FFFF)`);
      flush();
      parts.push(encodeCodePoint(codePoint));
      i += 2 + match[0].length;
    } else if (next === '*') {
      const match = /^(\d+)\{/.exec(text.slice(i + 2));
      const close = match ? findClosingBrace(text, i + 2 + match[0].length) : -1;
      if (!match || close === -1) throw new ScriptError(`${source}: write a repetition as \\*COUNT{TEXT}, for example \\*1500{a}`);
      const unit = decodeEscapes(text.slice(i + 2 + match[0].length, close), source);
      const count = Number(match[1]);
      if (unit.length * count > MAX_REPEAT_BYTES) throw new ScriptError(`${source}: a repetition may produce at most ${MAX_REPEAT_BYTES} bytes`);
      flush();
      parts.push(Buffer.alloc(unit.length * count, unit.length > 0 ? unit : Buffer.from([0])));
      i = close + 1;
    } else {
      throw new ScriptError(`${source}: unknown escape \\${next ?? ''}; known: \\\\ \\n \\r \\t \\0 \\E \\xHH \\u{HEX} \\*N{TEXT} \\# \\@ \\}`);
    }
  }
  flush();
  return Buffer.concat(parts);
}

function findClosingBrace(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '}') return i;
  }
  return -1;
}

/**
 * UTF-8 bytes of a code point, written by hand so a script can also produce the
 * surrogate code points (U+D800..U+DFFF) that well-formed encoders refuse: the lab shows
 * how the server rejects them.
 */
function encodeCodePoint(codePoint: number): Buffer {
  if (codePoint < 0x80) return Buffer.from([codePoint]);
  if (codePoint < 0x800) return Buffer.from([0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f)]);
  if (codePoint < 0x10000) {
    return Buffer.from([0xe0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f)]);
  }
  return Buffer.from([
    0xf0 | (codePoint >> 18),
    0x80 | ((codePoint >> 12) & 0x3f),
    0x80 | ((codePoint >> 6) & 0x3f),
    0x80 | (codePoint & 0x3f),
  ]);
}

/**
 * Sample CheckReports for the exporter tests, one for each situation a report must describe:
 * everything passed; stages failed with multi-line traces holding hostile text; a server
 * that never listened; a stage that does not apply to the target (skipped, 0 points).
 */
import fc from 'fast-check';
import { DEFAULT_EXPECTED_REPLY, type CheckLevel, type CheckReport, type StageResult, type StageStatus, totalScore } from '../../../checker/model';
import { lineText } from './arbitraries';

const ASSIGNMENT_STAGES: [id: string, title: string, maxPoints: number, hint: string][] = [
  ['listen', 'accepts a TCP connection on port 12345', 1, '5-one-client-versus-many'],
  ['reply-text', 'replies with the exact text, no newline needed', 2, '1-the-scripted-session-line-by-line'],
  ['count-unicode', 'counts code points, not bytes', 2, '3-what-is-a-character'],
  ['second-client', 'serves a second client, and a tenth', 2, '5-one-client-versus-many'],
  ['long-message', 'counts 1,500 B, 64 KiB and 1 MiB messages whole', 2, '2-tcp-is-a-byte-stream'],
  ['split-character', 'counts a character split across reads once', 2, '2-tcp-is-a-byte-stream'],
  ['concurrent-clients', 'serves 5 clients at once', 2, '5-one-client-versus-many'],
  ['invalid-utf8', 'survives invalid UTF-8', 2, '4-invalid-input'],
];

const PROTOCOL_STAGES: typeof ASSIGNMENT_STAGES = [
  ['line-framing', 'answers LF- and CRLF-ended messages in order', 1, '2-tcp-is-a-byte-stream'],
  ['pipelining', 'answers 100 messages sent in one write', 1, '2-tcp-is-a-byte-stream'],
  ['error-reply', 'replies ERROR to invalid UTF-8 and goes on', 1, '4-invalid-input'],
  ['quiet-period', 'answers a message without newline after a quiet time', 1, '1-the-scripted-session-line-by-line'],
  ['half-close', 'answers after the client half-closes, then closes', 1, '6-the-packet-capture'],
  ['shutdown', 'answers messages in flight on SIGTERM, exits 0', 1, '7-shutdown-what-happens-to-messages-in-flight'],
];

function stage(
  [id, title, maxPoints, hint]: (typeof ASSIGNMENT_STAGES)[number],
  status: StageStatus,
  changes: Partial<StageResult> = {},
): StageResult {
  const points = status === 'passed' ? maxPoints : 0;
  const link = `lab-notes/analysis.md#${hint}`;
  return {
    id,
    title,
    status,
    points,
    maxPoints,
    durationMs: 12 + id.length * 7.25,
    message: status === 'passed' ? `${id} passed` : `${id} did not run`,
    details: [],
    diagnoses: [],
    hint: { text: `see ${link}`, link },
    record: [],
    ...changes,
  };
}

function report(level: CheckLevel, stages: StageResult[], changes: Partial<CheckReport> = {}): CheckReport {
  return {
    version: 2,
    language: 'en',
    level,
    seed: 424242,
    ...totalScore(stages),
    target: 'python3 server.py',
    entry: null,
    expectedReply: DEFAULT_EXPECTED_REPLY,
    checkerVersion: '0.0.0-test',
    gradable: true,
    startError: null,
    stages,
    ...changes,
  };
}

const [LISTEN, REPLY_TEXT, ...LATER_ASSIGNMENT_STAGES] = ASSIGNMENT_STAGES;
const SHUTDOWN = PROTOCOL_STAGES[PROTOCOL_STAGES.length - 1];

/** Characters no XML 1.0 document may hold, and ones that would rewrite a terminal line. */
export const HOSTILE_RAW = '\x00\x01\x08\x0b\x1b[31m\x7f\uFFFE\uFFFF\uD800\u202e';
/** The same characters as every human-readable export shows them. */
export const HOSTILE_SHOWN = '\\x00\\x01\\x08\\x0B\\x1B[31m\\x7F\\u{FFFE}\\u{FFFF}\\u{D800}\\u{202E}';

/** Markup, quotes and a CDATA terminator: text that XML must carry escaped, unharmed. */
export const MARKUP = `<&> ]]> "double" 'single' ÿ`;

export const REPLY_TEXT_TRACE = [
  'step 1: connected to 127.0.0.1:12345',
  'step 2: sent "Halo dunia" (10 bytes, no newline) and waited 3000 ms without closing',
  `expected "Jumlah karakter dalam kalimat tersebut adalah 10\\n", but got "${MARKUP} \\xFF\\n"`,
  '  sent:     "Halo dunia"',
  `  received: "${MARKUP} \\xFF\\n"`,
  '             ^',
  `  your server also printed: ${HOSTILE_RAW}`,
  'hint: a reply must be the exact text; see lab-notes/analysis.md#1-the-scripted-session-line-by-line',
];

export const INVALID_UTF8_TRACE = [
  'step 1: sent "abc\\xFFdef" (7 bytes) and half-closed',
  'expected a reply or a close, but your server exited with code 1',
  'hint: decode errors must not end the server; see lab-notes/analysis.md#4-invalid-input',
];

export const ALL_PASSED = report(
  'assignment',
  ASSIGNMENT_STAGES.map((info) => stage(info, 'passed')),
);

export const SOME_FAILED = report(
  'protocol',
  [
    stage(LISTEN, 'passed'),
    stage(REPLY_TEXT, 'failed', {
      message: `expected "Jumlah karakter dalam kalimat tersebut adalah 10", but got "${MARKUP} ${HOSTILE_RAW}"`,
      details: REPLY_TEXT_TRACE,
    }),
    ...LATER_ASSIGNMENT_STAGES.slice(0, -1).map((info) => stage(info, 'passed')),
    stage(ASSIGNMENT_STAGES[ASSIGNMENT_STAGES.length - 1], 'failed', {
      message: 'your server exited with code 1 after "abc\\xFFdef"',
      details: INVALID_UTF8_TRACE,
    }),
    ...PROTOCOL_STAGES.map((info) => stage(info, 'passed')),
  ],
  { target: 'node server.js --port 12345 <stdin' },
);

export const NEVER_LISTENED = report(
  'assignment',
  [
    stage(LISTEN, 'failed', {
      message: 'nothing accepted a connection on 127.0.0.1:12345 within 10 s',
      details: [
        'step 1: started "python3 server.py" (process group 4242)',
        'step 2: connected to 127.0.0.1:12345: refused, 50 times in 10 s',
        'expected a listening socket, but got: exited with code 1',
        '  [your_server] Traceback (most recent call last):',
        '  [your_server] OSError: [Errno 98] Address already in use',
        'hint: see lab-notes/analysis.md#5-one-client-versus-many',
      ],
    }),
    ...[REPLY_TEXT, ...LATER_ASSIGNMENT_STAGES].map((info) =>
      stage(info, 'skipped', { durationMs: 0, message: 'not run: the server never accepted a connection' }),
    ),
  ],
  { gradable: false, startError: 'your server exited with code 1 before it listened on port 12345' },
);

export const SKIPPED_STAGE = report(
  'protocol',
  [
    ...[...ASSIGNMENT_STAGES, ...PROTOCOL_STAGES.slice(0, -1)].map((info) => stage(info, 'passed')),
    stage(SHUTDOWN, 'skipped', {
      maxPoints: 0,
      durationMs: 0,
      message: 'not run: only a program the checker starts can be sent SIGTERM',
    }),
  ],
  { target: '127.0.0.1:12345' },
);

export const SAMPLE_REPORTS: Record<string, CheckReport> = {
  'all passed': ALL_PASSED,
  'some failed': SOME_FAILED,
  'never listened': NEVER_LISTENED,
  'skipped stage': SKIPPED_STAGE,
};

/** Any text a report may carry: tricky Unicode, lone surrogates, controls, markup. */
const anyText: fc.Arbitrary<string> = fc.oneof(
  lineText,
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(HOSTILE_RAW, MARKUP, ']]>', '\r\n', ''),
);

const arbitraryStage: fc.Arbitrary<StageResult> = fc
  .record({
    id: fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}$/),
    title: anyText.filter((title) => title.length > 0),
    status: fc.constantFrom<StageStatus>('passed', 'failed', 'skipped'),
    maxPoints: fc.nat({ max: 5 }),
    durationMs: fc.double({ min: 0, max: 600_000, noNaN: true }),
    message: anyText,
    details: fc.array(anyText, { maxLength: 6 }),
    hintText: anyText,
  })
  .map(({ hintText, ...stage }) => ({
    ...stage,
    points: stage.status === 'passed' ? stage.maxPoints : 0,
    details: stage.status === 'passed' ? [] : stage.details,
    diagnoses: [],
    hint: { text: hintText, link: 'lab-notes/analysis.md#4-invalid-input' },
    record: [],
  }));

/** Random reports that keep the model's rules: points earned only by passing, scores summed, startError exactly when not gradable. */
export const arbitraryReport: fc.Arbitrary<CheckReport> = fc
  .record({
    level: fc.constantFrom<CheckLevel>('assignment', 'protocol'),
    seed: fc.nat(),
    target: anyText,
    startError: fc.option(anyText, { nil: null }),
    stages: fc.array(arbitraryStage, { maxLength: 14 }),
  })
  .map(({ stages, startError, ...rest }) => report(rest.level, stages, { ...rest, gradable: startError === null, startError }));

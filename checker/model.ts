/**
 * The checker's one result model, version 2 (checker/schemas/report.schema.json). Every
 * exporter (text, json, html, junit, gradescope, prairielearn, classroom) renders a
 * CheckReport; nothing else is passed to them. A report speaks one language: its titles,
 * messages, traces, diagnoses and hints are written in `language`; ids, enum values and the
 * record's kinds stay English.
 */
import type { Language } from '../language';
import type { ConnectFailure, ReplyEnding } from './probe/connection';

export const CHECK_LEVELS = ['assignment', 'protocol'] as const;
export type CheckLevel = (typeof CHECK_LEVELS)[number];

export type StageStatus = 'passed' | 'failed' | 'skipped';

export const REPORT_VERSION = 2;

/** The assignment's sentence, as `--expected-reply` takes it: `{n}` stands for the count. */
export const DEFAULT_EXPECTED_REPLY = 'Jumlah karakter dalam kalimat tersebut adalah {n}';

export interface StageResult {
  id: string;
  title: string;
  status: StageStatus;
  /** Points earned: maxPoints when passed, 0 otherwise. */
  points: number;
  /** 0 for a stage that does not apply to this kind of target (it then counts toward no score). */
  maxPoints: number;
  durationMs: number;
  /** One line: what passed, or what was expected and what came instead, or why it did not run. */
  message: string;
  /**
   * A failure's whole trace, for a person: the steps so far, "expected …, but got …", the
   * bytes sent and received (escaped, with a caret under the first byte that differs), what
   * the checker found (the diagnoses) and the hint line. Empty for a stage that passed.
   */
  details: string[];
  /** What the checker found to be the cause of a failure, most telling first; empty when it found none. */
  diagnoses: Diagnosis[];
  /** What to do about a failure, and the lab-notes section that explains it (resolved against the notes base). */
  hint: { text: string; link: string };
  /** Everything that happened in the stage, in order: the text trace, the JSON and the diagrams render it. */
  record: RecordEvent[];
}

/** One cause the checker found, from what the server did: `code` is stable (English), `text` is in the report's language. */
export interface Diagnosis {
  code: string;
  text: string;
}

/** Bytes as the record keeps them: all of a short piece, the head and tail of a long one. */
export interface RecordedBytes {
  /** How many bytes there were. */
  length: number;
  /** The bytes kept, base64: all of them, or the head and the tail with `omitted` bytes left out between. */
  base64: string;
  /** Bytes left out in the middle; 0 when every byte is kept. */
  omitted: number;
}

/**
 * One event of a stage, `at` milliseconds after the stage started. `client` is the label the
 * trace uses ("client 1", "next client"). The checker's own lines (`step`) are what the text
 * trace numbers; the wire events (connect … rst-received) are what a diagram draws; the
 * program events say what the student's program did meanwhile.
 */
export type RecordEvent =
  | { at: number; kind: 'step'; text: string }
  | { at: number; kind: 'connect'; client: string; address: string }
  | { at: number; kind: 'connect-failed'; client: string; reason: ConnectFailure }
  | { at: number; kind: 'send'; client: string; bytes: RecordedBytes }
  | { at: number; kind: 'receive'; client: string; bytes: RecordedBytes }
  | { at: number; kind: 'fin-sent'; client: string }
  | { at: number; kind: 'fin-received'; client: string }
  | { at: number; kind: 'rst-sent'; client: string }
  | { at: number; kind: 'rst-received'; client: string }
  | { at: number; kind: 'timeout'; client: string; waitedMs: number }
  | { at: number; kind: 'reply'; client: string; bytes: RecordedBytes; ending: ReplyEnding; elapsedMs: number }
  | { at: number; kind: 'program-start' }
  | { at: number; kind: 'program-output'; line: string }
  | { at: number; kind: 'program-exit'; code: number | null; signal: string | null };

/** What was run, when the checker chose it (a submission folder): the file, and why that one. */
export interface EntryChoice {
  /** Relative to the submission folder, with "/". */
  file: string;
  /** In the report's language: "the only Python file that calls bind() and listen()". */
  reason: string;
}

export interface CheckReport {
  version: typeof REPORT_VERSION;
  language: Language;
  level: CheckLevel;
  seed: number;
  score: number;
  maxScore: number;
  /** What was checked, in words: "python3 server.py", "127.0.0.1:12345", "submission ./alice". */
  target: string;
  /** The file a submission's check ran and why, or null (a command or a running server was given). */
  entry: EntryChoice | null;
  /** The reply `reply-text` demands, `{n}` standing for the count. */
  expectedReply: string;
  /** The version of charcount-lab that checked, and its commit when known: "0.2.0 (a1b2c3d)". */
  checkerVersion: string;
  /** False when the server never listened (or could not be built): there was nothing to grade. */
  gradable: boolean;
  /** Why the server could not be checked at all (never listened, could not be built), or null. */
  startError: string | null;
  stages: StageResult[];
}

/** Adds up the points; the only place score and maxScore are computed. */
export function totalScore(stages: readonly StageResult[]): { score: number; maxScore: number } {
  let score = 0;
  let maxScore = 0;
  for (const stage of stages) {
    score += stage.points;
    maxScore += stage.maxPoints;
  }
  return { score, maxScore };
}

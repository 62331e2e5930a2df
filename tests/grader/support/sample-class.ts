/**
 * A small class as charcount-grade would record it: correct and faulty servers (each fault
 * failing the stages tests/checker/servers/README.md lists for it), one that never listened,
 * one that could not be graded, and two students whose folder names are hostile markup.
 * The report tests check the charts against counts worked out by hand from this list.
 */
import type { StageResult } from '../../../checker/model';
import type { GradeLimits, Grades, SubmissionGrade } from '../../../grader/grades';

const ASSIGNMENT_STAGES: [id: string, title: string][] = [
  ['listen', 'accepts a TCP connection on the port'],
  ['reply-text', 'answers a short message with the exact reply text'],
  ['count-unicode', "counts code points, as Python's len(data.decode()) does"],
  ['second-client', 'serves a second client after the first, and a tenth'],
  ['long-message', 'counts messages of 1,500 B, 64 KiB and 1 MiB whole'],
  ['split-character', 'counts a character split across two writes, and one cut at byte 1024'],
  ['concurrent-clients', 'serves 5 clients connected at once, answering the last to connect first'],
  ['invalid-utf8', 'survives a message that is not valid UTF-8, and serves the next client'],
];

export const HOSTILE_SCRIPT_NAME = '<script>window.hostileRan = true; alert(1)</script>';
export const HOSTILE_QUOTES_NAME = `"'><img src=x onerror="window.hostileRan=true"> #?%2F&amp;`;
/** A zip entry can carry a name that is a path out of the output folder. */
export const HOSTILE_PATH_NAME = '../../etc/passwd';

function stages(failed: string[], status: 'failed' | 'skipped' = 'failed'): StageResult[] {
  return ASSIGNMENT_STAGES.map(([id, title]) => {
    const passed = !failed.includes(id);
    return {
      id,
      title,
      status: passed ? 'passed' : status,
      points: passed ? 1 : 0,
      maxPoints: 1,
      durationMs: 40,
      message: passed ? `${id} passed` : `expected the right count, but got <b>${id}</b> wrong`,
      details: [],
      diagnoses: [],
      hint: { text: 'see the analysis', link: 'lab-notes/analysis.md' },
      record: [],
    };
  });
}

function graded(name: string, failed: string[], reason: string | null = null, status: 'failed' | 'skipped' = 'failed'): SubmissionGrade {
  const list = stages(failed, status);
  const score = list.reduce((sum, stage) => sum + stage.points, 0);
  return { name, student: null, status: 'graded', reason, score, maxScore: list.length, entry: { file: 'server.py', reason: "it is the submission's server.py" }, durationMs: 4200, stages: list };
}

const ALL_IDS = ASSIGNMENT_STAGES.map(([id]) => id);

export const LIMITS: GradeLimits = {
  memoryBytes: 256 * 1024 * 1024,
  pids: 64,
  cpus: 0.5,
  tmpBytes: 16 * 1024 * 1024,
  buildTimeoutMs: 300_000,
  startTimeoutMs: 10_000,
  stageTimeoutMs: 60_000,
  submissionTimeoutMs: 300_000,
  outputBytes: 64 * 1024,
};

/** Submissions in an order that is not the name order, so the first sort is visible. */
export function sampleClass(): Grades {
  return {
    version: 2,
    level: 'assignment',
    seed: 424242,
    settings: {
      jobs: 2,
      level: 'assignment',
      rubric: null,
      limits: LIMITS,
      startedAt: '2026-03-02T09:00:00.000Z',
      finishedAt: '2026-03-02T09:01:30.500Z',
      checkerVersion: '0.1.0',
    },
    submissions: [
      graded('dave', ['long-message', 'split-character']),
      graded('alice', []),
      graded('bob', ['count-unicode', 'long-message', 'split-character']),
      graded('eve', ALL_IDS, 'your server exited with code 1 before listening: NameError: name \'srve\' is not defined', 'skipped'),
      {
        name: 'frank',
        student: null,
        status: 'error',
        reason: 'no server.py or Dockerfile in the folder; put server.py at its top level',
        score: null,
        maxScore: 8,
        entry: null,
        durationMs: null,
        stages: [],
      },
      graded('carol', ['second-client', 'concurrent-clients']),
      graded(HOSTILE_SCRIPT_NAME, []),
      graded(HOSTILE_QUOTES_NAME, ['count-unicode', 'long-message', 'split-character']),
      graded(HOSTILE_PATH_NAME, ['reply-text']),
    ],
  };
}

/** Worked out by hand from sampleClass(): submissions per score 0..8, then the error bar. */
export const EXPECTED_SCORE_BARS: [label: string, count: number][] = [
  ['0', 1],
  ['1', 0],
  ['2', 0],
  ['3', 0],
  ['4', 0],
  ['5', 2],
  ['6', 2],
  ['7', 1],
  ['8', 2],
  ['error', 1],
];

/** Passed / graded submissions (8: frank is an error), per stage. */
export const EXPECTED_PASS_RATES: [id: string, passed: number][] = [
  ['listen', 7],
  ['reply-text', 6],
  ['count-unicode', 5],
  ['second-client', 6],
  ['long-message', 4],
  ['split-character', 4],
  ['concurrent-clients', 6],
  ['invalid-utf8', 7],
];
export const GRADED_COUNT = 8;

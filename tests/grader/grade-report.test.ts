/**
 * The grader's own reports: an error row's maximum is what a graded submission could earn, and
 * a submission that ran out of time keeps the stages it finished, fails the one under way and
 * did not run the rest.
 */
import { notesBase, stageHint } from '../../checker';
import { describe, expect, it } from 'vitest';
import type { StageResult } from '../../checker/model';
import { ASSIGNMENT_STAGES } from '../../checker/stages/assignment-stages';
import { errorRow, gradedRow, levelMaxScore, timedOutReport } from '../../grader/grade-report';

const passed = (index: number): StageResult => {
  const stage = ASSIGNMENT_STAGES[index]!;
  return { id: stage.id, title: stage.title('en'), status: 'passed', points: 1, maxPoints: 1, durationMs: 5, message: 'passed', details: [], diagnoses: [], hint: stageHint(stage.id, 'en', notesBase(null)), record: [] };
};

const TIMED_OUT = { language: 'en', level: 'assignment', seed: 3, points: new Map(), target: 'submission slow', expectedReply: 'Count: {n}' } as const;

describe('grade rows', () => {
  it('gives an error row the maximum of its level under the rubric, without stages that cannot apply to a container', () => {
    expect(levelMaxScore('assignment', new Map())).toBe(8);
    expect(levelMaxScore('assignment', new Map([['long-message', 3]]))).toBe(10);
    // shutdown needs a signal, which a container target cannot take: worth nothing anywhere.
    expect(levelMaxScore('protocol', new Map([['shutdown', 5]]))).toBe(levelMaxScore('protocol', new Map()));
    expect(errorRow('carol', 'no server.py', 'assignment', new Map())).toEqual({
      name: 'carol',
      student: null,
      status: 'error',
      reason: 'no server.py',
      score: null,
      maxScore: 8,
      entry: null,
      durationMs: null,
      stages: [],
    });
  });

  it('keeps the finished stages of a submission out of time, fails the one under way and skips the rest', () => {
    const report = timedOutReport({ ...TIMED_OUT, finished: [passed(0), passed(1)], limitMs: 120_000 });
    expect(report.stages.map((stage) => [stage.id, stage.status, stage.points, stage.maxPoints])).toEqual([
      ['listen', 'passed', 1, 1],
      ['reply-text', 'passed', 1, 1],
      ['count-unicode', 'failed', 0, 1],
      ['second-client', 'skipped', 0, 1],
      ['long-message', 'skipped', 0, 1],
      ['split-character', 'skipped', 0, 1],
      ['concurrent-clients', 'skipped', 0, 1],
      ['invalid-utf8', 'skipped', 0, 1],
    ]);
    expect([report.score, report.maxScore, report.gradable]).toEqual([2, 8, true]);
    expect(report.stages[2]!.message).toBe('the whole check took longer than the 120 s a submission may take (build, starts and stages together), so it was stopped');
    expect(report.stages[3]!.message).toMatch(/^not run: .* during stage count-unicode$/);
    const row = gradedRow('slow', report, 'out of time');
    expect(row).toMatchObject({ status: 'graded', reason: 'out of time', score: 2, maxScore: 8 });
    expect(Object.keys(row.stages[0]!)).toEqual(['id', 'title', 'status', 'points', 'maxPoints', 'durationMs', 'message', 'details', 'diagnoses', 'hint', 'record']);
  });

  it('calls a submission that ran out of time before any stage ended not gradable, with that reason', () => {
    const report = timedOutReport({ ...TIMED_OUT, finished: [], limitMs: 60_000 });
    expect(report.gradable).toBe(false);
    expect(report.startError).toContain('took longer than the 60 s');
    expect(gradedRow('slow', report).reason).toBe(report.startError);
  });

  it('writes the report of a submission out of time in Indonesian when the run speaks Indonesian, with the run\'s expected reply', () => {
    const report = timedOutReport({ ...TIMED_OUT, language: 'id', finished: [passed(0)], limitMs: 90_000 });
    expect(report.language).toBe('id');
    expect(report.expectedReply).toBe('Count: {n}');
    expect(report.stages[1]!.message).toBe(
      'seluruh pemeriksaan memakan waktu lebih dari 90 detik yang diberikan untuk satu kiriman (build, setiap start, dan semua tahap), sehingga dihentikan',
    );
    expect(report.stages[1]!.details[1]).toMatch(/^petunjuk: /);
    expect(report.stages[2]!.message).toMatch(/^tidak dijalankan: seluruh pemeriksaan .* pada tahap reply-text$/);
    expect(report.stages[1]!.hint).toEqual(stageHint('reply-text', 'id', notesBase(null)));
  });
});

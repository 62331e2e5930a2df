/** A whole check of the assignment level on a target, as charcount-check --submission runs it (English, seed 1). */
import { runCheck } from '../../../checker/engine/run-check';
import { DEFAULT_TIMING } from '../../../checker/engine/timing';
import { DEFAULT_EXPECTED_REPLY, type CheckReport } from '../../../checker/model';
import type { Target } from '../../../checker/targets/target';

export function checkAssignment(target: Target, notice: (line: string) => void = () => {}): Promise<CheckReport> {
  return runCheck({
    target,
    language: 'en',
    expectedReply: DEFAULT_EXPECTED_REPLY,
    entry: null,
    notesUrl: null,
    level: 'assignment',
    seed: 1,
    timing: DEFAULT_TIMING,
    points: new Map(),
    only: null,
    stageTimeLimitMs: 120_000,
    events: { notice, stageDone: () => {}, wire: null },
  });
}

/** A check run on a target as charcount-check runs it (the engine's runCheck), seed 1, for tests that hold a target of their own. */
import { runCheck } from '../../checker/engine/run-check';
import { DEFAULT_TIMING } from '../../checker/engine/timing';
import { DEFAULT_EXPECTED_REPLY, type CheckReport } from '../../checker/model';
import type { Target } from '../../checker/targets/target';
import type { Language } from '../../language';

export interface StagesToCheck {
  language?: Language;
  /** Stage ids, or null for every stage of the assignment level. */
  only?: string[] | null;
  stageTimeLimitMs?: number;
  notice?: (line: string) => void;
}

export function checkStages(target: Target, { language = 'en', only = null, stageTimeLimitMs = 120_000, notice = () => {} }: StagesToCheck = {}): Promise<CheckReport> {
  return runCheck({
    target,
    language,
    expectedReply: DEFAULT_EXPECTED_REPLY,
    entry: null,
    notesUrl: null,
    level: 'assignment',
    seed: 1,
    timing: DEFAULT_TIMING,
    points: new Map(),
    only,
    stageTimeLimitMs,
    events: { notice, stageDone: () => {}, wire: null },
  });
}

/** A whole check of the assignment level in English, as charcount-check --submission runs it. */
export function checkAssignment(target: Target, notice: (line: string) => void = () => {}): Promise<CheckReport> {
  return checkStages(target, { notice });
}

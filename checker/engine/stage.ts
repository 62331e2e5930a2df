/** What a stage is, and how it says it failed. */
import type { Language } from '../../language';
import type { FailureFacts } from '../diagnosis/facts';
import { TRACE_TEXTS } from '../messages/trace-texts';
import type { CheckLevel } from '../model';
import type { ByteEvidence } from './byte-diff';
import type { StageContext } from './stage-context';

export interface Stage {
  /** Stable: instructors' rubrics name stages by id. */
  id: string;
  /** What the stage checks, in `language` (checker/messages/stage-texts.ts). */
  title: (language: Language) => string;
  /** The lowest level that includes the stage; `protocol` includes every `assignment` stage. */
  level: CheckLevel;
  /** Why the stage cannot run against this kind of target, or null when it can. */
  notApplicable?: (target: { signalable: boolean }, language?: Language) => string | null;
  run(context: StageContext): Promise<void>;
}

/**
 * A stage's check did not hold: "expected …, but got …", with the bytes that show it. The two
 * parts are already in the stage's language; describe() joins them in that language.
 */
export class StageFailure extends Error {
  constructor(
    readonly expected: string,
    readonly got: string,
    readonly evidence: ByteEvidence = {},
    /** Extra lines for the trace, e.g. the program's last output after a crash. */
    readonly notes: string[] = [],
  ) {
    super(TRACE_TEXTS.en.expectedGot({ expected, got }));
  }

  /** The failure's one line, in `language`. */
  describe(language: Language): string {
    return TRACE_TEXTS[language].expectedGot({ expected: this.expected, got: this.got });
  }

  /** The server closed or reset the connection without a byte of reply (see StageContext.exchange). */
  endedWithoutReply = false;

  /** What the failing check knew, as data, for diagnose(). */
  facts: FailureFacts = { kind: 'other' };

  /** Sets the facts, and returns the failure to throw. */
  withFacts(facts: FailureFacts): this {
    this.facts = facts;
    return this;
  }
}

/**
 * The server cannot be reached at all any more (a host target that stopped answering): the
 * stage fails, and the stages after it are reported as not run.
 */
export class TargetGone extends StageFailure {}

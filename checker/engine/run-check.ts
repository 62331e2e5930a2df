/**
 * Runs the stages of a level against a target and builds the report. A stage that fails
 * does not stop the stages after it; only a host target that stopped answering does.
 */
import type { Language } from '../../language';
import { packageVersion } from '../../command-line/version';
import { REPORT_VERSION, totalScore, type CheckLevel, type CheckReport, type EntryChoice, type StageResult } from '../model';
import type { Target } from '../targets/target';
import { stagesOf } from '../stages';
import { diagnose } from '../diagnosis/diagnose';
import { formatFindingLines } from '../export/text';
import { chooseHint, notesBase, stageHint } from '../messages/hints';
import { renderEvidence } from './byte-diff';
import { describeUnexpectedError } from '../messages/probe-texts';
import { ENGINE_TEXTS } from './engine-texts';
import { ReplyHabit } from './reply-habit';
import { SeededRandom } from './seeded-random';
import { StageFailure, TargetGone, type Stage } from './stage';
import { StageContext } from './stage-context';
import type { ProbeTiming } from './timing';

export interface CheckEvents {
  /** The checker's own lines about what it is doing. */
  notice(line: string): void;
  /** A stage has finished (or was skipped). */
  stageDone(result: StageResult): void;
  /** Every byte exchanged, with --verbose; null otherwise. */
  wire: ((line: string) => void) | null;
}

export interface CheckRun {
  target: Target;
  /** The language of every text of the report. */
  language: Language;
  /** The reply reply-text demands, {n} for the count (DEFAULT_EXPECTED_REPLY unless the instructor set one). */
  expectedReply: string;
  /** The file a submission's check runs and why, when the checker chose it; null otherwise. */
  entry: EntryChoice | null;
  /** Where hints link: --notes-url, or null for the lab notes' paths in a clone. */
  notesUrl: string | null;
  level: CheckLevel;
  seed: number;
  timing: ProbeTiming;
  /** Points per stage id; a stage it does not name is worth 1. */
  points: ReadonlyMap<string, number>;
  /** Run only these stage ids (in the level's order), or every stage of the level. */
  only: readonly string[] | null;
  /** A stage that takes longer fails: a server that dribbles cannot hold a check forever. */
  stageTimeLimitMs: number;
  events: CheckEvents;
}

const MESSAGE_CHARS = 300;
/** How many of the program's last output lines the diagnosis reads. */
const DIAGNOSIS_OUTPUT_LINES = 20;

export async function runCheck(run: CheckRun): Promise<CheckReport> {
  const stages = stagesOf(run.level).filter((stage) => run.only === null || run.only.includes(stage.id));
  const started = await run.target.ensureRunning();
  const results: StageResult[] = [];
  const replyHabit = new ReplyHabit();
  // The start error itself is said once, in the report's startError; each stage just points at it.
  const listenRuns = stages.some((stage) => stage.id === 'listen');
  const say = ENGINE_TEXTS[run.language];
  let stopReason: string | null = started.ok ? null : listenRuns ? say.neverListened() : say.notStarted();
  let startError: string | null = started.ok ? null : started.reason;
  for (const stage of stages) {
    const maxPoints = run.points.get(stage.id) ?? 1;
    const notApplicable = stage.notApplicable?.(run.target, run.language) ?? null;
    let result: StageResult;
    if (notApplicable) result = skipped(stage, run, 0, say.notApplicable({ why: notApplicable }));
    else if (!started.ok && stage.id === 'listen') result = { ...neverListened(stage, run, started.reason), maxPoints };
    else if (stopReason) result = skipped(stage, run, maxPoints, say.notRun({ reason: stopReason }));
    else {
      const outcome = await runStage(stage, run, new SeededRandom(stageSeed(run.seed, stage.id)), replyHabit);
      result = { ...outcome.result, points: outcome.result.status === 'passed' ? maxPoints : 0, maxPoints };
      if (outcome.gone) {
        // A server that never took a single connection left nothing to grade.
        const everAnswered = results.some((earlier) => earlier.status === 'passed');
        if (!everAnswered) startError = result.message;
        stopReason = everAnswered ? say.stoppedAnswering({ stage: stage.id }) : say.noServerAnswered({ target: run.target.description });
      }
    }
    results.push(result);
    run.events.stageDone(result);
  }
  return {
    version: REPORT_VERSION,
    language: run.language,
    level: run.level,
    seed: run.seed,
    ...totalScore(results),
    target: run.target.description,
    entry: run.entry,
    expectedReply: run.expectedReply,
    checkerVersion: packageVersion() ?? 'unknown',
    gradable: startError === null,
    startError,
    stages: results,
  };
}

/** Each stage draws from its own stream, so running one stage alone (--only) sends what a full run sends. */
function stageSeed(seed: number, stageId: string): number {
  let hash = seed >>> 0;
  for (const char of stageId) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}

async function runStage(stage: Stage, run: CheckRun, random: SeededRandom, replyHabit: ReplyHabit): Promise<{ result: StageResult; gone: boolean }> {
  const context = newContext(stage, run, random, replyHabit);
  const say = ENGINE_TEXTS[run.language];
  const startedAt = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeLimit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StageFailure(say.expectedWithinLimit({ ms: run.stageTimeLimitMs }), say.gotStillGoing())), run.stageTimeLimitMs);
  });
  try {
    await Promise.race([stage.run(context), timeLimit]);
    clearTimeout(timer);
    await context.closeAll();
    return { result: { ...finished(stage, run, 'passed', performance.now() - startedAt, say.passed(), []), record: context.record }, gone: false };
  } catch (error) {
    clearTimeout(timer);
    const failure = error instanceof StageFailure ? error : new StageFailure(say.expectedCheckRuns(), say.gotCheckerError({ error: describeUnexpectedError(run.language, error) }));
    await context.closeAll();
    return { result: failed(stage, run, context, failure, performance.now() - startedAt), gone: failure instanceof TargetGone };
  }
}

/** A program that never listened fails `listen`, with its exit and last output in the trace. */
function neverListened(stage: Stage, run: CheckRun, reason: string): StageResult {
  const context = newContext(stage, run, new SeededRandom(0), new ReplyHabit());
  // No connection to end: this only stops the record of the program's output.
  void context.closeAll();
  const failure = new StageFailure(context.say.expectedListen({ port: run.target.port }), reason, {}, context.outputNotes()).withFacts({ kind: 'never-listened', timedOut: run.target.exitStatus() === null });
  return failed(stage, run, context, failure, 0);
}

/**
 * A failed stage: its trace (steps, expected and got, the bytes, the program's last words),
 * then what the diagnosis found, then the hint: the cause's own when a diagnosis names one,
 * else the stage's.
 */
function failed(stage: Stage, run: CheckRun, context: StageContext, failure: StageFailure, durationMs: number): StageResult {
  const diagnoses = diagnosesOf(run, stage, context, failure);
  const hint = chooseHint(stage.id, diagnoses, run.language, notesBase(run.notesUrl));
  const details = [...failureTrace(context, failure), ...formatFindingLines(diagnoses, hint, run.language)];
  return { ...finished(stage, run, 'failed', durationMs, oneLine(failure.describe(run.language)), details), hint, diagnoses, record: context.record };
}

/** What the diagnosis finds in a failure's facts and the stage's record. */
function diagnosesOf(run: CheckRun, stage: Stage, context: StageContext, failure: StageFailure): StageResult['diagnoses'] {
  return diagnose({
    language: run.language,
    stageId: stage.id,
    facts: failure.facts,
    record: context.record,
    expectedReply: run.expectedReply,
    lastOutput: run.target.restartable ? run.target.lastOutput(DIAGNOSIS_OUTPUT_LINES) : [],
  });
}

function newContext(stage: Stage, run: CheckRun, random: SeededRandom, replyHabit: ReplyHabit): StageContext {
  return new StageContext({
    stageId: stage.id,
    language: run.language,
    expectedReply: run.expectedReply,
    target: run.target,
    timing: run.timing,
    random,
    replyHabit,
    notice: run.events.notice,
    wire: run.events.wire,
  });
}

/** CS144-style: the steps so far, then what was expected and what came, and the bytes. */
function failureTrace(context: StageContext, failure: StageFailure): string[] {
  const say = context.trace;
  return [
    ...(context.steps.length === 0 ? [say.stepsNone()] : [say.stepsSoFar(), ...context.steps.map((step, index) => `  ${index + 1}. ${step}`)]),
    failure.describe(context.language),
    ...renderEvidence(failure.evidence, context.language).map((line) => `  ${line}`),
    ...failure.notes,
  ];
}

function finished(stage: Stage, run: CheckRun, status: 'passed' | 'failed', durationMs: number, message: string, details: string[]): StageResult {
  const hint = stageHint(stage.id, run.language, notesBase(run.notesUrl));
  return { id: stage.id, title: stage.title(run.language), status, points: 0, maxPoints: 0, durationMs: Math.round(durationMs), message, details, diagnoses: [], hint, record: [] };
}

function skipped(stage: Stage, run: CheckRun, maxPoints: number, message: string): StageResult {
  const hint = stageHint(stage.id, run.language, notesBase(run.notesUrl));
  return { id: stage.id, title: stage.title(run.language), status: 'skipped', points: 0, maxPoints, durationMs: 0, message, details: [], diagnoses: [], hint, record: [] };
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MESSAGE_CHARS ? `${flat.slice(0, MESSAGE_CHARS - 1)}…` : flat;
}

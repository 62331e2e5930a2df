/**
 * charcount-check's public entry point: what the grader, the platform packagers and the notes
 * generator use. Code outside checker/ imports from here, never from the folders inside, so
 * the checker can rearrange itself without breaking them.
 */
export { runCheck, type CheckEvents, type CheckRun } from './engine/run-check';
export { DEFAULT_TIMING, type ProbeTiming } from './engine/timing';
export { freshSeed } from './engine/seeded-random';
export type { Stage } from './engine/stage';
export { ALL_STAGES, stagesOf } from './stages';
export { readRubric, type Rubric } from './cli/rubric';
export { notesBase, stageHint } from './messages/hints';
export { levelOption } from './cli/level-option';
export { EXPORT_FORMATS, renderReport, type ExportFormat } from './export';
export { renderJson } from './export/json';
export { renderText } from './export/text';
export { visibleText } from './export/visible-text';
export {
  CHECK_LEVELS,
  DEFAULT_EXPECTED_REPLY,
  REPORT_VERSION,
  totalScore,
  type CheckLevel,
  type CheckReport,
  type Diagnosis,
  type EntryChoice,
  type RecordEvent,
  type StageResult,
  type StageStatus,
} from './model';
export { CHECK_LABEL, DEFAULT_LIMITS, type SubmissionLimits } from './targets/container-specs';
export { CONTAINER_TEXTS } from './targets/container-texts';
export { SUBMISSION_LABEL } from './targets/image-build';
export { entryChoice, readSubmission, type SubmissionSource } from './targets/submission-source';
export { createSubmissionTarget, type SubmissionTargetOptions } from './targets/submission-target';
export type { Target } from './targets/target';

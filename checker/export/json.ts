/**
 * The machine-readable report (schema: checker/schemas/report.schema.json, version 2). The
 * model's own values, unescaped: JSON carries any string, and a program reading it wants the
 * real text. Fields are listed one by one so the file's shape is exactly the documented one.
 */
import type { CheckReport, RecordEvent, StageResult } from '../model';

function stageJson(stage: StageResult): object {
  return {
    id: stage.id,
    title: stage.title,
    status: stage.status,
    points: stage.points,
    maxPoints: stage.maxPoints,
    durationMs: stage.durationMs,
    message: stage.message,
    details: stage.details,
    diagnoses: stage.diagnoses.map((diagnosis) => ({ code: diagnosis.code, text: diagnosis.text })),
    hint: { text: stage.hint.text, link: stage.hint.link },
    record: stage.record.map(eventJson),
  };
}

/** Each event with its fields in a fixed order: `at` and `kind` first. */
function eventJson(event: RecordEvent): object {
  const { at, kind, ...rest } = event;
  return { at, kind, ...rest };
}

export function renderJson(report: CheckReport): string {
  const json = {
    version: report.version,
    language: report.language,
    level: report.level,
    seed: report.seed,
    score: report.score,
    maxScore: report.maxScore,
    target: report.target,
    entry: report.entry === null ? null : { file: report.entry.file, reason: report.entry.reason },
    expectedReply: report.expectedReply,
    checkerVersion: report.checkerVersion,
    gradable: report.gradable,
    startError: report.startError,
    stages: report.stages.map(stageJson),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/**
 * The machine-readable report (schema: checker/schemas/report.schema.json). The model's own
 * values, unescaped: JSON carries any string, and a program reading it wants the real text.
 * Fields are listed one by one so the file's shape is exactly the documented one.
 */
import type { CheckReport, StageResult } from '../model';

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
    hint: { text: stage.hint.text, link: stage.hint.link },
  };
}

export function renderJson(report: CheckReport): string {
  const json = {
    version: report.version,
    level: report.level,
    seed: report.seed,
    score: report.score,
    maxScore: report.maxScore,
    target: report.target,
    gradable: report.gradable,
    startError: report.startError,
    stages: report.stages.map(stageJson),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

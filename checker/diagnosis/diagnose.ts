/**
 * From what a failing stage saw to what the student should hear first: the cause, before the
 * stage's generic hint. Pure: facts and the record in, diagnoses out.
 */
import type { Diagnosis } from '../model';
import type { DiagnosisInput } from './facts';

// Filled in by the feedback work (issue 20): until then no stage has a diagnosis.
export function diagnose(_input: DiagnosisInput): Diagnosis[] {
  return [];
}

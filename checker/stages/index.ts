/** Every stage, in the order they run; `protocol` runs the assignment's stages first. */
import type { CheckLevel } from '../model';
import type { Stage } from '../engine/stage';
import { ASSIGNMENT_STAGES } from './assignment-stages';
import { PROTOCOL_STAGES } from './protocol-stages';

export const ALL_STAGES: readonly Stage[] = [...ASSIGNMENT_STAGES, ...PROTOCOL_STAGES];

export function stagesOf(level: CheckLevel): readonly Stage[] {
  return level === 'assignment' ? ASSIGNMENT_STAGES : ALL_STAGES;
}

/**
 * What a grade job carries beyond the containers' GradeJob: the language the check speaks,
 * the reply it demands, and the file it runs. The run builds its jobs as GradeJob & CheckWording;
 * grade-submission.ts passes them to runCheck (language, expectedReply, entry).
 */
import type { EntryChoice } from '../checker';
import type { Language } from '../language';

export interface CheckWording {
  language: Language;
  expectedReply: string;
  entry: EntryChoice | null;
}

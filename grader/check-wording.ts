/**
 * What a grade job carries for the check itself: the language it speaks,
 * the reply it demands, and the file it runs (GradeJob extends it;
 * grade-submission.ts passes them to runCheck).
 */
import type { EntryChoice } from '../checker';
import type { Language } from '../language';

export interface CheckWording {
  language: Language;
  expectedReply: string;
  entry: EntryChoice | null;
}

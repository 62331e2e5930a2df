/**
 * What a grade job carries for the check itself: the language it speaks,
 * the reply it demands, the file it runs and where its links point (GradeJob extends it;
 * grade-submission.ts passes them to runCheck).
 */
import type { EntryChoice } from '../checker';
import type { Language } from '../language';

export interface CheckWording {
  language: Language;
  expectedReply: string;
  entry: EntryChoice | null;
  /** Where the hints' links point (--notes-url): the feedback pages are opened from an LMS, where a repository path opens nothing. */
  notesUrl: string | null;
}

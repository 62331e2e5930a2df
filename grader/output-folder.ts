/**
 * The --out folder: grades.json, grades.csv, report.html, feedback/NAME.md for each student,
 * reports/NAME.json (the checker's json report of each graded submission) and the re-run
 * state. Every file is written whole or not at all (a temporary name, then a rename), so a run
 * stopped halfway leaves the last good version of each.
 */
import { REPORT_VERSION, renderJson, renderReport, type CheckReport } from '../checker';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../command-line/usage-error';
import { CLASS_TEXTS } from './class-texts';
import { renderFeedback } from './feedback';
import { FEEDBACK_DIR, feedbackFileName, feedbackPageName, type Grades } from './grades';
import { GRADES_CSV, renderGradesCsv } from './grades-csv';
import type { SubmissionOutcome } from './outcome';
import { writeReportHtml } from './report-html';
import type { Language } from '../language';
import { saveState, type RunState } from './rerun-state';

export const GRADES_JSON = 'grades.json';
const REPORTS_DIR = 'reports';
/** The filled-in copy of --moodle-worksheet. */
export const MOODLE_WORKSHEET = 'moodle-worksheet.csv';

function reportFileName(name: string): string {
  return feedbackFileName(name).replace(/\.md$/, '.json');
}

export class OutputFolder {
  /** State saves one after another: two lanes finishing at once must not interleave a file. */
  private saving: Promise<void> = Promise.resolve();

  constructor(readonly dir: string) {}

  async prepare(language: Language): Promise<void> {
    try {
      await mkdir(join(this.dir, FEEDBACK_DIR), { recursive: true });
      await mkdir(join(this.dir, REPORTS_DIR), { recursive: true });
      await writeWhole(join(this.dir, '.write-test'), '');
      await rm(join(this.dir, '.write-test'));
    } catch (error) {
      throw new UsageError(CLASS_TEXTS[language].outUnwritable({ dir: this.dir, error: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
    }
  }

  /** The student's feedback, and the checker's report when something ran. */
  async writeSubmission(outcome: SubmissionOutcome): Promise<void> {
    const { name } = outcome.grade;
    const report = join(this.dir, REPORTS_DIR, reportFileName(name));
    const page = join(this.dir, FEEDBACK_DIR, feedbackPageName(name));
    if (outcome.report === null) {
      await rm(report, { force: true });
      await rm(page, { force: true });
    } else {
      await writeWhole(report, renderJson(outcome.report));
      // The checker's own page of the report (--format html): the traces and diagrams, offline.
      await writeWhole(page, renderReport('html', outcome.report));
    }
    await writeWhole(join(this.dir, FEEDBACK_DIR, feedbackFileName(name)), renderFeedback(outcome));
  }

  /** The last run's report of this submission, if it and the feedback file are both still there. */
  async reusableReport(name: string): Promise<CheckReport | null> {
    try {
      await readFile(join(this.dir, FEEDBACK_DIR, feedbackFileName(name)));
      const parsed = JSON.parse(await readFile(join(this.dir, REPORTS_DIR, reportFileName(name)), 'utf8')) as CheckReport;
      return parsed.version === REPORT_VERSION && Array.isArray(parsed.stages) && typeof parsed.score === 'number' ? parsed : null;
    } catch {
      return null;
    }
  }

  saveState(state: RunState): Promise<void> {
    const copy = structuredClone(state);
    this.saving = this.saving.catch(() => undefined).then(() => saveState(this.dir, copy));
    return this.saving;
  }

  /** grades.json, grades.csv and report.html; the report speaks the run's language. */
  async writeGrades(grades: Grades, language: Language = 'en'): Promise<void> {
    await writeWhole(join(this.dir, GRADES_JSON), `${JSON.stringify(grades, null, 2)}\n`);
    await writeWhole(join(this.dir, GRADES_CSV), renderGradesCsv(grades));
    await writeReportHtml(this.dir, grades, language);
  }

  /** A file of the output folder, written whole. */
  async writeText(name: string, text: string): Promise<void> {
    await writeWhole(join(this.dir, name), text);
  }

  /** Files of students who were in the last run and are not in this one. */
  async forget(names: readonly string[]): Promise<void> {
    for (const name of names) {
      await rm(join(this.dir, FEEDBACK_DIR, feedbackFileName(name)), { force: true });
      await rm(join(this.dir, REPORTS_DIR, reportFileName(name)), { force: true });
      await rm(join(this.dir, FEEDBACK_DIR, feedbackPageName(name)), { force: true });
    }
  }
}

async function writeWhole(file: string, text: string): Promise<void> {
  await writeFile(`${file}.partial`, text, 'utf8');
  await rename(`${file}.partial`, file);
}

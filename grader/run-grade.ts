/**
 * One grading run: find the submissions, take the unchanged ones from the last run, grade the
 * rest in parallel, write every output, and leave nothing behind in Docker, whether the run
 * ends, fails or is interrupted.
 */
import { DEFAULT_EXPECTED_REPLY, entryChoice, freshSeed, readRubric, readSubmission, type SubmissionSource } from '../checker';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Docker from 'dockerode';
import { DEFAULT_PORT } from '../protocol';
import { packageVersion } from '../command-line/version';
import type { Language } from '../language';
import { readFile } from 'node:fs/promises';
import { archiveProblemOf } from './class-texts';
import { fillWorksheet, readWorksheet, worksheetParticipants, type Worksheet } from './moodle-worksheet';
import { GRADE_TEXTS } from './grade-texts';
import { StartError, UsageError } from '../command-line/usage-error';
import { openClass } from './class-source';
import { inStudentTerms, type FoundSubmission } from './discover';
import { displayName } from '../intake/student-names';
import { loadEntries } from './entries-file';
import { errorRow, gradedRow, missingRow } from './grade-report';
import { Interrupted, type GradeJob } from './grade-submission';
import { GRADES_VERSION, type Grades, type SubmissionGrade } from './grades';
import { runPool } from './job-pool';
import type { GradeOptions } from './options';
import { plainOutcome, type SubmissionOutcome } from './outcome';
import { GRADES_JSON, MOODLE_WORKSHEET, OutputFolder } from './output-folder';
import { createProgress, type Progress } from './progress';
import { loadState, mayReuse, settingsKey, type RunState } from './rerun-state';
import { GRADE_LABEL, removeLabelled, runLabels } from './run-leftovers';
import { gradeInWorker } from './worker-grade';
import { RUN_TEXTS } from './run-texts';

export interface RunIo {
  stdout: NodeJS.WriteStream;
  /** Aborts on Ctrl-C. */
  signal: AbortSignal;
}

/** Exit codes: 0 all graded, 1 some could not be (status error), 130 interrupted; usage and Docker problems throw. */
export async function runGrade(options: GradeOptions, io: RunIo): Promise<number> {
  const say = RUN_TEXTS[options.language];
  const rubric = options.rubric === null ? null : readRubric(options.rubric, options.language);
  const points = rubric?.points ?? new Map<string, number>();
  // The command line beats the rubric, which beats the assignment's sentence (as charcount-check has it).
  const expectedReply = options.expectedReply ?? rubric?.expectedReply ?? DEFAULT_EXPECTED_REPLY;
  const worksheet = options.moodleWorksheet === null ? null : await loadWorksheet(options.moodleWorksheet, options.language);
  const source = await openClass(options.submissions, { glob: options.entryGlob, perStudent: await loadEntries(options.entriesFile, options.language) }, options.language);
  const out = new OutputFolder(options.out);
  const runId = randomUUID().slice(0, 8);
  const startedAt = new Date();
  let docker: Docker | null = null;
  let progress: Progress | null = null;
  try {
    await out.prepare(options.language);
    const { submissions, warnings } = source.listing;
    if (submissions.length === 0) {
      throw new UsageError(say.noSubmissions({ from: options.submissions }));
    }
    const state = await loadState(options.out);
    const seed = options.seed ?? state?.seed ?? freshSeed();
    const key = settingsKey({ level: options.level, points, limits: options.limits, port: DEFAULT_PORT, expectedReply, language: options.language });
    io.stdout.write(
      `${say.started({ count: submissions.length, from: options.submissions, kind: source.kind, level: options.level, seed, jobs: options.jobs, label: `${GRADE_LABEL}=${runId}` })}\n`,
    );
    if (state !== null && !options.force && (state.settingsKey !== key || state.seed !== seed)) {
      io.stdout.write(`${say.settingsChanged({ out: options.out })}\n`);
    }
    progress = createProgress(io.stdout, submissions.length, options.language);
    for (const warning of warnings) progress.line(say.warning({ text: warning }));

    /** Each submission's grade once it is done; its feedback and output are on disk by then, not kept here. */
    const outcomes = new Map<string, { grade: SubmissionGrade; reused: boolean }>();
    const nextState: RunState = { version: 1, settingsKey: key, seed, hashes: {} };
    const entries = new Map<string, SubmissionSource['entry']>();
    const found = new Map(submissions.map((submission) => [submission.name, submission]));
    const record = async (raw: SubmissionOutcome, hash: string | null): Promise<void> => {
      const entry = entries.get(raw.grade.name);
      const grade: SubmissionGrade = {
        ...raw.grade,
        student: found.get(raw.grade.name)?.student ?? null,
        entry: entry === undefined || raw.grade.status !== 'graded' ? raw.grade.entry : { file: entry.file, reason: entryChoice({ entry } as SubmissionSource, options.language).reason },
        durationMs: raw.reused || raw.grade.status !== 'graded' ? null : Math.round(raw.durationMs),
      };
      const outcome: SubmissionOutcome = { ...raw, grade, displayName: displayName(grade.student, grade.name), language: options.language, notesUrl: options.notesUrl };
      outcomes.set(outcome.grade.name, { grade: outcome.grade, reused: outcome.reused });
      if (!outcome.reused) await out.writeSubmission(outcome);
      // Only a grade is worth keeping: an error costs nothing to find again, and may be Docker's.
      if (hash !== null && outcome.grade.status === 'graded') {
        nextState.hashes[outcome.grade.name] = hash;
        await out.saveState(nextState);
      }
      progress?.finished(outcome);
    };

    const queue: { found: FoundSubmission & { dir: string }; hash: string }[] = [];
    for (const found of submissions) {
      if (found.missing) {
        await record(plainOutcome(missingRow(found.name, GRADE_TEXTS[options.language].nothingHandedIn(), options.level, points), null, found.notes, false), null);
        continue;
      }
      const prepared = await prepare(found, options.language);
      if ('error' in prepared) {
        await record(plainOutcome(errorRow(found.name, prepared.error, options.level, points), null, found.notes, false), null);
        continue;
      }
      entries.set(found.name, prepared.entry);
      const reused = mayReuse(state, key, seed, found.name, prepared.hash, options.force) ? await out.reusableReport(found.name) : null;
      if (reused) await record(plainOutcome(gradedRow(found.name, reused), reused, found.notes, true), prepared.hash);
      else queue.push({ found: { ...found, dir: prepared.dir, notes: prepared.notes }, hash: prepared.hash });
    }

    if (queue.length > 0) {
      docker = new Docker();
      let checks = 0;
      const job = (name: string): GradeJob => ({
        language: options.language,
        expectedReply,
        entry: entries.has(name) ? entryChoice({ entry: entries.get(name)! } as SubmissionSource, options.language) : null,
        notesUrl: options.notesUrl,
        level: options.level,
        seed,
        points: [...points],
        limits: options.limits,
        port: DEFAULT_PORT,
        checkId: `${runId}-${++checks}`,
        labels: runLabels(runId),
      });
      const client = docker;
      try {
        await runPool(
          queue,
          options.jobs,
          async ({ found, hash }) => {
            progress?.started(found.name);
            try {
              let outcome = await gradeInWorker(found, job(found.name), client, io.signal);
              // The kit or Docker failed (a check's own failures are grades): once more, and never a 0.
              if (outcome.grade.status === 'error' && !io.signal.aborted) {
                progress?.line(say.retrying({ name: found.name, reason: outcome.grade.reason ?? '' }));
                outcome = await gradeInWorker(found, job(found.name), client, io.signal);
              }
              await record(outcome, hash);
            } catch (error) {
              if (!(error instanceof Interrupted)) throw error;
            }
          },
          io.signal,
        );
      } finally {
        // Each submission's check removes its own image; what a stuck or interrupted one could not goes here.
        await removeLabelled(client, `${GRADE_LABEL}=${runId}`);
      }
    }
    progress.stop();

    if (io.signal.aborted) {
      if (docker !== null) await removeLabelled(docker, `${GRADE_LABEL}=${runId}`);
      await source.dispose();
      io.stdout.write(`${say.interrupted({ done: outcomes.size, total: submissions.length, out: options.out })}\n`);
      return 130;
    }
    await out.saveState(nextState);
    const grades: Grades = {
      version: GRADES_VERSION,
      level: options.level,
      seed,
      settings: {
        jobs: options.jobs,
        level: options.level,
        rubric: points.size === 0 ? null : JSON.stringify(Object.fromEntries(points)),
        limits: options.limits,
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        checkerVersion: packageVersion(),
      },
      submissions: submissions.map((found) => outcomes.get(found.name)!.grade),
    };
    // The worksheet's comments tell "nothing in the download" apart from "an empty folder": filled before those rows join.
    const filled = worksheet === null ? null : fillWorksheet(worksheet, grades, options.language);
    const absent = worksheet === null ? [] : absentParticipants(worksheet, grades, options, points);
    for (const grade of absent) {
      grades.submissions.push(grade);
      await out.writeSubmission({ ...plainOutcome(grade, null, [], false), displayName: displayName(grade.student, grade.name), language: options.language, notesUrl: options.notesUrl });
    }
    await out.writeGrades(grades, options.language);
    if (worksheet !== null && filled !== null) {
      await out.writeText(MOODLE_WORKSHEET, filled.text);
      io.stdout.write(`${say.worksheetWritten({ file: join(options.out, MOODLE_WORKSHEET), filled: filled.filled, ungraded: filled.ungraded })}\n`);
    }
    await out.forget(Object.keys(state?.hashes ?? {}).filter((name) => !outcomes.has(name)));
    const errors = grades.submissions.filter((grade) => grade.status !== 'graded').length;
    const reused = [...outcomes.values()].filter((outcome) => outcome.reused).length;
    const total = grades.submissions.length;
    const seconds = ((Date.now() - startedAt.getTime()) / 1000).toFixed(1);
    io.stdout.write(`${say.finished({ graded: total - errors, total, errors, absent: absent.length, reused, seconds, grades: join(options.out, GRADES_JSON) })}\n`);
    return errors > 0 ? 1 : 0;
  } finally {
    progress?.stop();
    if (docker !== null) await removeLabelled(docker, `${GRADE_LABEL}=${runId}`);
    await source.dispose();
  }
}

/** A `missing` row for each participant of the worksheet whom no submission of the download belongs to. */
function absentParticipants(worksheet: Worksheet, grades: Grades, options: GradeOptions, points: ReadonlyMap<string, number>): SubmissionGrade[] {
  const present = new Set<string | null>(grades.submissions.map((grade) => grade.student?.id ?? null));
  const names = new Set(grades.submissions.map((grade) => grade.name));
  return worksheetParticipants(worksheet)
    .filter((student) => student.id !== null && !present.has(student.id))
    .map((student) => {
      // Named as the person reads it; a second participant of the same name and id cannot exist.
      let name = displayName(student, student.name);
      while (names.has(name)) name = `${name}_`;
      names.add(name);
      return { ...missingRow(name, GRADE_TEXTS[options.language].notInDownload(), options.level, points), student };
    });
}

/** The worksheet given with --moodle-worksheet, read before anything is graded. */
async function loadWorksheet(file: string, language: Language): Promise<Worksheet> {
  const say = RUN_TEXTS[language];
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(say.worksheetUnreadable({ file, why: error.code ?? error.message }));
  });
  const worksheet = readWorksheet(text);
  if (typeof worksheet === 'string') throw new UsageError(say.worksheetProblem({ file, problem: worksheet }));
  return worksheet;
}

/**
 * A submission's image tag, content hash and entry, or why it cannot be graded. An archive
 * that could not be unpacked is the error only when no server is found without it.
 */
async function prepare(
  found: FoundSubmission,
  language: Language,
): Promise<{ dir: string; tag: string; hash: string; entry: SubmissionSource['entry']; notes: string[] } | { error: string }> {
  if (found.problem !== null || found.dir === null) return { error: found.problem ?? `${found.name} holds no server` };
  const archiveProblems = found.notes.flatMap((note) => archiveProblemOf(note) ?? []);
  try {
    // The checker's own reading of the folder: its build context's hash is the content hash.
    const { tag, entry } = await readSubmission(found.dir, language);
    return { dir: found.dir, tag, hash: tag.slice(tag.indexOf(':') + 1), entry, notes: found.notes };
  } catch (error) {
    if (!(error instanceof StartError)) throw error;
    const why = inStudentTerms(found, error.message).replace(`${found.shownAs}: `, '');
    return { error: archiveProblems.length > 0 ? `${archiveProblems.join('; ')}; ${why}` : why };
  }
}

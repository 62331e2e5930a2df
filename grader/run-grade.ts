/**
 * One grading run: find the submissions, take the unchanged ones from the last run, grade the
 * rest in parallel, write every output, and leave nothing behind in Docker, whether the run
 * ends, fails or is interrupted.
 */
import { freshSeed, loadRubric, readSubmission } from '../checker';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Docker from 'dockerode';
import { DEFAULT_PORT } from '../protocol';
import { packageVersion } from '../command-line/version';
import { StartError, UsageError } from '../command-line/usage-error';
import { openClass } from './class-source';
import { inStudentTerms, type FoundSubmission } from './discover';
import { errorRow, gradedRow } from './grade-report';
import { Interrupted, type GradeJob } from './grade-submission';
import type { Grades, SubmissionGrade } from './grades';
import { runPool } from './job-pool';
import type { GradeOptions } from './options';
import { plainOutcome, type SubmissionOutcome } from './outcome';
import { GRADES_JSON, OutputFolder } from './output-folder';
import { createProgress, type Progress } from './progress';
import { loadState, mayReuse, settingsKey, type RunState } from './rerun-state';
import { GRADE_LABEL, removeLabelled, runLabels } from './run-leftovers';
import { gradeInWorker } from './worker-grade';

export interface RunIo {
  stdout: NodeJS.WriteStream;
  /** Aborts on Ctrl-C. */
  signal: AbortSignal;
}

/** Exit codes: 0 all graded, 1 some could not be (status error), 130 interrupted; usage and Docker problems throw. */
export async function runGrade(options: GradeOptions, io: RunIo): Promise<number> {
  const points = options.rubric === null ? new Map<string, number>() : loadRubric(options.rubric);
  const source = await openClass(options.submissions);
  const out = new OutputFolder(options.out);
  const runId = randomUUID().slice(0, 8);
  const startedAt = new Date();
  let docker: Docker | null = null;
  let progress: Progress | null = null;
  try {
    await out.prepare();
    const { submissions, warnings } = source.listing;
    if (submissions.length === 0) {
      throw new UsageError(`${options.submissions} holds no student folders; give the folder (or .zip) with one folder per student`);
    }
    const state = await loadState(options.out);
    const seed = options.seed ?? state?.seed ?? freshSeed();
    const key = settingsKey({ level: options.level, points, limits: options.limits, port: DEFAULT_PORT });
    io.stdout.write(
      `charcount-grade: ${submissions.length} submissions from ${options.submissions} (${source.kind}); level ${options.level}, seed ${seed}, ${options.jobs} at once; ` +
        `containers labelled ${GRADE_LABEL}=${runId}\n`,
    );
    if (state !== null && !options.force && (state.settingsKey !== key || state.seed !== seed)) {
      io.stdout.write(`the level, rubric, limits or seed differ from the last run in ${options.out}: every submission is graded again\n`);
    }
    progress = createProgress(io.stdout, submissions.length);
    for (const warning of warnings) progress.line(`warning: ${warning}`);

    /** Each submission's grade once it is done; its feedback and output are on disk by then, not kept here. */
    const outcomes = new Map<string, { grade: SubmissionGrade; reused: boolean }>();
    const nextState: RunState = { version: 1, settingsKey: key, seed, hashes: {} };
    const record = async (outcome: SubmissionOutcome, hash: string | null): Promise<void> => {
      outcomes.set(outcome.grade.name, { grade: outcome.grade, reused: outcome.reused });
      if (!outcome.reused) await out.writeSubmission(outcome);
      // Only a grade is worth keeping: an error costs nothing to find again, and may be Docker's.
      if (hash !== null && outcome.grade.status === 'graded') {
        nextState.hashes[outcome.grade.name] = hash;
        await out.saveState(nextState);
      }
      progress?.finished(outcome);
    };

    const queue: { found: FoundSubmission & { dir: string }; tag: string; hash: string }[] = [];
    for (const found of submissions) {
      const prepared = await prepare(found);
      if ('error' in prepared) {
        await record(plainOutcome(errorRow(found.name, prepared.error, options.level, points), null, found.notes, false), null);
        continue;
      }
      const reused = mayReuse(state, key, seed, found.name, prepared.hash, options.force) ? await out.reusableReport(found.name) : null;
      if (reused) await record(plainOutcome(gradedRow(found.name, reused), reused, found.notes, true), prepared.hash);
      else queue.push({ found: { ...found, dir: prepared.dir }, tag: prepared.tag, hash: prepared.hash });
    }

    if (queue.length > 0) {
      docker = new Docker();
      let checks = 0;
      const job = (): GradeJob => ({
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
              await record(await gradeInWorker(found, job(), client, io.signal), hash);
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
      io.stdout.write(
        `interrupted: every container of the run is removed, and the images it built; ${outcomes.size} of ${submissions.length} submissions are done and kept in ${options.out} ` +
          '(run the same command again to grade the rest)\n',
      );
      return 130;
    }
    await out.saveState(nextState);
    const grades: Grades = {
      version: 1,
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
    await out.writeGrades(grades);
    await out.forget(Object.keys(state?.hashes ?? {}).filter((name) => !outcomes.has(name)));
    const errors = grades.submissions.filter((grade) => grade.status === 'error').length;
    const reused = [...outcomes.values()].filter((outcome) => outcome.reused).length;
    io.stdout.write(
      `graded ${submissions.length - errors} of ${submissions.length} submissions (${errors} could not be graded, ${reused} unchanged since the last run) ` +
        `in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s; wrote ${join(options.out, GRADES_JSON)}, grades.csv, report.html and feedback/\n`,
    );
    return errors > 0 ? 1 : 0;
  } finally {
    progress?.stop();
    if (docker !== null) await removeLabelled(docker, `${GRADE_LABEL}=${runId}`);
    await source.dispose();
  }
}

/** A submission's image tag and content hash, or why it cannot be graded. */
async function prepare(found: FoundSubmission): Promise<{ dir: string; tag: string; hash: string } | { error: string }> {
  if (found.problem !== null || found.dir === null) return { error: found.problem ?? `${found.name} holds no server` };
  try {
    // The checker's own reading of the folder: its build context's hash is the content hash.
    const { tag } = await readSubmission(found.dir);
    return { dir: found.dir, tag, hash: tag.slice(tag.indexOf(':') + 1) };
  } catch (error) {
    if (error instanceof StartError) return { error: inStudentTerms(found, error.message) };
    throw error;
  }
}

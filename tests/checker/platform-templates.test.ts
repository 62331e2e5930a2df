/**
 * The CI templates' own commands, run as their platforms run them, against real servers: the
 * GitHub Classroom workflow's check step (its `run` script in bash -eo pipefail, with the
 * workflow's env and a GITHUB_OUTPUT file) and the GitLab job's check line (in sh, with the
 * job's variables). A student's repository is a temporary folder with the server's files and
 * the folder the templates expect from the assignment's starting repository: .charcount-lab,
 * with the checker bundled into one file (packaging/bundle-checker.ts, built once here),
 * intake's bundle beside it (packaging/bundle-intake.ts) and platforms/start-server.sh. Only CHARCOUNT_PORT changes, to a quiet port: other engineers'
 * servers use 12345.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundleChecker } from '../../packaging/bundle-checker';
import { bundleIntake } from '../../packaging/bundle-intake';
import { classroomWorkflow, gitlabJob } from '../support/platform-templates';
import { ROOT, SERVERS_DIR } from './support/checker-run';
import { quietPort } from './support/ports';

const STAGE_COUNT = 8;
const RUN_LIMIT_MS = 90_000;
const validateClassroom = new Ajv2020({ allErrors: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync(join(ROOT, 'checker', 'schemas', 'classroom.schema.json'), 'utf8')));

let handout = '';
beforeAll(async () => {
  handout = mkdtempSync(join(tmpdir(), 'charcount-handout-'));
  await bundleChecker(join(handout, 'charcount-check.cjs'));
  await bundleIntake(join(handout, 'charcount-intake.cjs'));
  copyFileSync(join(ROOT, 'platforms', 'start-server.sh'), join(handout, 'start-server.sh'));
}, 120_000);
afterAll(() => rmSync(handout, { recursive: true, force: true }));

const repositories: string[] = [];
afterEach(() => {
  for (const dir of repositories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A student's repository: these fixture files under these names, and the .charcount-lab folder of the starting repository. */
function studentRepository(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'charcount-student-'));
  repositories.push(dir);
  for (const [name, file] of Object.entries(files)) copyFileSync(join(SERVERS_DIR, file), join(dir, name));
  mkdirSync(join(dir, '.charcount-lab'));
  for (const file of ['charcount-check.cjs', 'charcount-intake.cjs', '7zz.wasm', 'start-server.sh']) copyFileSync(join(handout, file), join(dir, '.charcount-lab', file));
  return dir;
}

const CORRECT = { 'server.py': join('localhost-submission', 'server.py') };
const COUNTS_BYTES = { 'server.py': 'counts-bytes.py', 'threaded_server.py': 'threaded_server.py' };
/** Replies "Jumlah karakter: N": right for a class that sets that sentence, wrong for the assignment's. */
const OWN_SENTENCE = { 'server.py': 'own-sentence.py', 'threaded_server.py': 'threaded_server.py' };
const OWN_SETTINGS = { CHARCOUNT_LANG: 'id', CHARCOUNT_EXPECTED_REPLY: 'Jumlah karakter: {n}' };

/**
 * Runs a script in its own process group, as a CI runner does; past the limit the whole group
 * gets SIGTERM, so the checker stops the server it started.
 */
function runScript(shell: string[], script: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(shell[0]!, [...shell.slice(1), script], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGTERM'), RUN_LIMIT_MS);
  return new Promise((resolve) => child.on('close', (code) => (clearTimeout(timer), resolve({ code, output }))));
}

interface ClassroomResult {
  status: string;
  max_score: number;
  tests: { name: string; status: string; score: number; message: string }[];
}

/** The workflow's check step; what it left in GITHUB_OUTPUT, decoded as the reporter decodes it. */
async function classroomCheck(files: Record<string, string>, variables: Record<string, string> = {}): Promise<{ code: number | null; outputs: string[]; result: ClassroomResult; log: string }> {
  const repository = studentRepository(files);
  const githubOutput = join(repository, '.github-output');
  writeFileSync(githubOutput, '');
  const { env, checkStep } = classroomWorkflow();
  const run = await runScript(['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c'], checkStep.run, repository, {
    ...env,
    ...variables,
    CHARCOUNT_PORT: String(await quietPort()),
    GITHUB_OUTPUT: githubOutput,
  });
  const outputs = readFileSync(githubOutput, 'utf8').split('\n').filter(Boolean);
  const encoded = outputs.find((line) => line.startsWith('result='))?.slice('result='.length) ?? '';
  const result = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8') || 'null') as ClassroomResult;
  expect(validateClassroom(result) ? '' : JSON.stringify(validateClassroom.errors), run.output).toBe('');
  return { code: run.code, outputs, result, log: run.output };
}

const failing = (result: ClassroomResult): string[] => result.tests.filter((test) => test.status !== 'pass').map((test) => test.name.split(':')[0]!);

describe('GitHub Classroom workflow, its check step', () => {
  it('a correct server: one result= line, status pass, points 8 of 8 as the reporter adds them', async () => {
    const { code, outputs, result, log } = await classroomCheck(CORRECT);
    expect(code, log).toBe(0);
    expect(outputs).toHaveLength(1);
    expect(result.status).toBe('pass');
    expect(result.tests).toHaveLength(STAGE_COUNT);
    expect(result.tests.reduce((sum, test) => sum + test.score, 0)).toBe(STAGE_COUNT);
    expect(result.max_score).toBe(STAGE_COUNT);
    expect(log).toContain('PASS listen');
  });

  it('a server that counts bytes: the step itself succeeds (the reporter fails the job), three stages fail, 5 of 8', async () => {
    const { code, result, log } = await classroomCheck(COUNTS_BYTES);
    expect(code, log).toBe(0);
    expect(result.status).toBe('fail');
    expect(failing(result)).toEqual(['count-unicode', 'long-message', 'split-character']);
    expect(result.tests.reduce((sum, test) => sum + test.score, 0)).toBe(5);
  });

  it('CHARCOUNT_LANG and CHARCOUNT_EXPECTED_REPLY reach the checker: the class\'s sentence passes, in Indonesian; empty, the defaults apply', async () => {
    const own = await classroomCheck(OWN_SENTENCE, OWN_SETTINGS);
    expect(own.result.status, own.log).toBe('pass');
    expect(own.log).toMatch(/skor 8\/8, 8 lulus, 0 gagal/);
    const defaults = await classroomCheck(OWN_SENTENCE);
    expect(defaults.result.status, defaults.log).toBe('fail');
    expect(failing(defaults.result)).toContain('reply-text');
    expect(defaults.log).toContain('PASS listen');
    expect(defaults.log).not.toMatch(/ lulus, /);
  });

  it('a repository without server.py: status error, and the reporter logs what to add', async () => {
    const { result } = await classroomCheck({ 'README.md': 'README.md' });
    expect(result.status).toBe('error');
    expect(result.tests[0]!.message).toContain('no file of the submission starts a TCP server: put the server in server.py');
  });
});

/** The job's check line in sh, with the job's variables; the JUnit file it wrote, if any. */
async function gitlabCheck(files: Record<string, string>, variables: Record<string, string> = {}): Promise<{ code: number | null; junit: string; path: string; log: string }> {
  const repository = studentRepository(files);
  const job = gitlabJob();
  const line = job.script.find((entry) => entry.includes('--format junit'))!;
  const run = await runScript(['sh', '-c'], line, repository, { ...job.variables, ...variables, CHARCOUNT_PORT: String(await quietPort()) });
  const path = join(repository, job.artifacts.reports.junit);
  return { code: run.code, junit: existsSync(path) ? readFileSync(path, 'utf8') : '', path, log: run.output };
}

function expectValidJunit(path: string): void {
  const lint = spawnSync('xmllint', ['--noout', '--schema', join(ROOT, 'checker', 'schemas', 'junit.xsd'), path], { encoding: 'utf8', timeout: 30_000 });
  if (lint.error) throw new Error('xmllint not found: install libxml2-utils (apt-get install libxml2-utils) to check the JUnit report');
  expect(lint.status, lint.stderr).toBe(0);
}

describe('GitLab CI job, its check line', () => {
  it('a correct server: exit 0, and the JUnit report it publishes validates, 8 tests, no failure', async () => {
    const { code, junit, path, log } = await gitlabCheck(CORRECT);
    expect(code, log).toBe(0);
    expectValidJunit(path);
    expect(junit).toMatch(new RegExp(`<testsuites name="charcount-check" tests="${STAGE_COUNT}" failures="0" errors="0"`, 'u'));
  });

  it('a server that counts bytes: exit 1 (the job turns red), and the report names the three failures', async () => {
    const { code, junit, path, log } = await gitlabCheck(COUNTS_BYTES);
    expect(code, log).toBe(1);
    expectValidJunit(path);
    expect(junit).toMatch(new RegExp(`<testsuites name="charcount-check" tests="${STAGE_COUNT}" failures="3" errors="0"`, 'u'));
    expect(junit.match(/<failure /gu)).toHaveLength(3);
  });

  it('CHARCOUNT_LANG and CHARCOUNT_EXPECTED_REPLY reach the checker: the class\'s sentence passes, in Indonesian; empty, reply-text fails', async () => {
    const own = await gitlabCheck(OWN_SENTENCE, OWN_SETTINGS);
    expect(own.code, own.log).toBe(0);
    expect(own.junit).toMatch(new RegExp(`tests="${STAGE_COUNT}" failures="0" errors="0"`, 'u'));
    expect(own.log).toMatch(/skor 8\/8, 8 lulus, 0 gagal/);
    const defaults = await gitlabCheck(OWN_SENTENCE);
    expect(defaults.code, defaults.log).toBe(1);
    expect(defaults.junit).toMatch(/<testcase [^>]*name="reply-text[^"]*"[^>]*>\s*<failure /u);
  });
});

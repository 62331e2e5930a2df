/**
 * charcount-grade as an instructor runs it, on classes that need no Docker (nothing in them can
 * run): its lines, exit codes and files. Usage mistakes are one line and exit 2; a submission
 * that cannot be graded is a row with a reason, never a crash.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Grades } from '../../grader/grades';
import { describeRun, runGrader } from './support/grader-run';

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'charcount-grade-cli-'));
  for (const [path, text] of [
    ['class/alice/main.py', 'print(1)\n'],
    ['class/bob/Server.py', 'print(1)\n'],
    ['class/carol/submission.zip', 'PK'],
  ]) {
    mkdirSync(join(scratch, path, '..'), { recursive: true });
    writeFileSync(join(scratch, path), text);
  }
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

describe('charcount-grade', () => {
  it('records each folder it cannot run as an error with what to put there, writes every output, and exits 1', async () => {
    const run = await runGrader(['class', '--out', 'out', '--seed', '5'], { cwd: scratch });
    expect(run.code, describeRun(run)).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^charcount-grade: 3 submissions from class \(folder\); level assignment, seed 5, \d+ at once; containers labelled org\.charcount-lab\.grade=[0-9a-f]{8}$/);
    expect(lines.slice(1, 4)).toEqual([
      '[1/3] alice: error: alice has neither server.py nor a Dockerfile at its top: put the server in server.py (it runs with python3 on python:3.13-slim), or add a Dockerfile that starts it; it holds main.py',
      expect.stringContaining('[2/3] bob: error: bob has neither server.py nor a Dockerfile at its top: put the server in server.py (it runs with python3 on python:3.13-slim), or add a Dockerfile that starts it; rename Server.py to server.py'),
      expect.stringContaining('[3/3] carol: error: carol has neither server.py nor a Dockerfile at its top: put the server in server.py (it runs with python3 on python:3.13-slim), or add a Dockerfile that starts it; unpack submission.zip into the folder'),
    ]);
    expect(lines[4]).toMatch(/^graded 0 of 3 submissions \(3 could not be graded, 0 unchanged since the last run\) in \d+\.\d s; wrote out\/grades\.json, grades\.csv, report\.html and feedback\/$/);
    expect(run.stderr).toBe('');
    const grades = JSON.parse(readFileSync(join(scratch, 'out', 'grades.json'), 'utf8')) as Grades;
    expect(grades).toMatchObject({ version: 1, level: 'assignment', seed: 5 });
    expect(grades.submissions.map((grade) => [grade.name, grade.status, grade.score, grade.maxScore, grade.stages])).toEqual([
      ['alice', 'error', 0, 8, []],
      ['bob', 'error', 0, 8, []],
      ['carol', 'error', 0, 8, []],
    ]);
    expect(readFileSync(join(scratch, 'out', 'grades.csv'), 'utf8').split('\r\n')[1]).toBe('alice,0,8,,,,,,,,');
    expect(readdirSync(join(scratch, 'out', 'feedback')).sort()).toEqual(['alice.md', 'bob.md', 'carol.md']);
    expect(readFileSync(join(scratch, 'out', 'feedback', 'alice.md'), 'utf8')).toContain('**Not graded**: alice has neither server.py nor a Dockerfile');
    expect(readdirSync(join(scratch, 'out'))).toContain('report.html');
  });

  it('shows a progress bar at a terminal', async () => {
    const run = await runGrader(['class', '--out', 'out'], { cwd: scratch, inTerminal: true });
    expect(run.code, describeRun(run)).toBe(1);
    expect(run.stdout).toMatch(/grading .* 3\/3 \| ETA/);
    expect(run.stdout).toContain('[3/3] carol: error:');
  });

  it.each([
    [[], 'nothing to grade; give the folder of submissions (one folder per student) or its .zip, e.g. charcount-grade submissions.zip'],
    [['nowhere'], 'nowhere: no such folder or .zip file; give the folder with one folder per student, or its .zip'],
    [['class', 'other'], 'give one folder or .zip of submissions, not 2 (class, other)'],
    [['class', '--jobs', 'many'], '--jobs "many" is not allowed; give a whole number from 1 to 256'],
    [['class', '--cpus', '-1'], expect.stringContaining('--cpus')],
    [['class', '--level', 'expert'], '--level "expert" is not a level; give assignment or protocol'],
    [['class', '--rubric', 'missing.json'], expect.stringMatching(/^cannot read the rubric missing\.json: ENOENT; check the path given to --rubric$/)],
    [['class', '--colour'], expect.stringMatching(/^Unknown option '--colour'.*\(see --help\)$/)],
  ])('says in one line what is wrong with %j and exits 2', async (args, message) => {
    const run = await runGrader(args, { cwd: scratch });
    expect(run.code, describeRun(run)).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([typeof message === 'string' ? `charcount-grade: ${message}` : expect.stringMatching(/^charcount-grade: /)]);
    if (typeof message !== 'string') expect(run.stderr.replace(/^charcount-grade: /, '').trimEnd()).toEqual(message);
  });

  it('refuses an output folder it cannot write, in one line', async () => {
    mkdirSync(join(scratch, 'locked'));
    chmodSync(join(scratch, 'locked'), 0o500);
    const run = await runGrader(['class', '--out', 'locked/out'], { cwd: scratch });
    chmodSync(join(scratch, 'locked'), 0o700);
    // root writes anywhere; only an ordinary user is refused.
    if (process.getuid?.() === 0) return;
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^charcount-grade: cannot write to locked\/out \(EACCES\); give another folder with --out\n$/);
  });

  it('prints its usage with --help and exits 0', async () => {
    const run = await runGrader(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: charcount-grade SUBMISSIONS \[options\]/);
    expect(run.stdout).toContain('--submission-timeout S');
  });
});

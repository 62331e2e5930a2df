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
    ['class/bob/client.py', 'import socket\ns = socket.socket()\ns.bind(("", 0))\ns.listen()\n'],
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
      '[1/3] alice: error: no file of the submission starts a TCP server: put the server in server.py (it runs with python3), or any .py file that calls bind() and listen(); it holds main.py',
      '[2/3] bob: error: no file of the submission starts a TCP server: put the server in server.py (it runs with python3), or any .py file that calls bind() and listen() (client.py is named like a client, so it never counts as the server); it holds client.py',
      '[3/3] carol: error: cannot read submission.zip as a zip (End of central directory record signature not found. Either not a zip file, or file is truncated.); check the file, or unpack it yourself and give the folder',
    ]);
    expect(lines[4]).toMatch(/^graded 0 of 3 submissions \(3 could not be graded, 0 unchanged since the last run\) in \d+\.\d s; wrote out\/grades\.json, grades\.csv, report\.html and feedback\/$/);
    expect(run.stderr).toBe('');
    const grades = JSON.parse(readFileSync(join(scratch, 'out', 'grades.json'), 'utf8')) as Grades;
    expect(grades).toMatchObject({ version: 2, level: 'assignment', seed: 5 });
    expect(grades.submissions.map((grade) => [grade.name, grade.status, grade.score, grade.maxScore, grade.stages])).toEqual([
      ['alice', 'error', null, 8, []],
      ['bob', 'error', null, 8, []],
      ['carol', 'error', null, 8, []],
    ]);
    expect(readFileSync(join(scratch, 'out', 'grades.csv'), 'utf8').split('\r\n')[1]).toMatch(/^alice,,,error,,8,,,,,,,,,,"?no file of the submission starts a TCP server/);
    expect(readdirSync(join(scratch, 'out', 'feedback')).sort()).toEqual(['alice.md', 'bob.md', 'carol.md']);
    expect(readFileSync(join(scratch, 'out', 'feedback', 'alice.md'), 'utf8')).toContain('**Not graded**: no file of the submission starts a TCP server');
    expect(readdirSync(join(scratch, 'out'))).toContain('report.html');
  });

  it('gives each participant of the Moodle worksheet with nothing in the download a missing row, in grades.json, grades.csv and the report', async () => {
    mkdirSync(join(scratch, 'moodle', 'Budi Santoso_100001_assignsubmission_file_'), { recursive: true });
    writeFileSync(join(scratch, 'moodle', 'Budi Santoso_100001_assignsubmission_file_', 'main.py'), 'print(1)\n');
    writeFileSync(
      join(scratch, 'worksheet.csv'),
      '\uFEFFIdentifier,Full name,Email address,Status,Grade,Maximum Grade,Feedback comments\r\n' +
        'Participant 100001,Budi Santoso,budi@example.ac.id,Submitted for grading,,100.00,\r\n' +
        'Participant 100011,Rudi Hartono,rudi@example.ac.id,No submission,,100.00,\r\n',
    );
    const run = await runGrader(['moodle', '--out', 'out', '--seed', '5', '--lang', 'id', '--moodle-worksheet', 'worksheet.csv'], { cwd: scratch });
    expect(run.code, describeRun(run)).toBe(1);
    expect(run.stdout).toMatch(/menilai 0 dari 2 kiriman \(2 tidak dapat dinilai, 1 di antaranya peserta lembar penilaian yang tidak ada di unduhan, 0 tidak berubah/);
    const grades = JSON.parse(readFileSync(join(scratch, 'out', 'grades.json'), 'utf8')) as Grades;
    expect(grades.submissions.map((grade) => [grade.name, grade.student, grade.status, grade.score, grade.reason])).toEqual([
      ['Budi Santoso_100001_assignsubmission_file_', { name: 'Budi Santoso', id: '100001' }, 'error', null, expect.stringMatching(/^tidak ada berkas kiriman/)],
      ['Rudi Hartono (100011)', { name: 'Rudi Hartono', id: '100011' }, 'missing', null, 'tidak ada kiriman peserta lembar penilaian ini dalam unduhan'],
    ]);
    expect(readFileSync(join(scratch, 'out', 'grades.csv'), 'utf8').split('\r\n')[2]).toMatch(/^Rudi Hartono \(100011\),Rudi Hartono,100011,missing,,8,/);
    expect(readFileSync(join(scratch, 'out', 'report.html'), 'utf8')).toContain('Rudi Hartono');
    expect(readFileSync(join(scratch, 'out', 'feedback', 'Rudi Hartono (100011).md'), 'utf8')).toMatch(/^# Umpan balik untuk Rudi Hartono \(100011\)\n/);
    // The worksheet's comment still tells "nothing in the download" apart from an empty folder.
    expect(readFileSync(join(scratch, 'out', 'moodle-worksheet.csv'), 'utf8')).toContain('Tidak ada kiriman peserta ini dalam unduhan.');
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
    [['class', '--level', 'expert'], '--level "expert" is not a level; give assignment | protocol'],
    [['class', '--rubric', 'missing.json'], expect.stringMatching(/^cannot read the rubric missing\.json: ENOENT; check the path given to --rubric$/)],
    [['class', '--colour'], "unknown option '--colour' (see --help)"],
    [['class', '--lang', 'fr'], '--lang "fr" is not a language; give id | en'],
    [['class', '--expected-reply', 'a {n} {n} {x}'], '--expected-reply "a {n} {n} {x}": give a text on one line with {n} once where the count goes, such as \'Jumlah karakter dalam kalimat tersebut adalah {n}\''],
    [['class', '--expected-reply', 'Jumlah karakter'], expect.stringMatching(/^--expected-reply "Jumlah karakter": give a text on one line with \{n\} once where the count goes/)],
    [['class', '--notes-url', 'lab-notes/'], expect.stringMatching(/^--notes-url "lab-notes\/" is not a web address/)],
    [['class', '--moodle-worksheet', 'missing.csv'], expect.stringMatching(/^cannot read --moodle-worksheet missing\.csv \(ENOENT\)/)],
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

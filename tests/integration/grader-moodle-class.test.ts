/**
 * charcount-grade on a class as Moodle gives it (tests/grader/support/moodle-class.ts: every
 * layout and file name students really hand in), run as an instructor runs it, with the
 * grading worksheet of an English Moodle: each participant's status and the file that ran, no
 * score for what could not be graded, the filled worksheet cell by cell as expected (and the
 * Indonesian worksheet filled from the same grades), feedback headed by the student's name.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Grades } from '../../grader/grades';
import { fillWorksheet, readWorksheet, type Worksheet } from '../../grader/moodle-worksheet';
import { buildMoodleClass, EXPECTED, MOODLE_FIXTURES } from '../grader/support/moodle-class';
import { describeRun, runGrader, type GraderRun } from '../grader/support/grader-run';
import { worksheetDifferences } from '../grader/support/worksheet-cells';
import { zipFolder } from '../grader/support/zip-folder';
import { CHECKER_IMAGE } from './support/lab';

/** Only written into the pages, never fetched. */
const NOTES_URL = 'https://example.org/charcount-lab/lab-notes/';

inject('integrationRunId');

let scratch: string;
let out: string;
let run: GraderRun;
let grades: Grades;

describe('charcount-grade on a Moodle class', () => {
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'charcount-moodle-it-'));
    await buildMoodleClass(join(scratch, 'class'));
    // "Download all submissions" gives a zip of the folders.
    await zipFolder(join(scratch, 'class'), join(scratch, 'submissions.zip'));
    out = join(scratch, 'grades');
    // A temporary folder of the run's own: other runs on the machine stage their copies elsewhere.
    mkdirSync(join(scratch, 'tmp'));
    run = await runGrader(
      ['submissions.zip', '--out', out, '--jobs', '2', '--seed', '7', '--start-timeout', '10', '--lang', 'en', '--notes-url', NOTES_URL, '--moodle-worksheet', join(MOODLE_FIXTURES, 'worksheet-en.csv')],
      { cwd: scratch, env: { CHARCOUNT_CHECKER_IMAGE: CHECKER_IMAGE, TMPDIR: join(scratch, 'tmp') }, timeoutMs: 540_000 },
    );
    grades = JSON.parse(readFileSync(join(out, 'grades.json'), 'utf8')) as Grades;
  }, 600_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('leaves nothing in the temporary folder: the unpacked class, its archives and notebooks are all removed', () => {
    expect(readdirSync(join(scratch, 'tmp'))).toEqual([]);
  });

  it('grades every submission a person could grade, whatever its layout, archive or file name, and says which file ran', () => {
    const seen = Object.fromEntries(
      grades.submissions.map((grade) => [grade.student?.id, { status: grade.status, full: grade.score === null ? undefined : grade.score === grade.maxScore, file: grade.entry?.file }]),
    );
    const expected = Object.fromEntries(Object.entries(EXPECTED).map(([id, want]) => [id, { status: want.status, full: want.full, file: want.file }]));
    // Participant 100011 of the worksheet handed nothing in, and is not in the download at all.
    expected['100011'] = { status: 'missing', full: undefined, file: undefined };
    expect(seen, describeRun(run)).toEqual(expected);
    expect(run.code, describeRun(run)).toBe(1);
  });

  it('gives what could not be graded no score at all, in grades.json and grades.csv', () => {
    const fajar = grades.submissions.find((grade) => grade.student?.id === '100007')!;
    expect(fajar).toMatchObject({ status: 'error', score: null, reason: expect.stringContaining('more than one file starts a TCP server (soal1.py, soal2.py)') });
    const csv = readFileSync(join(out, 'grades.csv'), 'utf8').split('\r\n');
    expect(csv.find((line) => line.startsWith('Fajar Nugroho_100007'))).toMatch(/^Fajar Nugroho_100007_assignsubmission_file_,Fajar Nugroho,100007,error,,8,,/);
    expect(csv.find((line) => line.startsWith('Joko Susilo_100009'))).toMatch(/^Joko Susilo_100009_assignsubmission_file_,Joko Susilo,100009,missing,,8,,/);
    expect(csv.find((line) => line.startsWith('Rudi Hartono'))).toMatch(/^Rudi Hartono \(100011\),Rudi Hartono,100011,missing,,8,,/);
  });

  it('gives a server that crashes as it starts 0 points, graded, with the reason', () => {
    const maya = grades.submissions.find((grade) => grade.student?.id === '100010')!;
    expect(maya).toMatchObject({ status: 'graded', score: 0, reason: expect.stringContaining('PORT_OFFSET') });
  });

  it('fills the English worksheet, and the same grades fill the Indonesian one, cell by cell as expected', () => {
    expect(worksheetDifferences(readFileSync(join(out, 'moodle-worksheet.csv'), 'utf8'), readFileSync(join(MOODLE_FIXTURES, 'expected-en.csv'), 'utf8'))).toEqual([]);
    const indonesian = readWorksheet(readFileSync(join(MOODLE_FIXTURES, 'worksheet-id.csv'), 'utf8')) as Worksheet;
    // From the download's grades, as the run fills it: without the row of the participant not in the download.
    const download = { ...grades, submissions: grades.submissions.filter((grade) => grade.student?.id !== '100011') };
    expect(worksheetDifferences(fillWorksheet(indonesian, download, 'id').text, readFileSync(join(MOODLE_FIXTURES, 'expected-id.csv'), 'utf8'))).toEqual([]);
  });

  it('heads each feedback file with the student\'s name and the file that ran', () => {
    const feedback = readFileSync(join(out, 'feedback', 'Rina Kusuma_100005_assignsubmission_file_.md'), 'utf8');
    expect(feedback).toMatch(/^# Feedback for Rina Kusuma \(100005\)\n/);
    expect(feedback).toContain('tugas/server_socket.py');
    expect(readFileSync(join(out, 'feedback', 'Rina Kusuma_100005_assignsubmission_file_.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('links the notes at --notes-url from every feedback page, the HTML pages too (a repository path opens nothing from an LMS)', () => {
    const pages = readdirSync(join(out, 'feedback')).filter((file) => file.endsWith('.html') || file.endsWith('.md'));
    const texts = pages.map((file) => readFileSync(join(out, 'feedback', file), 'utf8'));
    expect(texts.filter((text) => /href="(\.\.\/)*lab-notes\/|\]\((\.\.\/)*lab-notes\//.test(text))).toEqual([]);
    expect(texts.some((text) => text.includes(`href="${NOTES_URL}`))).toBe(true);
  });
});

/**
 * An instructor who asks charcount-grade for Indonesian (--lang id, or an id_* locale) reads no
 * English sentence: not in --help, not in a usage error, not in a class's progress and summary
 * lines, its report.html or its feedback files. Quoted text, ids, option names, file names and
 * commands stay as they are and are left out before looking for English stopwords.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../grader/report-html';
import { englishLines, textOfHtml, titlesOfHtml } from '../support/english-in-indonesian';
import { describeRun, runGrader } from './support/grader-run';
import { sampleClass } from './support/sample-class';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'charcount-grade-id-'));
  for (const [path, text] of [
    ['class/alice/main.py', 'print(1)\n'],
    ['class/bob/client.py', 'import socket\ns = socket.socket()\ns.bind(("", 0))\ns.listen()\n'],
  ]) {
    mkdirSync(join(scratch, path, '..'), { recursive: true });
    writeFileSync(join(scratch, path), text);
  }
  mkdirSync(join(scratch, 'class', 'dave'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('charcount-grade in Indonesian', () => {
  it('--lang id --help is Indonesian', async () => {
    const run = await runGrader(['--lang', 'id', '--help']);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toMatch(/^cara pakai: charcount-grade KIRIMAN \[opsi\]/);
    expect(englishLines(run.stdout)).toEqual([]);
  });

  it('an id_ID locale chooses Indonesian without --lang', async () => {
    const run = await runGrader(['--help'], { env: { LC_ALL: '', LC_MESSAGES: '', LANG: 'id_ID.UTF-8' } });
    expect(run.stdout).toMatch(/^cara pakai: /);
  });

  it.each([
    [['--lang', 'id']],
    [['class', 'other', '--lang', 'id']],
    [['class', '--jobs', 'many', '--lang', 'id']],
    [['class', '--cpus', '99', '--lang', 'id']],
    [['class', '--colour', '--lang', 'id']],
    [['class', '--lang', 'id', '--out']],
    [['class', '--expected-reply', 'Jumlah', '--lang', 'id']],
    [['class', '--notes-url', 'catatan/', '--lang', 'id']],
    [['class', '--rubric', 'missing.json', '--lang', 'id']],
    [['class', '--moodle-worksheet', 'missing.csv', '--lang', 'id']],
  ])('the usage error of %j is one Indonesian line', async (args) => {
    const run = await runGrader(args, { cwd: scratch });
    expect(run.code, describeRun(run)).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(englishLines(lines[0]!.replace(/^charcount-grade: /, ''))).toEqual([]);
  });

  it("a class's lines, report.html and feedback files are Indonesian", async () => {
    const run = await runGrader(['class', '--out', 'out', '--seed', '5', '--lang', 'id'], { cwd: scratch });
    expect(run.code, describeRun(run)).toBe(1);
    expect(run.stdout).toMatch(/^charcount-grade: 3 kiriman dari class/);
    expect(run.stdout).toMatch(/\nmenilai 0 dari 3 kiriman /);
    expect(englishLines(run.stdout)).toEqual([]);
    const html = readFileSync(join(scratch, 'out', 'report.html'), 'utf8');
    expect(html).toContain('<html lang="id">');
    expect(englishLines(textOfHtml(html))).toEqual([]);
    expect(englishLines(titlesOfHtml(html))).toEqual([]);
    for (const file of readdirSync(join(scratch, 'out', 'feedback'))) {
      expect(englishLines(readFileSync(join(scratch, 'out', 'feedback', file), 'utf8')), file).toEqual([]);
    }
  });

  it("report.html of graded submissions (the checker's titles and messages in Indonesian) is Indonesian: stage lists, cells, charts", () => {
    const grades = sampleClass();
    grades.submissions = grades.submissions
      .filter((submission) => submission.status === 'graded')
      .map((submission) => ({
        ...submission,
        entry: submission.entry && { ...submission.entry, reason: 'berkas ini adalah server.py milik kiriman' },
        reason: null,
        stages: submission.stages.map((stage) => ({ ...stage, title: `judul tahap ${stage.id}`, message: `pesan tahap ${stage.id}` })),
      }));
    grades.settings.checkerVersion = null;
    const html = renderReportHtml(grades, 'id');
    expect(html).toContain('tidak lulus:');
    expect(englishLines(textOfHtml(html))).toEqual([]);
    expect(englishLines(titlesOfHtml(html))).toEqual([]);
  });
});

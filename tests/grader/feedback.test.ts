/**
 * feedback/NAME.md as a student reads it: the score, the stages, the checker's report with its
 * traces, what the server printed; never longer than its limit, and nothing a server printed
 * (or a folder name) can end a code block or become markup.
 */
import { notesBase, stageHint } from '../../checker';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPECTED_REPLY, type CheckReport } from '../../checker/model';
import { ASSIGNMENT_STAGES } from '../../checker/stages/assignment-stages';
import { capped, escapeMarkdown, FEEDBACK_LIMIT_BYTES, renderFeedback } from '../../grader/feedback';
import { errorRow, gradedRow } from '../../grader/grade-report';
import { plainOutcome, type SubmissionOutcome } from '../../grader/outcome';

function report(failed: string | null): CheckReport {
  const stages = ASSIGNMENT_STAGES.map((stage) => ({
    id: stage.id,
    title: stage.title('en'),
    status: stage.id === failed ? ('failed' as const) : ('passed' as const),
    points: stage.id === failed ? 0 : 1,
    maxPoints: 1,
    durationMs: 12,
    message: stage.id === failed ? 'expected a reply counting 4, but got "5"' : 'passed',
    details: stage.id === failed ? ['steps so far:', '  1. client 1: sent 5 bytes "café"', 'expected a reply counting 4, but got "5"', `hint: ${stageHint(stage.id, 'en', notesBase(null)).text} (${stageHint(stage.id, 'en', notesBase(null)).link})`] : [],
    diagnoses: [],
    hint: stageHint(stage.id, 'en', notesBase(null)),
    record: [],
  }));
  return { version: 2, language: 'en', level: 'assignment', seed: 42, score: 7, maxScore: 8, target: 'submission bob', entry: null, expectedReply: DEFAULT_EXPECTED_REPLY, checkerVersion: '0.0.0-test', gradable: true, startError: null, stages };
}

function graded(output: string[], outputDropped = 0): SubmissionOutcome {
  const checked = report('count-unicode');
  return { ...plainOutcome(gradedRow('bob', checked), checked, ['graded the folder src/ inside the submission'], false), output, outputDropped, notices: ['building bob/server.py on python:3.13-slim'] };
}

describe('feedback', () => {
  it('gives the score, each stage, the checker text report with its trace, the notes and the server output', () => {
    const text = renderFeedback(graded(['server: listening on localhost:12345']));
    expect(text).toContain('# Feedback for bob\n\n**Score: 7 / 8** (charcount-check, level assignment, seed 42)');
    expect(text).toContain(
      "Run the same check yourself (the same messages are sent), in your own folder, with charcount-check.cjs and Docker with the checker's image: `node charcount-check.cjs --level assignment --seed 42 --lang en --submission .`",
    );
    expect(text).toContain('| FAIL | count-unicode: counts code points, as Python\'s len(data.decode()) does | 0/1 |');
    expect(text).toContain('FAIL count-unicode  counts code points');
    expect(text).toContain('      1. client 1: sent 5 bytes "café"');
    expect(text).toContain('- graded the folder src/ inside the submission');
    expect(text).toContain('[checker] building bob/server.py on python:3.13-slim');
    expect(text).toContain('[your_server] server: listening on localhost:12345');
  });

  it('speaks to the student by name, in their language, says which file ran, links the failed stage to the notes site and gives a command they can run', () => {
    const checked = report('count-unicode');
    const grade = { ...gradedRow('Budi Santoso_123456_assignsubmission_file_', checked), entry: { file: 'tugas1/soal1.py', reason: 'hanya berkas ini yang menjalankan server TCP (bind dan listen)' } };
    const text = renderFeedback({ ...plainOutcome(grade, checked, [], false), displayName: 'Budi Santoso (123456)', language: 'id', notesUrl: 'https://example.ac.id/lab/' });
    expect(text).toMatch(/^# Umpan balik untuk Budi Santoso \(123456\)\n\n\*\*Nilai: 7 \/ 8\*\*/);
    expect(text).toContain('Yang dijalankan: `tugas1/soal1.py`, karena hanya berkas ini yang menjalankan server TCP (bind dan listen).');
    expect(text).toContain(
      'di folder Anda sendiri, dengan charcount-check.cjs di sebelah server Anda ([cara mendapatkan pemeriksa](https://example.ac.id/lab/id/get-the-checker.md)); di macOS dan Linux tulis python3: `node charcount-check.cjs --level assignment --seed 42 --lang id -- python tugas1/soal1.py`',
    );
    expect(text).toContain('([Baca juga](https://example.ac.id/lab/id/analysis.md#3-what-is-a-character))');
    expect(text).not.toContain('](lab-notes/');
  });

  it.each([
    ['a notebook, which only the grader turns into a script', 'tugas1.ipynb', [], 'node charcount-check.cjs --level assignment --seed 42 --expected-reply "Jumlah karakter: {n}" --lang en --submission .'],
    ['a file from an archive the student handed in', 'tugas1/server.py', ['unpacked tugas1.zip'], 'node charcount-check.cjs --level assignment --seed 42 --expected-reply "Jumlah karakter: {n}" --lang en --submission .'],
    ['a Python file with a space in its name', 'soal 1.py', [], 'node charcount-check.cjs --level assignment --seed 42 --expected-reply "Jumlah karakter: {n}" --lang en -- python "soal 1.py"'],
    ['a Node server', 'server.js', [], 'node charcount-check.cjs --level assignment --seed 42 --expected-reply "Jumlah karakter: {n}" --lang en -- node server.js'],
  ])('gives a command that replays the check in the student\'s own folder for %s, with the class\'s reply', (_, file, notes, command) => {
    const checked = { ...report('count-unicode'), expectedReply: 'Jumlah karakter: {n}' };
    const grade = { ...gradedRow('bob', checked), entry: { file, reason: 'it is the only file that starts a TCP server' } };
    expect(renderFeedback(plainOutcome(grade, checked, notes, false))).toContain(`: \`${command}\``);
  });

  it('quotes a reply a shell would change in single quotes', () => {
    const checked = { ...report('count-unicode'), expectedReply: 'Total: {n} "chars" $x' };
    const grade = { ...gradedRow('bob', checked), entry: { file: 'server.py', reason: 'it is the submission\'s server.py' } };
    expect(renderFeedback(plainOutcome(grade, checked, [], false))).toContain(`--expected-reply 'Total: {n} "chars" $x' --lang en -- python server.py\``);
  });

  it('says why an error was not graded, and nothing else', () => {
    const text = renderFeedback(plainOutcome(errorRow('carol', 'carol has neither server.py nor a Dockerfile', 'assignment', new Map()), null, [], false));
    expect(text).toBe('# Feedback for carol\n\n**Not graded**: carol has neither server.py nor a Dockerfile\n');
  });

  it('fences output in more backticks than it holds, so a server cannot end the block and write markup', () => {
    const text = renderFeedback(graded(['```', '# I passed everything', '<script>alert(1)</script>', '``````']));
    expect(text).toContain('```````text\n[your_server] ```\n[your_server] # I passed everything');
    expect(escapeMarkdown('<b>*x*</b> | # [a](b)')).toBe('\\<b\\>\\*x\\*\\</b\\> \\| \\# \\[a\\](b)');
  });

  it(`stops at ${FEEDBACK_LIMIT_BYTES / 1024} KiB however much the server printed, with the open code block closed and a line saying so`, () => {
    const output = Array.from({ length: 5000 }, (_, index) => `endless output line ${index} ${'spam '.repeat(10)}`);
    const text = renderFeedback(graded(output, 123_456));
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(FEEDBACK_LIMIT_BYTES);
    expect(text).toMatch(/\n```\n\n… \(cut here: a feedback file holds at most 64 KiB\)\n$/);
    expect(text).toContain('FAIL count-unicode');
  });

  it('says how many lines were not kept when the output fits', () => {
    expect(renderFeedback(graded(['one line'], 99))).toContain('[your_server] one line\n… and 99 more lines not kept\n```');
  });

  it('cuts at a line and closes whichever fence is open', () => {
    const text = capped(['# t', '````text', ...Array.from({ length: 100 }, () => 'x'.repeat(50)), '````'].join('\n'), 1000);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1000);
    expect(text.split('\n').filter((line) => line === '````')).toHaveLength(1);
  });
});

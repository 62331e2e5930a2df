/**
 * A student who reads Indonesian reads no English sentence in what the checker's renderers
 * print: the text report and every platform export of a failing Indonesian report (with
 * diagnoses and hints made by diagnose() and chooseHint()), --help and the usage errors.
 * Quoted bytes ("…"), ids, option names, code (sendall(), b""), program output
 * ([your_server] lines) and file paths are left out before looking for English stopwords
 * (tests/support/english-in-indonesian.ts). tests/checker/indonesian-check.test.ts does the
 * same on real checks of failing servers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCheckOptions, usage } from '../../checker/cli/options';
import { diagnose } from '../../checker/diagnosis/diagnose';
import type { FailureFacts } from '../../checker/diagnosis/facts';
import { EXPORT_FORMATS, formatFindingLines } from '../../checker/export';
import { chooseHint, notesBase } from '../../checker/messages/hints';
import { internalErrorLines } from '../../checker/messages/run-texts';
import { START_TEXTS } from '../../checker/messages/start-texts';
import { CONTAINER_TEXTS } from '../../checker/targets/container-texts';
import { createSubmissionTarget } from '../../checker/targets/submission-target';
import { DEFAULT_EXPECTED_REPLY, totalScore, type CheckReport, type RecordEvent, type StageResult } from '../../checker/model';
import { englishIn, readableExport, readableJsonReport } from '../support/english-in-indonesian';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A failed stage as the engine makes it in Indonesian: its own lines, then the findings and the hint. */
function failedStage(id: string, title: string, facts: FailureFacts, engineLines: string[], record: RecordEvent[] = [], lastOutput: string[] = []): StageResult {
  const diagnoses = diagnose({ language: 'id', stageId: id, facts, record, expectedReply: DEFAULT_EXPECTED_REPLY, lastOutput });
  const hint = chooseHint(id, diagnoses, 'id', notesBase(null));
  return {
    id,
    title,
    status: 'failed',
    points: 0,
    maxPoints: 1,
    durationMs: 120,
    message: engineLines[0]!,
    details: [...engineLines, ...formatFindingLines(diagnoses, hint, 'id')],
    diagnoses,
    hint,
    record,
  };
}

const TRACEBACK = ['Traceback (most recent call last):', '  File "/home/siti/server.py", line 14, in <module>', "TypeError: a bytes-like object is required, not 'str'"];

const stages: StageResult[] = [
  failedStage(
    'reply-text',
    'menjawab pesan pendek dengan teks balasan yang persis',
    { kind: 'no-reply', message: bytes('Selamat pagi'), ending: 'close', bytes: new Uint8Array(), waitedMs: 3000, expected: bytes('Jumlah karakter dalam kalimat tersebut adalah 12') },
    ['diharapkan "Jumlah karakter dalam kalimat tersebut adalah 12", tetapi server menutup koneksi tanpa balasan', ...TRACEBACK.map((line) => `  [your_server] ${line}`)],
    [...TRACEBACK.map((line, i): RecordEvent => ({ at: i, kind: 'program-output', line })), { at: 9, kind: 'program-exit', code: 1, signal: null }],
  ),
  failedStage(
    'count-unicode',
    'menghitung titik kode',
    {
      kind: 'count',
      message: bytes('café ☕'),
      writeStarts: [],
      expected: 6,
      reply: bytes('Jumlah karakter dalam kalimat tersebut adalah 9'),
      ending: 'close',
      found: 9,
      otherMessages: [],
      replyAfterMs: 3,
      beforeLastByte: false,
    },
    ['diharapkan balasan yang menghitung 6, tetapi balasannya menghitung 9'],
  ),
  failedStage(
    'concurrent-clients',
    'melayani 5 client yang terhubung sekaligus',
    {
      kind: 'count',
      message: bytes('Selamat sore'),
      writeStarts: [],
      expected: 12,
      reply: bytes('Jumlah karakter dalam kalimat tersebut adalah 0'),
      ending: 'close',
      found: 0,
      otherMessages: [],
      replyAfterMs: 1,
      beforeLastByte: true,
    },
    ['diharapkan balasan yang menghitung 12, tetapi balasannya menghitung 0'],
  ),
  failedStage(
    'line-framing',
    'menjawab pesan yang diakhiri LF dan CRLF',
    {
      kind: 'reply-text',
      message: bytes('Halo'),
      expected: bytes('Jumlah karakter dalam kalimat tersebut adalah 4'),
      reply: bytes('Jumlah karakter dalam kalimat tersebut adalah 4'),
      ending: 'close',
      lineRequired: true,
    },
    ['diharapkan satu baris balasan yang diakhiri LF'],
  ),
  failedStage('second-client', 'melayani client kedua', { kind: 'exited', clientsServed: 1 }, ['diharapkan proses server yang sama tetap melayani'], [
    { at: 5, kind: 'program-exit', code: 0, signal: null },
  ]),
];

const REPORT: CheckReport = {
  version: 2,
  language: 'id',
  level: 'protocol',
  seed: 5,
  ...totalScore(stages),
  target: 'python3 server.py',
  entry: null,
  expectedReply: DEFAULT_EXPECTED_REPLY,
  checkerVersion: '0.0.0-test',
  gradable: true,
  startError: null,
  stages,
};

describe('Indonesian output has no English sentence outside quotes, ids, code and program output', () => {
  it('every diagnosis of the sample found something to say', () => {
    expect(stages.map((stage) => stage.diagnoses.map((diagnosis) => diagnosis.code))).toEqual([
      ['reply-not-bytes'],
      ['count-utf8-bytes'],
      ['answered-before-message'],
      ['line-ending'],
      ['exited-after-one-client'],
    ]);
  });

  it.each(EXPORT_FORMATS.filter((format) => format !== 'json'))('--format %s', (format) => {
    const readable = readableExport(format, REPORT);
    expect(englishIn(readable), readable).toEqual([]);
  });

  it('--format json, its record\'s steps included', () => {
    const readable = readableJsonReport(REPORT);
    expect(englishIn(readable), readable).toEqual([]);
  });

  it('--help and every usage error', () => {
    expect(englishIn(usage('id'))).toEqual([]);
    const mistakes = [[], ['--colour'], ['--port'], ['--port', '0', '--host', 'h'], ['--format', 'xml', '--host', 'h'], ['--only', 'x', '--host', 'h'], ['--only', 'shutdown', '--host', 'h'], ['--level', 'x', '--host', 'h'], ['a'], ['--host', 'h', '--submission', 'd'], ['--']];
    for (const args of mistakes) {
      let message = '';
      try {
        parseCheckOptions(['--lang', 'id', ...args], {});
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, args.join(' ')).not.toBe('');
      expect(englishIn(message), message).toEqual([]);
    }
  });

  it("an internal error's line, in the language of the run, its message quoted and the stack after it", () => {
    const error = new TypeError('Cannot read properties of undefined');
    const [indonesian, ...stack] = internalErrorLines(error, 'id');
    expect(indonesian).toBe('error internal pada pemeriksa; mohon laporkan beserta baris-baris di bawah ini: "Cannot read properties of undefined"');
    expect(englishIn(indonesian!)).toEqual([]);
    expect(stack[0]).toBe('TypeError: Cannot read properties of undefined');
    expect(internalErrorLines(error, 'en')[0]).toBe('internal error of the checker, please report it with the lines below: "Cannot read properties of undefined"');
  });

  it('a program that exited before listening, silent or with last words, in both target kinds', () => {
    expect(START_TEXTS.id.exitedBeforeListening({ exit: 'keluar dengan kode 0', lastWords: null })).toBe('server Anda keluar dengan kode 0 sebelum mendengarkan, tanpa keluaran apa pun');
    expect(START_TEXTS.en.exitedBeforeListening({ exit: 'exited with code 0', lastWords: null })).toBe('your server exited with code 0 before listening, with no output');
    const container = CONTAINER_TEXTS.id.exitedBeforeListening({ exit: 'kode 1', memoryMib: null, lastWords: 'OSError: [Errno 98] Address already in use' });
    expect(container).toBe('server Anda berhenti (kode 1) sebelum mendengarkan: "OSError: [Errno 98] Address already in use"');
    expect(englishIn(container)).toEqual([]);
    expect(englishIn(CONTAINER_TEXTS.id.exitedBeforeListening({ exit: 'kode 0', memoryMib: 256, lastWords: null }))).toEqual([]);
  });

  it('--submission of a folder that does not exist, or holds no server, is said in Indonesian', async () => {
    const options = { port: 12345, startTimeoutMs: 1000, notice: () => {}, onOutput: () => {}, shownOutputLines: 5, language: 'id' as const };
    await expect(createSubmissionTarget({ ...options, dir: join(tmpdir(), 'charcount-tidak-ada') })).rejects.toThrow(/^--submission .*charcount-tidak-ada: folder itu tidak ada; berikan folder yang berisi server\.py atau Dockerfile Anda$/);
    const empty = mkdtempSync(join(tmpdir(), 'charcount-kosong-'));
    try {
      const failure = await createSubmissionTarget({ ...options, dir: empty }).then(() => null, (error: unknown) => error as Error);
      expect(failure?.message).toMatch(/tidak ada berkas kiriman yang menjalankan server TCP/);
      expect(englishIn(failure!.message)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('the check itself catches English (the test is not blind)', () => {
    expect(englishIn('hint: put accept() in a loop: a server serves client after client')).toEqual(['a', 'after']);
  });
});

/**
 * A student who checks with --lang id reads no English sentence, on real checks of failing
 * servers (tests/checker/servers/): the text on the terminal (stage titles, steps,
 * "diharapkan …, tetapi yang didapat …", the bytes' labels, the program's exit, notices,
 * findings, hints, the summary), the JSON report (--out), and every platform export and the
 * HTML page rendered from that report. What stays as it is is left out before looking for
 * English stopwords (tests/support/english-in-indonesian.ts): quoted bytes and program text,
 * [your_server] lines, stage ids, option names, code and paths.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../checker/export';
import type { CheckReport } from '../../checker/model';
import { englishIn, readableExport, readableJsonReport } from '../support/english-in-indonesian';
import { describeCheckerRun, linesOf, pythonServer, runChecker, SERVERS_DIR, stopCheckers } from './support/checker-run';
import { quietPort } from './support/ports';

const outDir = mkdtempSync(join(tmpdir(), 'indonesian-check-'));

afterAll(async () => {
  await stopCheckers();
  rmSync(outDir, { recursive: true, force: true });
});

interface Case {
  /** What the server does wrong, for the test's name. */
  what: string;
  /** The checker's arguments after --lang id, --port and the report options. */
  args: () => string[];
  code: number;
  /** A line the Indonesian text must hold (the test is not looking at an empty report). */
  shows: RegExp;
}

const CASES: Case[] = [
  {
    what: 'counts-bytes.py (counts bytes)',
    args: () => ['--only', 'count-unicode,split-character', '--', ...pythonServer('counts-bytes.py')],
    code: 1,
    shows: /^ {4}diharapkan balasan yang menghitung 4: "Jumlah karakter dalam kalimat tersebut adalah 4", tetapi yang didapat "Jumlah karakter dalam kalimat tersebut adalah 5"$/,
  },
  {
    what: 'one-client-exits.py (exits after one client)',
    args: () => ['--only', 'second-client,concurrent-clients', '--', ...pythonServer('one-client-exits.py')],
    code: 1,
    shows: /^ {4}diharapkan proses server yang sama tetap melayani client, tetapi yang didapat server Anda keluar dengan kode 0 setelah client pertamanya$/,
  },
  {
    what: 'never-answers.py (never writes)',
    args: () => ['--only', 'reply-text,invalid-utf8', '--', ...pythonServer('never-answers.py')],
    code: 1,
    shows: /^ {4}diharapkan "Jumlah karakter dalam kalimat tersebut adalah \d+", tetapi yang didapat tidak ada balasan dalam \d+,\d detik \(koneksi tetap terbuka\)$/,
  },
  {
    what: 'crashes-on-invalid.py (dies on invalid UTF-8)',
    args: () => ['--only', 'invalid-utf8', '--', ...pythonServer('crashes-on-invalid.py')],
    code: 1,
    shows: /^ {4}server Anda keluar dengan kode 1; keluaran terakhirnya:$/,
  },
  {
    what: 'missing-space.py at --level protocol (no space before the count)',
    args: () => ['--level', 'protocol', '--only', 'reply-text,line-framing,error-reply,quiet-period,half-close,shutdown', '--', ...pythonServer('missing-space.py')],
    code: 1,
    shows: /^ {4}diharapkan satu baris balasan yang menghitung \d+ \(misalnya "Jumlah karakter dalam kalimat tersebut adalah \d+"\), tetapi yang didapat "Jumlah karakter dalam kalimat tersebut adalah\d+"$/,
  },
  {
    what: 'exits-at-start.py (NameError before it listens)',
    args: () => ['--', ...pythonServer('exits-at-start.py')],
    code: 3,
    shows: /^server tidak dapat diperiksa: server Anda keluar dengan kode 1 sebelum mendengarkan: "NameError: name 'srve' is not defined/,
  },
  {
    what: 'asks-port.py (reads the port with input())',
    args: () => ['--', ...pythonServer('asks-port.py')],
    code: 3,
    shows: /^server tidak dapat diperiksa: server Anda membaca masukan dari keyboard/,
  },
  {
    what: 'a --host target where nothing listens',
    args: () => ['--host', '127.0.0.1', '--only', 'listen,reply-text'],
    code: 1,
    shows: /^ {4}diharapkan server yang menerima koneksi pada 127\.0\.0\.1:\d+, tetapi yang didapat koneksi ditolak \(tidak ada yang mendengarkan pada port itu\): apakah server Anda berjalan di sana\?$/,
  },
  {
    what: 'a command that does not exist',
    args: () => ['--', 'no-such-command-charcount'],
    code: 3,
    shows: /^server tidak dapat diperiksa: "no-such-command-charcount" tidak dapat dijalankan: perintah itu tidak ada; periksa perintah setelah --$/,
  },
];

describe('a check with --lang id of a failing server prints no English sentence outside quotes, ids and program output', () => {
  it.each(CASES)('$what', async ({ args, code, shows }) => {
    const port = await quietPort();
    const out = join(outDir, `${port}.json`);
    const run = await runChecker(['--lang', 'id', '--port', String(port), '--format', 'json', '--out', out, ...args()]);
    const context = describeCheckerRun(run);
    expect(run.code, context).toBe(code);
    expect(linesOf(run.stdout).some((line) => shows.test(line)), context).toBe(true);
    expect(englishIn(run.stdout), run.stdout).toEqual([]);
    expect(englishIn(run.stderr), run.stderr).toEqual([]);

    const report = JSON.parse(readFileSync(out, 'utf8')) as CheckReport;
    expect(report.language).toBe('id');
    expect(report.stages.some((stage) => stage.status === 'failed' && stage.details.length > 0), context).toBe(true);
    const json = readableJsonReport(report);
    expect(englishIn(json), json).toEqual([]);
    for (const format of EXPORT_FORMATS.filter((name) => name !== 'json')) {
      const readable = readableExport(format, report);
      expect(englishIn(readable), `--format ${format}:\n${readable}`).toEqual([]);
    }
  });
});

describe('charcount-check\'s own lines with --lang id', () => {
  it('a report it cannot write (--out in a folder that does not exist) is one Indonesian line, exit 2', async () => {
    const port = await quietPort();
    const out = join(outDir, 'no-such-folder', 'report.json');
    const run = await runChecker(['--lang', 'id', '--port', String(port), '--only', 'listen', '--out', out, '--', ...pythonServer('correct-threads.py')]);
    expect(run.code, describeCheckerRun(run)).toBe(2);
    expect(linesOf(run.stderr)).toEqual([`charcount-check: laporan tidak dapat ditulis ke ${out}: ENOENT; periksa --out`]);
    expect(englishIn(run.stdout + run.stderr), run.stdout + run.stderr).toEqual([]);
  });
});

describe('the notices of a check with --lang id', () => {
  it('a program that prints 300 lines gets one Indonesian notice that the rest is not shown', async () => {
    const noisy = `import sys; sys.path.insert(0, ${JSON.stringify(SERVERS_DIR)})
for n in range(300): print("line", n)
import threaded_server; threaded_server.serve()`;
    const run = await runChecker(['--lang', 'id', '--port', String(await quietPort()), '--only', 'listen', '--', 'python3', '-c', noisy]);
    expect(run.code, describeCheckerRun(run)).toBe(0);
    const notices = linesOf(run.stdout).filter((line) => line.startsWith('[checker] '));
    expect(notices).toEqual(['[checker] keluaran server Anda melewati 200 baris; sisanya tidak ditampilkan (baris-baris terakhirnya muncul di jejak kegagalan)']);
    expect(englishIn(run.stdout), run.stdout).toEqual([]);
  });
});

describe('the same check in English', () => {
  it('is caught by the same search (the test is not blind): counts-bytes.py with --lang en', async () => {
    const port = await quietPort();
    const out = join(outDir, `${port}.json`);
    const run = await runChecker(['--lang', 'en', '--port', String(port), '--format', 'json', '--out', out, ...CASES[0]!.args()]);
    expect(run.code, describeCheckerRun(run)).toBe(1);
    expect(englishIn(run.stdout)).toEqual(expect.arrayContaining(['a', 'but']));
    const report = JSON.parse(readFileSync(out, 'utf8')) as CheckReport;
    expect(englishIn(readableJsonReport(report))).toEqual(expect.arrayContaining(['a', 'but']));
    expect(englishIn(readableExport('html', report))).toEqual(expect.arrayContaining(['a', 'but']));
  });
});

/**
 * Each diagnosis a student can meet, produced by a fixture server built to show it (the
 * servers in tests/checker/servers/, each with one fault) and asserted on what the student
 * sees: the `found:` line of the text report in English, its code in the --format json report's
 * `diagnoses`, and the `ditemukan:` line with --lang id. Each case runs the compiled checker
 * twice, with --only the stage where the diagnosis shows (the first one the server fails),
 * three checks at a time, each server on a port of its own.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCheckerRun, linesOf, pythonServer, runChecker, SERVERS_DIR, stopCheckers, type CheckerRun } from './support/checker-run';
import { concurrencyLimit } from './support/limit';
import { quietPort } from './support/ports';
import type { CheckReport } from '../../checker/model';

const outDir = mkdtempSync(join(tmpdir(), 'charcount-diagnosis-'));
afterAll(async () => {
  await stopCheckers();
  rmSync(outDir, { recursive: true, force: true });
});

interface DiagnosisCase {
  /** The fixture server, and the mistake it stands for. */
  file: string;
  mistake: string;
  level?: 'protocol';
  /** The first stage the server fails, where the diagnosis shows. */
  stage: string;
  code: string;
  /** The diagnosis's text (its first line), after `found: ` and after `ditemukan: `. */
  en: RegExp;
  id: RegExp;
  /** The command after `--`, when the server is not a Python file (a Node, Java or C server). */
  command?: () => string[];
  /** Exit code of the checker: 1 (a stage failed) unless the server never listened (3). */
  exitCode?: number;
  /** The hint line under the diagnosis, where the test asserts it: the diagnosis's own fix, in each language. */
  hint?: { en: RegExp; id: RegExp };
  /** The text goes on with the reply and, under it, a caret and these words where the LF belongs. */
  caret?: { en: string; id: string };
}

const CASES: DiagnosisCase[] = [
  {
    file: 'forgets-encode.py',
    mistake: 'forgot .encode()',
    stage: 'reply-text',
    code: 'reply-not-bytes',
    en: /^your program raised an error: "TypeError: a bytes-like object is required, not 'str'" \(forgets-encode\.py, line 12\): it sends a str where a socket takes bytes$/,
    id: /^program Anda mengalami error: "TypeError: a bytes-like object is required, not 'str'" \(forgets-encode\.py, baris 12\): program itu mengirim str, padahal socket menerima byte$/,
  },
  {
    file: 'closes-before-sendall.py',
    mistake: 'closes before sendall',
    stage: 'reply-text',
    code: 'socket-used-after-close',
    en: /^your program raised an error: "OSError: \[Errno 9\] Bad file descriptor" \(closes-before-sendall\.py, line 12\): it uses a socket it has already closed, such as a sendall\(\) after close\(\) or after the `with conn:` block/,
    id: /^program Anda mengalami error: "OSError: \[Errno 9\] Bad file descriptor" \(closes-before-sendall\.py, baris 12\): program itu memakai socket yang sudah ditutupnya, misalnya sendall\(\) sesudah close\(\) atau sesudah blok `with conn:`/,
  },
  {
    file: 'timeout-before-first-byte.py',
    mistake: 'timeout before the first byte',
    stage: 'concurrent-clients',
    code: 'answered-before-message',
    // Nearly always the 0 is there before the client sends; if it crosses the client's message, its time is said instead.
    en: /^your server answered 0 (before this client had sent its message|after \d+ ms without reading the message): a timeout that starts before the first byte \(settimeout before the first recv\) ran out/,
    id: /^server Anda menjawab 0 (sebelum client ini mengirim pesannya|setelah \d+ ms tanpa membaca pesannya): batas waktu yang dimulai sebelum byte pertama \(settimeout sebelum recv pertama\) habis/,
  },
  {
    file: 'counts-bytes.py',
    mistake: 'counts bytes',
    stage: 'count-unicode',
    code: 'count-utf8-bytes',
    en: /^the reply's count, 5, is the message's length in UTF-8 bytes \(len\(data\) before decoding\); it has 4 characters \(code points\)$/,
    id: /^jumlah di balasan, 5, adalah panjang pesan dalam byte UTF-8 \(len\(data\) sebelum didekode\); pesan itu berisi 4 karakter \(titik kode\)$/,
  },
  {
    file: 'counts-utf16.py',
    mistake: 'counts UTF-16 units',
    stage: 'count-unicode',
    code: 'count-utf16-units',
    en: /^the reply's count, 10, is the message's length in UTF-16 units \(Java's length\(\), JavaScript's \.length: an emoji counts 2\); it has 9 characters/,
    id: /^jumlah di balasan, 10, adalah panjang pesan dalam unit UTF-16 .*; pesan itu berisi 9 karakter/,
  },
  {
    file: 'normalizes.py',
    mistake: 'counts NFC-normalised text',
    stage: 'count-unicode',
    code: 'count-normalised',
    en: /^the reply's count, 4, is the message's count after NFC normalisation; as sent, it has 5 characters \(code points\)$/,
    id: /^jumlah di balasan, 4, adalah jumlah karakter pesan setelah normalisasi NFC; sebagaimana dikirim, pesan itu berisi 5 karakter \(titik kode\)$/,
  },
  {
    file: 'one-recv.py',
    mistake: 'counts the first recv only',
    stage: 'long-message',
    code: 'count-first-read',
    en: /^the reply's count, \d+, is the count of only the message's first \d+ bytes, what one recv\(\) returned; the whole message has \d+ characters$/,
    id: /^jumlah di balasan, \d+, hanyalah jumlah dari \d+ byte pertama pesan, yang dikembalikan satu recv\(\); seluruh pesan berisi \d+ karakter$/,
  },
  {
    file: 'replies-per-chunk.py',
    mistake: 'one count per chunk',
    stage: 'long-message',
    code: 'count-per-read',
    en: /^the reply holds one count per piece the message arrived in \(\d+, \d+\): one reply per recv\(\); the whole message has \d+ characters$/,
    id: /^balasannya berisi satu jumlah untuk setiap potongan pesan yang tiba \(\d+, \d+\): satu balasan per recv\(\); seluruh pesan berisi \d+ karakter$/,
  },
  {
    file: 'shared-buffer.py',
    mistake: "another client's count (one buffer for every client)",
    stage: 'concurrent-clients',
    code: 'count-other-client',
    // The first reply to come counts every message together; the others count what is left: 0.
    en: /^the reply's count(, \d+, is the count of several clients' messages together| is 0, though this client's whole message \(\d+ characters\) was sent while 4 other clients sent theirs).*: the clients share one buffer$/,
    id: /^jumlah di balasan(, \d+, adalah jumlah gabungan pesan beberapa client| adalah 0, padahal seluruh pesan client ini \(\d+ karakter\) sudah terkirim ketika 4 client lain mengirim pesannya).*: client-client itu memakai satu buffer yang sama$/,
  },
  {
    file: 'correct-asyncio.py',
    // It also counts the message's LF (11 for "Halo dunia"), so the reply is not called right but for its end.
    mistake: 'missing LF at the protocol level',
    level: 'protocol',
    stage: 'line-framing',
    code: 'line-ending',
    en: /^the reply line never ended: it ended with silence \(no more bytes\) where a line feed \(LF, \\n\) must end it \(its words are compared above\)$/,
    id: /^baris balasan itu tidak pernah berakhir: balasan itu diakhiri keheningan \(tidak ada byte lagi\), padahal harus diakhiri line feed \(LF, \\n\) \(isinya dibandingkan di atas\)$/,
    caret: { en: '^ LF expected here', id: '^ di sini seharusnya LF' },
  },
  {
    file: 'asks-port.py',
    mistake: 'waits for input()',
    stage: 'listen',
    code: 'reads-stdin',
    en: /^your server reads input from the keyboard \("EOFError: EOF when reading a line" \(asks-port\.py, line 9\)\); the checker types nothing, so the read ends at once$/,
    id: /^server Anda membaca masukan dari keyboard \("EOFError: EOF when reading a line" \(asks-port\.py, baris 9\)\); pemeriksa tidak mengetik apa pun, sehingga pembacaan itu langsung berakhir$/,
    exitCode: 3,
  },
  {
    file: 'binds-port-twice.py',
    mistake: 'bind error: address in use (the port bound twice)',
    stage: 'listen',
    code: 'address-in-use',
    en: /^your server could not bind its port: it is already in use \("OSError: \[Errno 98\] Address already in use" \(binds-port-twice\.py, line 24\)\); the checker starts your program only while the port is free, so your program binds it a second time/,
    id: /^server Anda tidak dapat melakukan bind\(\) ke port-nya: port itu sudah dipakai \("OSError: \[Errno 98\] Address already in use" \(binds-port-twice\.py, baris 24\)\); pemeriksa menjalankan program Anda hanya selagi port itu kosong, jadi program Anda melakukan bind\(\) ke port itu untuk kedua kalinya/,
    hint: {
      en: /^hint: bind\(\) the port once: make one listening socket, .* \(lab-notes\/setup\.md#port-12345-is-already-taken\)$/,
      id: /^petunjuk: lakukan bind\(\) ke port itu sekali saja: buat satu socket yang mendengarkan, .* \(lab-notes\/id\/setup\.md#port-12345-sudah-dipakai\)$/,
    },
    exitCode: 3,
  },
  {
    file: 'binds-other-address.py',
    mistake: 'bind error: address not available (an address the machine does not have)',
    stage: 'listen',
    code: 'address-not-available',
    en: /^your server could not bind: the address it names is not one of this machine's \("OSError: \[Errno 99\] Cannot assign requested address" \(binds-other-address\.py, line 21\)\), such as a fixed IP address copied from another machine/,
    id: /^server Anda tidak dapat melakukan bind\(\): alamat yang disebutkannya bukan alamat komputer ini \("OSError: \[Errno 99\] Cannot assign requested address" \(binds-other-address\.py, baris 21\)\), misalnya alamat IP tetap yang disalin dari komputer lain/,
    hint: {
      en: /^hint: bind to "" \(every address of the machine\) or "127\.0\.0\.1", not to a fixed IP address or socket\.gethostname\(\) \(lab-notes\/socket-lifecycle\.md\)$/,
      id: /^petunjuk: lakukan bind\(\) ke "" \(semua alamat komputer\) atau "127\.0\.0\.1", bukan ke alamat IP tertentu atau socket\.gethostname\(\) \(lab-notes\/id\/socket-lifecycle\.md\)$/,
    },
    exitCode: 3,
  },
  {
    file: 'one-client-exits.py',
    mistake: 'exits after one client',
    stage: 'second-client',
    code: 'exited-after-one-client',
    en: /^your server ended with exit code 0 after serving one client: it accepts only one connection, or closes its listening socket after the first$/,
    id: /^server Anda berakhir dengan kode keluar 0 setelah melayani satu client: /,
  },
  {
    file: 'one-client-quiet-period.py',
    mistake: 'exits after one client read with a quiet period (the next client is reset in its backlog)',
    stage: 'second-client',
    code: 'exited-after-one-client',
    en: /^your server ended with exit code 0 after serving one client: /,
    id: /^server Anda berakhir dengan kode keluar 0 setelah melayani satu client: /,
  },
  {
    file: 'english.py',
    mistake: 'right count, own words',
    stage: 'reply-text',
    code: 'reply-wording',
    en: /^the reply's count, (\d+), is right; only the sentence around it differs from the assignment's, which must be sent exactly: "Jumlah karakter dalam kalimat tersebut adalah \1"$/,
    id: /^jumlah di balasan, (\d+), sudah benar; hanya kalimat di sekitarnya yang berbeda dari kalimat tugas, yang harus dikirim persis: "Jumlah karakter dalam kalimat tersebut adalah \1"$/,
  },
  {
    file: 'missing-space.py',
    mistake: 'right count, no space before it',
    stage: 'reply-text',
    code: 'reply-wording',
    en: /^the reply's words and count are right; only its spaces differ from the assignment's sentence: "Jumlah karakter dalam kalimat tersebut adalah \d+"$/,
    id: /^kata-kata dan jumlah di balasan sudah benar; hanya spasinya yang berbeda dari kalimat tugas: "Jumlah karakter dalam kalimat tersebut adalah \d+"$/,
  },
  {
    file: 'several-numbers.py',
    mistake: 'a second number (the bytes) beside the count',
    stage: 'reply-text',
    code: 'several-numbers',
    en: /^the reply holds several numbers \((\d+), \1\), so it states no single count; the right one, \1, is among them$/,
    id: /^balasannya berisi beberapa angka \((\d+), \1\), sehingga tidak menyatakan satu jumlah; jumlah yang benar, \1, ada di antaranya$/,
  },
  // The seconds are the wait as it ran: 3 s on a quiet machine, a little more on a busy one.
  {
    file: 'one-at-a-time.py',
    mistake: 'serves one client at a time',
    stage: 'concurrent-clients',
    code: 'one-client-at-a-time',
    en: /^no reply in [\d.]+ s while client 1, connected earlier, was still connected and had sent nothing: a server that serves one client at a time is still in client 1's recv\(\)/,
    id: /^tidak ada balasan dalam [\d.]+ detik selagi client 1, yang terhubung lebih dulu, masih terhubung dan belum mengirim apa pun: server yang melayani satu client pada satu waktu masih berada di recv\(\) milik client 1/,
  },
  {
    // The lab's own classic server (the starting point of write-your-server.md): accept, serve, loop.
    file: 'lab-notes/classic/classic_server.py',
    mistake: 'serves one client at a time, with a small listen() backlog',
    stage: 'concurrent-clients',
    code: 'one-client-at-a-time',
    en: /^a new connection got no answer while client 1, connected earlier, was still connected and had sent nothing: a server that serves one client at a time does not call accept\(\) again until client 1 is done/,
    id: /^koneksi baru tidak mendapat jawaban selagi client 1, yang terhubung lebih dulu, masih terhubung dan belum mengirim apa pun: server yang melayani satu client pada satu waktu tidak memanggil accept\(\) lagi/,
  },
  {
    file: 'answers-after-close.py',
    mistake: 'reads until the client closes',
    stage: 'reply-text',
    code: 'waits-for-close',
    en: /^no byte came back in [\d.]+ s while the client waited without closing: your server is still reading, waiting for the client to close/,
    id: /^tidak ada byte yang kembali dalam [\d.]+ detik selagi client menunggu tanpa menutup koneksi: /,
  },
  {
    file: 'crashes-on-invalid.py',
    mistake: 'dies of invalid UTF-8',
    stage: 'invalid-utf8',
    code: 'cannot-decode',
    en: /^your program raised an error: "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 3: invalid start byte" \(threaded_server\.py, line \d+\)$/,
    id: /^program Anda mengalami error: "UnicodeDecodeError: .*" \(threaded_server\.py, baris \d+\)$/,
    hint: {
      en: /^hint: decode with errors="replace" \(or catch UnicodeDecodeError and reply anyway\), so that one client's invalid bytes cannot stop the server \(lab-notes\/write-your-server\.md#5-invalid-utf8-survive-bytes-that-are-not-utf-8\)$/,
      id: /^petunjuk: dekode dengan errors="replace" .* \(lab-notes\/id\/write-your-server\.md#5-invalid-utf8-bertahan-dari-byte-yang-bukan-utf-8\)$/,
    },
  },
  {
    // The starter decodes what one recv() returned: a character split across two writes crashes it.
    file: 'starter/python/server.py',
    mistake: 'decodes each recv() on its own (the starter)',
    stage: 'split-character',
    code: 'decodes-piece',
    en: /^your program raised an error: "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xc3 in position 3: unexpected end of data" \(server\.py, line \d+\): the message was valid UTF-8, but your program decoded a piece of it on its own/,
    id: /^program Anda mengalami error: "UnicodeDecodeError: .*" \(server\.py, baris \d+\): pesannya UTF-8 yang valid, tetapi program Anda mendekode satu potongannya secara terpisah/,
    hint: {
      en: /^hint: join the bytes of every recv\(\) first and decode the whole message once .* \(lab-notes\/write-your-server\.md#3-split-character-decode-the-whole-message-not-each-read\)$/,
      id: /^petunjuk: gabungkan byte dari setiap recv\(\) lebih dulu, lalu dekode seluruh pesan sekali .* \(lab-notes\/id\/write-your-server\.md#3-split-character-dekode-seluruh-pesan-bukan-setiap-pembacaan\)$/,
    },
  },
  // A crash in another language: the error line Node and Java print, the signal that kills a C server.
  {
    file: 'crashes-node.mjs',
    mistake: 'a Node server crashes (TypeError: socket.write() of a number)',
    stage: 'reply-text',
    code: 'program-error',
    en: /^your program raised an error: "TypeError \[ERR_INVALID_ARG_TYPE\]: The "chunk" argument must be of type string or an instance of Buffer.*Received type number \(\d+\)" \(crashes-node\.mjs, line 13\)$/,
    id: /^program Anda mengalami error: "TypeError \[ERR_INVALID_ARG_TYPE\]: .*" \(crashes-node\.mjs, baris 13\)$/,
    hint: {
      en: /^hint: the error above stopped your program: fix the line of your code it names \(in brackets\), and catch errors inside the code that serves one client/,
      id: /^petunjuk: error di atas menghentikan program Anda: perbaiki baris kode Anda yang disebutkannya \(di dalam kurung\)/,
    },
    command: () => [process.execPath, join(SERVERS_DIR, 'crashes-node.mjs')],
  },
  {
    file: 'CrashesJava.java',
    mistake: 'a Java server crashes (StringIndexOutOfBoundsException: substring up to a newline that is not there)',
    stage: 'reply-text',
    code: 'program-error',
    en: /^your program raised an error: "java\.lang\.StringIndexOutOfBoundsException: begin 0, end -1, length \d+" \(CrashesJava\.java, line 26\)$/,
    id: /^program Anda mengalami error: "java\.lang\.StringIndexOutOfBoundsException: begin 0, end -1, length \d+" \(CrashesJava\.java, baris 26\)$/,
    hint: {
      en: /^hint: the error above stopped your program: fix the line of your code it names/,
      id: /^petunjuk: error di atas menghentikan program Anda: perbaiki baris kode Anda/,
    },
    command: () => ['java', '-cp', compiledJava(), 'CrashesJava'],
  },
  {
    file: 'crashes-c.c',
    mistake: 'a C server crashes (SIGSEGV: a write through the NULL strchr() returns)',
    stage: 'reply-text',
    code: 'killed-by-signal',
    en: /^your program was killed by SIGSEGV \(a segmentation fault: it read or wrote memory it does not own, e\.g\. past the end of a buffer\)$/,
    id: /^program Anda dihentikan oleh sinyal SIGSEGV \(segmentation fault: program membaca atau menulis memori yang bukan miliknya, misalnya melewati ujung buffer\)$/,
    hint: {
      en: /^hint: find the line where it crashed: run it under a debugger .*strchr\(\) and strstr\(\) return NULL when they find nothing/,
      id: /^petunjuk: cari baris tempat program itu crash: jalankan dengan debugger .*strchr\(\) dan strstr\(\) mengembalikan NULL jika tidak menemukan apa pun/,
    },
    command: () => [compiledC()],
  },
];

const inTurn = concurrencyLimit(3);

/** CrashesJava.java, compiled once as a student does (javac, then java): the JVM alone starts well within the start time on a busy machine; compiling the source at each start may not. */
let builtJava: string | null = null;
function compiledJava(): string {
  if (builtJava === null) {
    execFileSync('javac', ['-d', outDir, join(SERVERS_DIR, 'CrashesJava.java')]);
    builtJava = outDir;
  }
  return builtJava;
}

/** crashes-c.c, built once into the test's own folder (cc -O0: the fault must stay as written). */
let builtC: string | null = null;
function compiledC(): string {
  if (builtC === null) {
    execFileSync('cc', ['-O0', '-o', join(outDir, 'crashes-c'), join(SERVERS_DIR, 'crashes-c.c')]);
    builtC = join(outDir, 'crashes-c');
  }
  return builtC;
}

/** The Java and C servers need a JDK and a C compiler. */
const onPath = (command: string, flag: string): boolean => spawnSync(command, [flag], { stdio: 'ignore' }).status === 0;
const TOOLS: Record<string, boolean> = { 'CrashesJava.java': onPath('javac', '-version'), 'crashes-c.c': onPath('cc', '--version') };

function check(diagnosis: DiagnosisCase, more: string[]): Promise<CheckerRun> {
  const level = diagnosis.level === undefined ? [] : ['--level', diagnosis.level];
  const command = diagnosis.command?.() ?? pythonServer(diagnosis.file);
  return inTurn(async () => runChecker(['--port', String(await quietPort()), ...level, '--only', diagnosis.stage, ...more, '--', ...command]));
}

/** The diagnosis lines of the text report: the first after its label, then the lines that continue it (indented deeper). */
function diagnosisLines(stdout: string, label: 'found' | 'ditemukan'): string[][] {
  const lines = linesOf(stdout);
  const found: string[][] = [];
  for (const [index, line] of lines.entries()) {
    const head = new RegExp(`^(\\s+)${label}: (.*)$`).exec(line);
    if (head === null) continue;
    const rest = lines.slice(index + 1);
    const end = rest.findIndex((next) => !next.startsWith(`${head[1]}  `));
    found.push([head[2]!, ...rest.slice(0, end === -1 ? rest.length : end).map((next) => next.slice(head[1]!.length + 2))]);
  }
  return found;
}

/** The failed stage's hint line (one stage runs), without its indentation. */
function hintLine(stdout: string): string | undefined {
  return linesOf(stdout)
    .map((line) => line.trim())
    .find((line) => /^(hint|petunjuk): /.test(line));
}

/** The reply quoted on the second line, and the caret on the third under its closing quote: where its LF should have been. */
function expectCaret(lines: string[], words: string): void {
  expect(lines).toHaveLength(3);
  const [, reply, under] = lines as [string, string, string];
  expect(reply).toMatch(/^"Jumlah karakter dalam kalimat tersebut adalah \d+"$/);
  expect(under.trimStart()).toBe(words);
  expect(under.indexOf('^')).toBe(reply.length - 1);
}

describe.concurrent('each diagnosis, from the fixture server that makes it', () => {
  it.for(CASES)('$mistake ($file): at $stage, found: $code, in English, in the json report and in Indonesian', async (diagnosis, { expect, skip }) => {
    if (TOOLS[diagnosis.file] === false) skip(`${diagnosis.file} needs javac (a JDK) or cc on PATH`);
    const out = join(outDir, `${diagnosis.file.replaceAll('/', '_')}-${diagnosis.stage}.json`);
    const [english, indonesian] = await Promise.all([check(diagnosis, ['--format', 'json', '--out', out]), check(diagnosis, ['--lang', 'id'])]);
    for (const run of [english, indonesian]) expect(run.code, describeCheckerRun(run)).toBe(diagnosis.exitCode ?? 1);

    const report = JSON.parse(readFileSync(out, 'utf8')) as CheckReport;
    const stage = report.stages.find((each) => each.id === diagnosis.stage);
    expect(stage?.status, describeCheckerRun(english)).toBe('failed');
    expect(stage?.diagnoses.map((each) => each.code)).toEqual([diagnosis.code]);

    const en = diagnosisLines(english.stdout, 'found');
    expect(en, describeCheckerRun(english)).toHaveLength(1);
    expect(en[0]![0]).toMatch(diagnosis.en);
    // The text shows the report's diagnosis, every line of it.
    expect(en[0]!.join('\n')).toBe(stage?.diagnoses[0]?.text);

    const id = diagnosisLines(indonesian.stdout, 'ditemukan');
    expect(id, describeCheckerRun(indonesian)).toHaveLength(1);
    expect(id[0]![0]).toMatch(diagnosis.id);
    expect(indonesian.stdout).not.toMatch(/^\s+found: /m);

    if (diagnosis.hint !== undefined) {
      expect(hintLine(english.stdout)).toMatch(diagnosis.hint.en);
      expect(hintLine(indonesian.stdout)).toMatch(diagnosis.hint.id);
    }
    if (diagnosis.caret !== undefined) {
      expectCaret(en[0]!, diagnosis.caret.en);
      expectCaret(id[0]!, diagnosis.caret.id);
    }
  });


  it('an earlier run of the server still holds the port (two copies of one server): listen fails saying so and what to do, in both languages', async ({ expect }) => {
    const port = await quietPort();
    // The first copy, as a student leaves it running in another window.
    const first = spawn(pythonServer('correct-threads.py')[0]!, pythonServer('correct-threads.py').slice(1), { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [said] = (await once(first.stdout, 'data')) as [Buffer];
      expect(said.toString()).toContain(`listening on localhost:${port}`);
      const copy = ['--port', String(port), '--only', 'listen', '--', ...pythonServer('correct-threads.py')];
      const [english, indonesian] = await Promise.all([inTurn(() => runChecker(copy)), inTurn(() => runChecker(['--lang', 'id', ...copy]))]);
      for (const run of [english, indonesian]) expect(run.code, describeCheckerRun(run)).toBe(3);
      expect(english.stdout).toContain(`expected your server to listen on port ${port}, but got port ${port} is already in use by another program; stop it, or check that server with --host and --port instead`);
      expect(indonesian.stdout).toContain(`diharapkan server Anda mendengarkan pada port ${port}, tetapi yang didapat port ${port} sudah dipakai program lain; hentikan program itu, atau periksa server tersebut dengan --host dan --port`);
      // The first copy was not touched: it still serves.
      expect(first.exitCode).toBeNull();
    } finally {
      first.kill();
    }
  });
});

/**
 * What a student reads first under a failed stage: the cause the checker found, from the
 * facts of the failure, the stage's record and the program's last output. Each case is a
 * mistake students make, with the exact "found:" text in both languages.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../checker/diagnosis/diagnose';
import type { DiagnosisInput, FailureFacts } from '../../checker/diagnosis/facts';
import { DEFAULT_EXPECTED_REPLY, type RecordEvent } from '../../checker/model';
import type { Language } from '../../language';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const reply = (n: number): Uint8Array => bytes(DEFAULT_EXPECTED_REPLY.replace('{n}', String(n)));

function found(language: Language, facts: FailureFacts, more: { record?: RecordEvent[]; lastOutput?: string[]; stageId?: string } = {}): string[] {
  const input: DiagnosisInput = {
    language,
    stageId: more.stageId ?? 'reply-text',
    facts,
    record: more.record ?? [],
    expectedReply: DEFAULT_EXPECTED_REPLY,
    lastOutput: more.lastOutput ?? [],
  };
  return diagnose(input).map((diagnosis) => `${diagnosis.code}: ${diagnosis.text}`);
}

const both = (facts: FailureFacts, more?: Parameters<typeof found>[2]): { en: string[]; id: string[] } => ({ en: found('en', facts, more), id: found('id', facts, more) });

const exit = (code: number | null, signal: string | null = null): RecordEvent => ({ at: 50, kind: 'program-exit', code, signal });
const output = (lines: string[]): RecordEvent[] => lines.map((line, i) => ({ at: 10 + i, kind: 'program-output', line }));

function count(message: string, foundCount: number | null, changes: Partial<Extract<FailureFacts, { kind: 'count' }>> = {}): FailureFacts {
  const expected = [...message].length;
  return {
    kind: 'count',
    message: bytes(message),
    writeStarts: [],
    expected,
    reply: foundCount === null ? bytes('') : reply(foundCount),
    ending: 'close',
    found: foundCount,
    otherMessages: [],
    replyAfterMs: 4,
    beforeLastByte: false,
    ...changes,
  };
}

const noReply = (ending: Extract<FailureFacts, { kind: 'no-reply' }>['ending'], waitedMs = 3000): FailureFacts => ({
  kind: 'no-reply',
  message: bytes('Selamat pagi'),
  ending,
  bytes: new Uint8Array(),
  waitedMs,
  expected: bytes('Jumlah karakter dalam kalimat tersebut adalah 12\n'),
});

describe('the program\'s own error, quoted with its file and line', () => {
  it('Python: forgot .encode()', () => {
    const traceback = [
      'Traceback (most recent call last):',
      '  File "/home/siti/tugas/server.py", line 14, in <module>',
      '    conn.sendall(balasan)',
      "TypeError: a bytes-like object is required, not 'str'",
    ];
    expect(both(noReply('close'), { record: [...output(traceback), exit(1)] })).toEqual({
      en: [`reply-not-bytes: your program raised an error: "TypeError: a bytes-like object is required, not 'str'" (server.py, line 14): it sends a str where a socket takes bytes`],
      id: [`reply-not-bytes: program Anda mengalami error: "TypeError: a bytes-like object is required, not 'str'" (server.py, baris 14): program itu mengirim str, padahal socket menerima byte`],
    });
  });

  it('Python: the student\'s own frame, not the library\'s, and a thread that died while the program runs on', () => {
    const traceback = [
      'Exception in thread Thread-3 (layani):',
      'Traceback (most recent call last):',
      '  File "C:\\Users\\budi\\server.py", line 9, in layani',
      '    teks = data.decode()',
      '  File "/usr/lib/python3.13/encodings/utf_8.py", line 16, in decode',
      "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 3: invalid start byte",
    ];
    expect(found('id', noReply('close'), { record: output(traceback), stageId: 'invalid-utf8' })).toEqual([
      `cannot-decode: program Anda mengalami error: "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 3: invalid start byte" (server.py, baris 9)`,
    ]);
  });

  it('a decode error where the checker sent valid UTF-8 (split-character): the program decoded a piece cut inside a character', () => {
    const traceback = ['  File "/home/siti/server.py", line 18, in <module>', "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xc3 in position 3: unexpected end of data"];
    expect(both(noReply('close'), { record: [...output(traceback), exit(1)], stageId: 'split-character' })).toEqual({
      en: [
        `decodes-piece: your program raised an error: "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xc3 in position 3: unexpected end of data" (server.py, line 18): the message was valid UTF-8, but your program decoded a piece of it on its own (what one recv() returned), cut inside a character`,
      ],
      id: [
        `decodes-piece: program Anda mengalami error: "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xc3 in position 3: unexpected end of data" (server.py, baris 18): pesannya UTF-8 yang valid, tetapi program Anda mendekode satu potongannya secara terpisah (yang dikembalikan satu recv()), yang terpotong di tengah sebuah karakter`,
      ],
    });
  });

  it('Java, Node and C', () => {
    const java = ['Exception in thread "main" java.lang.NullPointerException: Cannot invoke "String.length()"', '\tat java.base/java.lang.String.valueOf(String.java:4465)', '\tat Server.main(Server.java:21)'];
    expect(found('en', noReply('close'), { record: [...output(java), exit(1)] })).toEqual([
      'program-error: your program raised an error: "java.lang.NullPointerException: Cannot invoke "String.length()"" (Server.java, line 21)',
    ]);
    const node = ['/home/ani/server.js:12', '    socket.write(count.toString() + 1n);', '                                     ^', '', 'TypeError: Cannot mix BigInt and other types, use explicit conversions', '    at Socket.<anonymous> (/home/ani/server.js:12:38)', '    at Socket.emit (node:events:518:28)', '', 'Node.js v24.1.0'];
    expect(found('id', noReply('close'), { record: [...output(node), exit(1)] })).toEqual([
      'program-error: program Anda mengalami error: "TypeError: Cannot mix BigInt and other types, use explicit conversions" (server.js, baris 12)',
    ]);
    expect(found('en', noReply('reset'), { record: [exit(null, 'SIGSEGV')] })).toEqual([
      'killed-by-signal: your program was killed by SIGSEGV (a segmentation fault: it read or wrote memory it does not own, e.g. past the end of a buffer)',
    ]);
    expect(found('id', noReply('reset'), { record: [exit(null, 'SIGSEGV')] })).toEqual([
      'killed-by-signal: program Anda dihentikan oleh sinyal SIGSEGV (segmentation fault: program membaca atau menulis memori yang bukan miliknya, misalnya melewati ujung buffer)',
    ]);
  });

  it('the program\'s output of its current run explains a connection closed without a reply, even with no exit seen yet', () => {
    const lastOutput = ['Waiting...', 'Traceback (most recent call last):', '  File "/submission/server.py", line 17, in <module>', '    conn.sendall(reply)', "TypeError: a bytes-like object is required, not 'str'"];
    expect(found('id', noReply('close'), { lastOutput })).toEqual([
      `reply-not-bytes: program Anda mengalami error: "TypeError: a bytes-like object is required, not 'str'" (server.py, baris 17): program itu mengirim str, padahal socket menerima byte`,
    ]);
  });

  it('a reply that came is not blamed on an error printed earlier by the same run (a thread that died before)', () => {
    expect(found('en', count('café ☕', 9), { lastOutput: ['Traceback (most recent call last):', 'ValueError: old'] })).toEqual([
      'count-utf8-bytes: the reply\'s count, 9, is the message\'s length in UTF-8 bytes (len(data) before decoding); it has 6 characters (code points)',
    ]);
  });

  it('Java frames as the checker keeps them, a tab shown as \\t', () => {
    const java = ['Exception in thread "main" java.net.BindException: Address already in use', '\\tat java.base/sun.nio.ch.Net.bind0(Native Method)', '\\tat Server.main(Server.java:9)'];
    expect(found('en', { kind: 'never-listened', timedOut: false }, { lastOutput: java })).toEqual([
      'address-in-use: your server could not bind its port: it is already in use ("java.net.BindException: Address already in use" (Server.java, line 9)); the checker starts your program only while the port is free, so your program binds it a second time (a second socket, or a second server started by the same program), or binds a port other than the one in PORT, which another program holds',
    ]);
  });
});

describe('a server that cannot start', () => {
  const neverListened: FailureFacts = { kind: 'never-listened', timedOut: false };
  it('waits for input()', () => {
    const lines = ['Port: Traceback (most recent call last):', '  File "/submission/server.py", line 3, in <module>', '    port = int(input("Port: "))', 'EOFError: EOF when reading a line'];
    expect(both(neverListened, { lastOutput: lines, stageId: 'listen' })).toEqual({
      en: ['reads-stdin: your server reads input from the keyboard ("EOFError: EOF when reading a line" (server.py, line 3)); the checker types nothing, so the read ends at once'],
      id: ['reads-stdin: server Anda membaca masukan dari keyboard ("EOFError: EOF when reading a line" (server.py, baris 3)); pemeriksa tidak mengetik apa pun, sehingga pembacaan itu langsung berakhir'],
    });
    expect(found('en', neverListened, { lastOutput: ['Exception in thread "main" java.util.NoSuchElementException', '\tat java.base/java.util.Scanner.nextInt(Scanner.java:2212)', '\tat Server.main(Server.java:7)'] })).toEqual([
      'reads-stdin: your server reads input from the keyboard ("java.util.NoSuchElementException" (Server.java, line 7)); the checker types nothing, so the read ends at once',
    ]);
  });

  it('bind errors: address in use, address not available, a host name that resolves to nothing, a C perror line', () => {
    expect(both(neverListened, { lastOutput: ['Traceback (most recent call last):', '  File "server.py", line 5, in <module>', 'OSError: [Errno 98] Address already in use'] })).toEqual({
      en: ['address-in-use: your server could not bind its port: it is already in use ("OSError: [Errno 98] Address already in use" (server.py, line 5)); the checker starts your program only while the port is free, so your program binds it a second time (a second socket, or a second server started by the same program), or binds a port other than the one in PORT, which another program holds'],
      id: ['address-in-use: server Anda tidak dapat melakukan bind() ke port-nya: port itu sudah dipakai ("OSError: [Errno 98] Address already in use" (server.py, baris 5)); pemeriksa menjalankan program Anda hanya selagi port itu kosong, jadi program Anda melakukan bind() ke port itu untuk kedua kalinya (socket kedua, atau server kedua yang dijalankan oleh program yang sama), atau melakukan bind() ke port selain yang ada di PORT, yang dipakai program lain'],
    });
    expect(both(neverListened, { lastOutput: ['  File "server.py", line 6, in <module>', 'OSError: [Errno 99] Cannot assign requested address'] })).toEqual({
      en: ['address-not-available: your server could not bind: the address it names is not one of this machine\'s ("OSError: [Errno 99] Cannot assign requested address" (server.py, line 6)), such as a fixed IP address copied from another machine or a network this one has left'],
      id: ['address-not-available: server Anda tidak dapat melakukan bind(): alamat yang disebutkannya bukan alamat komputer ini ("OSError: [Errno 99] Cannot assign requested address" (server.py, baris 6)), misalnya alamat IP tetap yang disalin dari komputer lain atau dari jaringan yang sudah ditinggalkan komputer ini'],
    });
    expect(both(neverListened, { lastOutput: ['  File "C:\\Users\\budi\\server.py", line 4, in <module>', 'socket.gaierror: [Errno 11001] getaddrinfo failed'] })).toEqual({
      en: ['name-not-resolved: your server could not bind: the host name it names resolves to no address ("socket.gaierror: [Errno 11001] getaddrinfo failed" (server.py, line 4)), as socket.gethostname() may on a machine whose name is in no hosts file or DNS'],
      id: ['name-not-resolved: server Anda tidak dapat melakukan bind(): nama host yang disebutkannya tidak menunjuk ke alamat mana pun ("socket.gaierror: [Errno 11001] getaddrinfo failed" (server.py, baris 4)), seperti socket.gethostname() di komputer yang namanya tidak tercantum di file hosts atau DNS'],
    });
    expect(found('en', neverListened, { lastOutput: ['bind failed: Address already in use'] })).toEqual([
      'address-in-use: your server could not bind its port: it is already in use ("bind failed: Address already in use"); the checker starts your program only while the port is free, so your program binds it a second time (a second socket, or a second server started by the same program), or binds a port other than the one in PORT, which another program holds',
    ]);
  });

  it('bind errors of Node and Java servers: the error line Node prints for an unhandled listen error, and its macOS and Java twins', () => {
    const node = ['node:events:486', '      throw er; // Unhandled \'error\' event', '      ^', '', 'Error: listen EADDRINUSE: address already in use :::12345', '    at Server.setupListenHandle [as _listen2] (node:net:1940:16)', '    at listenInCluster (node:net:1997:12)', '    at Object.<anonymous> (/home/ani/server.js:20:8)'];
    expect(found('en', neverListened, { lastOutput: node })).toEqual([
      'address-in-use: your server could not bind its port: it is already in use ("Error: listen EADDRINUSE: address already in use :::12345" (server.js, line 20)); the checker starts your program only while the port is free, so your program binds it a second time (a second socket, or a second server started by the same program), or binds a port other than the one in PORT, which another program holds',
    ]);
    expect(found('id', neverListened, { lastOutput: ['Error: listen EADDRNOTAVAIL: address not available 192.168.1.10:12345', '    at /home/ani/server.js:20:8'] }).map((line) => line.split(':')[0])).toEqual(['address-not-available']);
    expect(found('id', neverListened, { lastOutput: ['OSError: [Errno 49] Can\'t assign requested address'] }).map((line) => line.split(':')[0])).toEqual(['address-not-available']);
    expect(found('id', neverListened, { lastOutput: ['Exception in thread "main" java.net.UnknownHostException: laptop-budi: Name or service not known', '\tat Server.main(Server.java:8)'] }).map((line) => line.split(':')[0])).toEqual(['name-not-resolved']);
  });
});

describe('a count explained', () => {
  it('UTF-8 bytes, UTF-16 units, NFC', () => {
    expect(both(count('café ☕', 9), { stageId: 'count-unicode' })).toEqual({
      en: ['count-utf8-bytes: the reply\'s count, 9, is the message\'s length in UTF-8 bytes (len(data) before decoding); it has 6 characters (code points)'],
      id: ['count-utf8-bytes: jumlah di balasan, 9, adalah panjang pesan dalam byte UTF-8 (len(data) sebelum didekode); pesan itu berisi 6 karakter (titik kode)'],
    });
    expect(found('id', count('halo 😀', 7))).toEqual([
      'count-utf16-units: jumlah di balasan, 7, adalah panjang pesan dalam unit UTF-16 (length() di Java, .length di JavaScript: satu emoji dihitung 2); pesan itu berisi 6 karakter (titik kode)',
    ]);
    expect(found('en', count('cafe\u0301', 4))).toEqual([
      'count-normalised: the reply\'s count, 4, is the message\'s count after NFC normalisation; as sent, it has 5 characters (code points)',
    ]);
  });

  it('only the first 1024 bytes, one count per piece', () => {
    const long = 'a'.repeat(1500);
    expect(both(count(long, 1024), { stageId: 'long-message' })).toEqual({
      en: ['count-first-read: the reply\'s count, 1024, is the count of only the message\'s first 1024 bytes, what one recv() returned; the whole message has 1500 characters'],
      id: ['count-first-read: jumlah di balasan, 1024, hanyalah jumlah dari 1024 byte pertama pesan, yang dikembalikan satu recv(); seluruh pesan berisi 1500 karakter'],
    });
    const perChunk = count('Kafé ok', null, { writeStarts: [4], reply: bytes(`${DEFAULT_EXPECTED_REPLY.replace('{n}', '4')}${DEFAULT_EXPECTED_REPLY.replace('{n}', '4')}`) });
    expect(found('id', perChunk)).toEqual([
      'count-per-read: balasannya berisi satu jumlah untuk setiap potongan pesan yang tiba (4, 4): satu balasan per recv(); seluruh pesan berisi 7 karakter',
    ]);
  });

  it('another client\'s message, and several clients\' together (a shared buffer)', () => {
    const others = [bytes('Selamat malam, dunia'), bytes('Apa kabar')];
    expect(found('en', count('Halo', 20, { otherMessages: others }))).toEqual([
      'count-other-client: the reply\'s count, 20, is the count of another client\'s message, sent at the same time; this client\'s message has 4 characters: the clients share a variable',
    ]);
    expect(found('id', count('Halo', 13, { otherMessages: others }))).toEqual([
      'count-other-client: jumlah di balasan, 13, adalah jumlah gabungan pesan beberapa client; pesan client ini berisi 4 karakter: client-client itu memakai satu buffer yang sama',
    ]);
  });
});

describe('a reply that states no single count', () => {
  it('several numbers, the right one among them; and none at all', () => {
    expect(both(count('café', null, { reply: bytes('4 karakter, 5 byte') }), { stageId: 'count-unicode' })).toEqual({
      en: ['several-numbers: the reply holds several numbers (4, 5), so it states no single count; the right one, 4, is among them'],
      id: ['several-numbers: balasannya berisi beberapa angka (4, 5), sehingga tidak menyatakan satu jumlah; jumlah yang benar, 4, ada di antaranya'],
    });
    expect(found('en', count('café', null, { reply: bytes('Jumlah karakter: empat') }))).toEqual(['no-number: the reply holds no number; the message has 4 characters']);
  });
});

describe('the right count in the wrong sentence (reply-text)', () => {
  const wording = (reply: string): FailureFacts => ({
    kind: 'reply-text',
    message: bytes('Halo, apa kabar?'),
    expected: reply16,
    reply: bytes(reply),
    ending: 'quiet',
    lineRequired: false,
  });
  const reply16 = reply(16);

  it('other words, or the message echoed around the count: the count is right, the sentence is not', () => {
    expect(both(wording('The number of characters in that sentence is 16'))).toEqual({
      en: ['reply-wording: the reply\'s count, 16, is right; only the sentence around it differs from the assignment\'s, which must be sent exactly: "Jumlah karakter dalam kalimat tersebut adalah 16"'],
      id: ['reply-wording: jumlah di balasan, 16, sudah benar; hanya kalimat di sekitarnya yang berbeda dari kalimat tugas, yang harus dikirim persis: "Jumlah karakter dalam kalimat tersebut adalah 16"'],
    });
    expect(found('en', wording('Pesan "Halo, apa kabar?" memiliki 16 karakter'))[0]).toMatch(/^reply-wording: the reply's count, 16, is right/);
  });

  it('only the spaces differ', () => {
    expect(found('id', wording('Jumlah karakter dalam kalimat tersebut adalah16'))).toEqual([
      'reply-wording: kata-kata dan jumlah di balasan sudah benar; hanya spasinya yang berbeda dari kalimat tugas: "Jumlah karakter dalam kalimat tersebut adalah 16"',
    ]);
  });

  it('a second number beside the right count', () => {
    expect(found('en', wording('16 karakter, 16 byte'))).toEqual(['several-numbers: the reply holds several numbers (16, 16), so it states no single count; the right one, 16, is among them']);
  });

  it('says nothing of the words when the count is wrong too', () => {
    expect(found('en', wording('The number of characters is 15'))).toEqual([]);
  });
});

describe('an answer before the message was complete', () => {
  it('0 already there before the message was sent: a timeout that started before the first byte', () => {
    expect(both(count('Selamat pagi', 0, { replyAfterMs: 2.4, beforeLastByte: true }), { stageId: 'concurrent-clients' })).toEqual({
      en: [
        'answered-before-message: your server answered 0 before this client had sent its message: a timeout that starts before the first byte (settimeout before the first recv) ran out while the client, connected, had not sent yet',
      ],
      id: [
        'answered-before-message: server Anda menjawab 0 sebelum client ini mengirim pesannya: batas waktu yang dimulai sebelum byte pertama (settimeout sebelum recv pertama) habis ketika client, yang sudah terhubung, belum mengirim',
      ],
    });
  });

  it('0 just after the message, with no other client sending: the same timeout, by its time', () => {
    expect(both(count('Selamat pagi', 0, { replyAfterMs: 2.4 }), { stageId: 'concurrent-clients' })).toEqual({
      en: ['answered-before-message: your server answered 0 after 2 ms without reading the message: a timeout that starts before the first byte (settimeout before the first recv) ran out while the client had not sent yet'],
      id: ['answered-before-message: server Anda menjawab 0 setelah 2 ms tanpa membaca pesannya: batas waktu yang dimulai sebelum byte pertama (settimeout sebelum recv pertama) habis ketika client belum mengirim'],
    });
  });

  it('0 for a whole message sent while other clients sent theirs: another client took its bytes, not a timeout', () => {
    const others = [bytes('Halo (client 6)!'), bytes('Halo (client 7)!!')];
    expect(both(count('Halo (client 8)!!!', 0, { otherMessages: others, replyAfterMs: 60 }), { stageId: 'concurrent-clients' })).toEqual({
      en: [
        "count-other-client: the reply's count is 0, though this client's whole message (18 characters) was sent while 2 other clients sent theirs: another client's handler counted this client's bytes with its own: the clients share one buffer",
      ],
      id: [
        'count-other-client: jumlah di balasan adalah 0, padahal seluruh pesan client ini (18 karakter) sudah terkirim ketika 2 client lain mengirim pesannya: handler client lain menghitung byte client ini bersama byte-nya sendiri: client-client itu memakai satu buffer yang sama',
      ],
    });
  });

  it('a part of the message counted, before its last byte was sent', () => {
    expect(found('en', count('Selamat pagi, dunia', 7, { replyAfterMs: 12, beforeLastByte: true, writeStarts: [9] }))).toEqual([
      'answered-before-message: your server answered 7 12 ms after the first byte, before the message\'s last byte was sent: it counted only what had arrived by then',
    ]);
  });
});

describe('a reply whose only difference is its line ending', () => {
  it('names the ending and puts a caret where the LF belongs (under the closing quote)', () => {
    const facts: FailureFacts = { kind: 'reply-text', message: bytes('Selamat pagi'), expected: reply(12), reply: reply(12), ending: 'close', lineRequired: true };
    expect(both(facts, { stageId: 'line-framing' })).toEqual({
      en: [
        'line-ending: the reply is right but for its end: it ended with the server closing the connection where a line feed (LF, \\n) must end it\n' +
          '"Jumlah karakter dalam kalimat tersebut adalah 12"\n' +
          `${' '.repeat(49)}^ LF expected here`,
      ],
      id: [
        'line-ending: balasannya benar kecuali akhirnya: balasan itu diakhiri server menutup koneksi, padahal harus diakhiri line feed (LF, \\n)\n' +
          '"Jumlah karakter dalam kalimat tersebut adalah 12"\n' +
          `${' '.repeat(49)}^ di sini seharusnya LF`,
      ],
    });
  });

  it('a protocol reply line cut off by the close: called right but for its end only when its bytes are the due line', () => {
    const due = bytes('Jumlah karakter dalam kalimat tersebut adalah 12\n');
    const cut = (reply: string): FailureFacts => ({ kind: 'no-reply', message: bytes('Selamat pagi'), ending: 'close', bytes: bytes(reply), waitedMs: 5, expected: due });
    expect(found('en', cut('Jumlah karakter dalam kalimat tersebut adalah 12'), { stageId: 'line-framing' })[0]).toMatch(/^line-ending: the reply is right but for its end: /u);
    const wrong = both(cut('Jumlah karakter dalam kalimat tersebut adalah 13'), { stageId: 'line-framing' });
    expect(wrong.en[0]).toMatch(/^line-ending: the reply line never ended: it ended with the server closing the connection where a line feed \(LF, \\n\) must end it/u);
    expect(wrong.id[0]).toMatch(/^line-ending: baris balasan itu tidak pernah berakhir: /u);
    expect([...wrong.en, ...wrong.id].join('\n')).not.toMatch(/right but|benar kecuali/u);
  });

  it('says nothing of the ending when the assignment takes any ending (only of the words)', () => {
    const facts: FailureFacts = { kind: 'reply-text', message: bytes('x'), expected: reply(1), reply: bytes('Jumlah: 1'), ending: 'close', lineRequired: false };
    expect(found('en', facts).map((line) => line.split(':')[0])).toEqual(['reply-wording']);
  });
});

describe('no reply', () => {
  it('waits for the client to close (reads until b"")', () => {
    expect(both(noReply('timeout', 3000))).toEqual({
      en: ['waits-for-close: no byte came back in 3 s while the client waited without closing: your server is still reading, waiting for the client to close (recv returning b"") or for more bytes'],
      id: ['waits-for-close: tidak ada byte yang kembali dalam 3 detik selagi client menunggu tanpa menutup koneksi: server Anda masih membaca, menunggu client menutup koneksi (recv mengembalikan b"") atau menunggu byte lain'],
    });
  });

  it('a FIN sent only when the checker closed after the wait is not a half-close before it; one sent before is', () => {
    const timeout: RecordEvent = { at: 3010, kind: 'timeout', client: 'client 1', waitedMs: 3000 };
    const fin: RecordEvent = { at: 3020, kind: 'fin-sent', client: 'client 1' };
    expect(found('en', noReply('timeout'), { record: [timeout, fin] })[0]).toMatch(/^waits-for-close: /);
    expect(found('id', noReply('timeout'), { record: [{ ...fin, at: 5 }, timeout] })).toEqual([
      'silent-after-close: server Anda sudah menerima seluruh pesan dan half-close dari client, lalu tidak mengirim apa pun dalam 3 detik',
    ]);
  });

  it('closes before sendall', () => {
    expect(found('id', noReply('close'))).toEqual([
      'closed-without-reply: server Anda menutup koneksi tanpa mengirim satu byte pun (FIN tanpa balasan): server itu menutup koneksi, atau handler-nya berakhir, sebelum sendall() dijalankan',
    ]);
  });

  it('sendall after the with block: the error names the socket used after its close', () => {
    const traceback = [
      'Exception in thread Thread-1 (handle_client):',
      'Traceback (most recent call last):',
      '  File "/home/siti/server.py", line 12, in handle_client',
      '    conn.sendall(balasan.encode())',
      'OSError: [Errno 9] Bad file descriptor',
    ];
    expect(found('en', noReply('close'), { record: output(traceback) })).toEqual([
      'socket-used-after-close: your program raised an error: "OSError: [Errno 9] Bad file descriptor" (server.py, line 12): it uses a socket it has already closed, such as a sendall() after close() or after the `with conn:` block that closed it, so the client got no reply',
    ]);
    expect(found('id', noReply('close'), { record: output(['OSError: [WinError 10038] An operation was attempted on something that is not a socket']) })[0]).toMatch(
      /^socket-used-after-close: program Anda mengalami error: "OSError: \[WinError 10038\] .*": program itu memakai socket yang sudah ditutupnya/,
    );
  });

  it('no reply while an earlier client is connected and silent: a server that serves one client at a time, not one that waits for a close', () => {
    const record: RecordEvent[] = [
      { at: 1, kind: 'connect', client: 'client 1', address: 'localhost:12345' },
      { at: 2, kind: 'connect', client: 'client 2', address: 'localhost:12345' },
      { at: 3, kind: 'send', client: 'client 2', bytes: { length: 4, base64: 'SGFsbw==', omitted: 0 } },
      { at: 60, kind: 'fin-sent', client: 'client 2' },
      { at: 3010, kind: 'timeout', client: 'client 2', waitedMs: 3000 },
    ];
    expect(both(noReply('timeout'), { record, stageId: 'concurrent-clients' })).toEqual({
      en: [
        "one-client-at-a-time: no reply in 3 s while client 1, connected earlier, was still connected and had sent nothing: a server that serves one client at a time is still in client 1's recv() and reads no other client until client 1 is done",
      ],
      id: [
        'one-client-at-a-time: tidak ada balasan dalam 3 detik selagi client 1, yang terhubung lebih dulu, masih terhubung dan belum mengirim apa pun: server yang melayani satu client pada satu waktu masih berada di recv() milik client 1 dan tidak membaca client lain sampai client 1 selesai',
      ],
    });
    // An earlier client that has sent (and been answered) is not what the server waits for.
    const answered: RecordEvent = { at: 1, kind: 'send', client: 'client 1', bytes: { length: 2, base64: 'SGk=', omitted: 0 } };
    expect(found('en', noReply('timeout'), { record: [record[0]!, answered, ...record.slice(1)] })[0]).toMatch(/^silent-after-close: /);
  });
});

describe('a connection not accepted while an earlier client is connected and silent', () => {
  it('the classic server: accept() is not called again until client 1 is done, and the backlog is full', () => {
    const record: RecordEvent[] = [
      { at: 1, kind: 'connect', client: 'client 1', address: 'localhost:12345' },
      { at: 2, kind: 'connect', client: 'client 2', address: 'localhost:12345' },
      { at: 3005, kind: 'connect-failed', client: 'client 3', reason: 'timeout' },
    ];
    expect(both({ kind: 'other' }, { record, stageId: 'concurrent-clients' })).toEqual({
      en: [
        'one-client-at-a-time: a new connection got no answer while client 1, connected earlier, was still connected and had sent nothing: a server that serves one client at a time does not call accept() again until client 1 is done, and the connections waiting for it fill the listen() backlog',
      ],
      id: [
        'one-client-at-a-time: koneksi baru tidak mendapat jawaban selagi client 1, yang terhubung lebih dulu, masih terhubung dan belum mengirim apa pun: server yang melayani satu client pada satu waktu tidak memanggil accept() lagi sampai client 1 selesai, dan koneksi yang menunggunya memenuhi backlog listen()',
      ],
    });
  });
});

describe('a server that stopped listening', () => {
  it('a connection refused while the program runs, after an earlier one was accepted: it closed its listening socket', () => {
    const record: RecordEvent[] = [
      { at: 1, kind: 'connect', client: 'client 1', address: 'localhost:12345' },
      { at: 2, kind: 'connect-failed', client: 'client 2', reason: 'refused' },
    ];
    expect(both({ kind: 'other' }, { record, stageId: 'concurrent-clients' })).toEqual({
      en: ["stopped-listening: client 2's connection was refused while your server was still running: it closed its listening socket once it had accepted client 1, so no other client can connect"],
      id: ['stopped-listening: koneksi client 2 ditolak padahal server Anda masih berjalan: server itu menutup socket yang mendengarkan begitu client 1 diterima, sehingga client lain tidak dapat terhubung'],
    });
    // A program that exited is the exit's business; a refusal with no client accepted before says nothing of a close.
    expect(found('en', { kind: 'other' }, { record: [...record, exit(0)] })).toEqual([]);
    expect(found('en', { kind: 'other' }, { record: record.slice(1) })).toEqual([]);
  });

  it('is found in the run of the program the refusal met: an earlier run\'s exit and restart at the stage\'s start say nothing against it', () => {
    const record: RecordEvent[] = [
      exit(0),
      { at: 1, kind: 'program-start' },
      { at: 2, kind: 'connect', client: 'client 1', address: 'localhost:12345' },
      { at: 3, kind: 'connect-failed', client: 'client 2', reason: 'refused' },
    ];
    expect(found('en', { kind: 'other' }, { record })).toEqual([expect.stringMatching(/^stopped-listening: client 2's connection was refused/)]);
    // Accepted by the earlier run only: that run's close is not this one's.
    expect(found('en', { kind: 'other' }, { record: [record[2]!, exit(0), record[1]!, record[3]!] })).toEqual([]);
  });
});

describe('a connection reset as it opened', () => {
  it('the stage\'s first connection, reset: the listening socket was being closed (a one-client server on its way out)', () => {
    const record: RecordEvent[] = [{ at: 94, kind: 'connect-failed', client: 'client 1', reason: 'reset' }];
    expect(both({ kind: 'other' }, { record, stageId: 'second-client' })).toEqual({
      en: [
        "stopped-listening: client 1's connection was reset as it opened: your server was closing its listening socket when it came (a close() after serving its client, or the program on its way out after the previous client)",
      ],
      id: [
        'stopped-listening: koneksi client 1 di-reset saat sedang dibuka: server Anda sedang menutup socket yang mendengarkan ketika koneksi itu datang (close() setelah melayani client-nya, atau program yang sedang berhenti setelah client sebelumnya)',
      ],
    });
    // A reset after a client of the stage connected is not this (a backlog, a crash): nothing is said of it here.
    const later: RecordEvent[] = [{ at: 1, kind: 'connect', client: 'client 1', address: 'localhost:12345' }, { at: 5, kind: 'connect-failed', client: 'client 2', reason: 'reset' }];
    expect(found('en', { kind: 'other' }, { record: later })).toEqual([]);
  });
});

describe('an exit after one client', () => {
  it('one client, then exit code 0; and a server that loops but leaves its loop', () => {
    expect(both({ kind: 'exited', clientsServed: 1 }, { record: [exit(0)], stageId: 'second-client' })).toEqual({
      en: ['exited-after-one-client: your server ended with exit code 0 after serving one client: it accepts only one connection, or closes its listening socket after the first'],
      id: ['exited-after-one-client: server Anda berakhir dengan kode keluar 0 setelah melayani satu client: server itu hanya menerima satu koneksi, atau menutup socket yang mendengarkan setelah client pertama'],
    });
    expect(found('en', { kind: 'exited', clientsServed: 3 }, { record: [exit(0)] })).toEqual([
      'exited-after-clients: your server ended with exit code 0 after serving 3 clients: it does loop, but something ends the loop (a break, a return, an exception outside the per-client handling)',
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inEachLanguage, sameInEachLanguage, type BlockSource, type NotesRun, type Translated } from '../block-source';

export interface LifecycleStep {
  classic: Translated;
  ours: Translated;
  file: string;
  /** The line of `file` that does it; the first match wins. */
  line: RegExp;
  /**
   * The function of `file` that holds that line, as `Class.method`, `object.method` or `function`:
   * tests/loopback/lifecycle-table.test.ts checks that the line lies in it and that the server calls it.
   */
  runs: string;
  /** What the test watches being called instead, when `runs` cannot be watched (a constructor): `module export`. */
  watch?: string;
}

/** The classic program's calls, in its order, next to what charcount-server (ACCELERATION=off) does instead. */
export const LIFECYCLE_STEPS: LifecycleStep[] = [
  {
    classic: sameInEachLanguage('`socket.socket(AF_INET, SOCK_STREAM)`'),
    ours: {
      en: '`createServer(...)`: a TCP server object; Node opens the listening socket (IPv4 and IPv6) when it listens',
      id: '`createServer(...)`: sebuah objek server TCP; Node baru membuka socket yang mendengarkan (IPv4 dan IPv6) saat server mulai mendengarkan',
    },
    file: 'server/charcount-server.ts',
    line: /createServer\(/,
    runs: 'CharCountServer.constructor',
    watch: 'node:net createServer',
  },
  {
    classic: sameInEachLanguage('`bind((HOST, PORT))`, `listen(1)`'),
    ours: {
      en: '`server.listen({ port, host })`: bind and listen in one call; the backlog is 511, not 1',
      id: '`server.listen({ port, host })`: *bind* dan *listen* dalam satu pemanggilan; *backlog*-nya 511, bukan 1',
    },
    file: 'server/charcount-server.ts',
    line: /this\.server\.listen\(/,
    runs: 'CharCountServer.listen',
  },
  {
    classic: { en: '`accept()`, once', id: '`accept()`, sekali' },
    ours: {
      en: "the `'connection'` callback: called for every client, for as long as the server runs",
      id: "*callback* `'connection'`: dipanggil untuk setiap client, selama server berjalan",
    },
    file: 'server/charcount-server.ts',
    line: /private onConnection\(/,
    runs: 'CharCountServer.onConnection',
  },
  {
    classic: { en: '`recv(1024)`, once', id: '`recv(1024)`, sekali' },
    ours: {
      en: "`socket.on('data', ...)`: called for every read, with whatever TCP has delivered (1 byte to 64 KiB), for as long as the connection lasts",
      id: "`socket.on('data', ...)`: dipanggil untuk setiap pembacaan, dengan apa pun yang sudah diantarkan TCP (1 byte sampai 64 KiB), selama koneksi berlangsung",
    },
    file: 'server/seams.ts',
    line: /accepted\.on\('data'/,
    runs: 'dataEvents.read',
  },
  {
    classic: { en: '(none: one read is taken to be one message)', id: '(tidak ada: satu pembacaan dianggap satu pesan)' },
    ours: {
      en: '`decoder.push(chunk, ...)`: finds each newline, keeps a message that is not complete yet, even a character cut in half',
      id: '`decoder.push(chunk, ...)`: mencari setiap baris baru dan menyimpan pesan yang belum lengkap, bahkan karakter yang terpotong di tengah',
    },
    file: 'server/client-connection.ts',
    line: /this\.decoder\.push\(/,
    runs: 'ClientConnection.process',
    watch: 'protocol/message-decoder.ts MessageDecoder.push',
  },
  {
    classic: sameInEachLanguage('`len(data.decode())`'),
    ours: {
      en: '`validPrefixEnd(...)`, then `countCodePoints(...)`: validates the UTF-8 and counts code points, the same number as `len()`, without decoding; invalid bytes get an `ERROR` reply instead of a crash',
      id: '`validPrefixEnd(...)`, lalu `countCodePoints(...)`: memvalidasi UTF-8 dan menghitung titik kode, angka yang sama dengan `len()`, tanpa mendekode; byte yang tidak valid mendapat balasan `ERROR`, bukan *crash*',
    },
    file: 'protocol/utf8-kernel.ts',
    line: /validPrefixEnd\(bytes, start, end\) \{/,
    runs: 'plainUtf8Kernel.validPrefixEnd',
  },
  {
    classic: { en: '`print(...)` of the request and address', id: '`print(...)` untuk permintaan dan alamat client' },
    ours: {
      en: "`logger.info('message', ...)`: one escaped log line per message, with the client's address and port",
      id: "`logger.info('message', ...)`: satu baris log per pesan dengan karakter khusus ditulis sebagai *escape*, beserta alamat dan port client",
    },
    file: 'server/connection-log.ts',
    line: /logger\.info\('message'/,
    runs: 'logMessage',
  },
  {
    classic: sameInEachLanguage('`sendall(response.encode())`'),
    ours: {
      en: '`socket.write(replies)`: all replies of a read in one write, each ending with a newline; stops reading while the client does not read',
      id: '`socket.write(replies)`: semua balasan dari satu pembacaan dalam satu penulisan, masing-masing diakhiri baris baru; berhenti membaca selama client tidak membaca',
    },
    file: 'server/client-connection.ts',
    line: /this\.socket\.write\(replies\)/,
    runs: 'ClientConnection.flushReplies',
  },
  {
    classic: sameInEachLanguage('`client_socket.close()`'),
    ours: {
      en: "`socket.end()`: after the client's own end (its FIN), an idle timeout or shutdown, always after the replies it owes; only the idle timeout and shutdown cut short a message still arriving",
      id: "`socket.end()`: setelah client sendiri mengakhiri koneksi (FIN-nya), setelah batas waktu menganggur, atau saat shutdown, selalu sesudah balasan yang masih terutang; hanya batas waktu menganggur dan shutdown yang memotong pesan yang masih berdatangan",
    },
    file: 'server/client-connection.ts',
    line: /this\.socket\.end\(\)/,
    runs: 'ClientConnection.end',
  },
  {
    classic: { en: '`server_socket.close()`, then the program ends', id: '`server_socket.close()`, lalu programnya selesai' },
    ours: {
      en: '`server.close()`, only on SIGTERM or Ctrl-C: stop accepting, answer what clients already sent, then exit 0',
      id: '`server.close()`, hanya saat SIGTERM atau Ctrl-C: berhenti menerima koneksi, menjawab apa yang sudah dikirim client, lalu keluar dengan kode 0',
    },
    file: 'server/charcount-server.ts',
    line: /this\.server\.close\(\)/,
    runs: 'CharCountServer.shutdown',
  },
];

const HEADER: Translated = {
  en: '| classic Python call | what charcount-server does instead | where |',
  id: '| pemanggilan di Python klasik | yang dilakukan charcount-server sebagai gantinya | letaknya |',
};

function lineOf(root: string, step: LifecycleStep): number {
  const lines = readFileSync(join(root, step.file), 'utf8').split('\n');
  const index = lines.findIndex((line) => step.line.test(line));
  if (index === -1) {
    throw new Error(`${step.file} has no line matching ${step.line}; the socket lifecycle table links to it, so update LIFECYCLE_STEPS in notes-generator/sources/socket-lifecycle.ts`);
  }
  return index + 1;
}

export const socketLifecycleBlocks: BlockSource = {
  title: 'socket lifecycle (source code)',
  blocks: ['socket-lifecycle'],
  async produce(run: NotesRun) {
    const links = LIFECYCLE_STEPS.map((step) => {
      const line = lineOf(run.root, step);
      return `[${step.file}:${line}](../${step.file}#L${line})`;
    });
    const table = inEachLanguage((language) =>
      [HEADER[language], '|---|---|---|', ...LIFECYCLE_STEPS.map((step, index) => `| ${step.classic[language]} | ${step.ours[language]} | ${links[index]} |`)].join('\n'),
    );
    return new Map([['socket-lifecycle', table]]);
  },
};

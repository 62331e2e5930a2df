/**
 * What the checker found, as a student reads it in a failure's trace ("found: …"), in both
 * languages. Quoted program output and bytes stay as the program printed or sent them.
 */
import { bilingual } from '../../language';

/** Where in the student's code an error happened, when the output says so. */
interface Place {
  file: string | null;
  line: number | null;
}

const placeEn = (p: Place): string => (p.file === null ? '' : p.line === null ? ` (${p.file})` : ` (${p.file}, line ${p.line})`);
const placeId = (p: Place): string => (p.file === null ? '' : p.line === null ? ` (${p.file})` : ` (${p.file}, baris ${p.line})`);

const exitEn = (code: number | null): string => (code === null ? '' : ` with exit code ${code}`);
const exitId = (code: number | null): string => (code === null ? '' : ` dengan kode keluar ${code}`);

const SIGNALS_EN: Record<string, string> = {
  SIGSEGV: 'a segmentation fault: it read or wrote memory it does not own, e.g. past the end of a buffer',
  SIGBUS: 'a bus error: a memory access the machine cannot do',
  SIGABRT: 'abort(): a failed assert() or a corrupted heap',
  SIGFPE: 'an arithmetic error, such as a division by zero',
  SIGILL: 'an illegal instruction',
  SIGPIPE: 'a write to a connection the client had already closed',
};

const SIGNALS_ID: Record<string, string> = {
  SIGSEGV: 'segmentation fault: program membaca atau menulis memori yang bukan miliknya, misalnya melewati ujung buffer',
  SIGBUS: 'bus error: akses memori yang tidak dapat dilakukan mesin',
  SIGABRT: 'abort(): assert() yang gagal atau heap yang rusak',
  SIGFPE: 'kesalahan aritmetika, misalnya pembagian dengan nol',
  SIGILL: 'instruksi yang tidak sah',
  SIGPIPE: 'penulisan ke koneksi yang sudah ditutup client',
};

export const DIAGNOSIS_TEXTS = bilingual({
  programError: {
    en: (p: Place & { error: string }) => `your program raised an error: "${p.error}"${placeEn(p)}`,
    id: (p) => `program Anda mengalami error: "${p.error}"${placeId(p)}`,
  },
  replyNotBytes: {
    en: (p: Place & { error: string }) => `your program raised an error: "${p.error}"${placeEn(p)}: it sends a str where a socket takes bytes`,
    id: (p) => `program Anda mengalami error: "${p.error}"${placeId(p)}: program itu mengirim str, padahal socket menerima byte`,
  },
  socketUsedAfterClose: {
    en: (p: Place & { error: string }) =>
      `your program raised an error: "${p.error}"${placeEn(p)}: it uses a socket it has already closed, such as a sendall() after close() or after the \`with conn:\` block that closed it, so the client got no reply`,
    id: (p) =>
      `program Anda mengalami error: "${p.error}"${placeId(p)}: program itu memakai socket yang sudah ditutupnya, misalnya sendall() sesudah close() atau sesudah blok \`with conn:\` yang menutupnya, sehingga client tidak menerima balasan`,
  },
  decodesPiece: {
    en: (p: Place & { error: string }) =>
      `your program raised an error: "${p.error}"${placeEn(p)}: the message was valid UTF-8, but your program decoded a piece of it on its own (what one recv() returned), cut inside a character`,
    id: (p) =>
      `program Anda mengalami error: "${p.error}"${placeId(p)}: pesannya UTF-8 yang valid, tetapi program Anda mendekode satu potongannya secara terpisah (yang dikembalikan satu recv()), yang terpotong di tengah sebuah karakter`,
  },
  readsStdin: {
    en: (p: Place & { error: string }) =>
      `your server reads input from the keyboard ("${p.error}"${placeEn(p)}); the checker types nothing, so the read ends at once`,
    id: (p) => `server Anda membaca masukan dari keyboard ("${p.error}"${placeId(p)}); pemeriksa tidak mengetik apa pun, sehingga pembacaan itu langsung berakhir`,
  },
  addressInUse: {
    en: (p: Place & { error: string }) =>
      `your server could not bind its port: it is already in use ("${p.error}"${placeEn(p)}); the checker starts your program only while the port is free, so your program binds it a second time (a second socket, or a second server started by the same program), or binds a port other than the one in PORT, which another program holds`,
    id: (p) =>
      `server Anda tidak dapat melakukan bind() ke port-nya: port itu sudah dipakai ("${p.error}"${placeId(p)}); pemeriksa menjalankan program Anda hanya selagi port itu kosong, jadi program Anda melakukan bind() ke port itu untuk kedua kalinya (socket kedua, atau server kedua yang dijalankan oleh program yang sama), atau melakukan bind() ke port selain yang ada di PORT, yang dipakai program lain`,
  },
  addressNotAvailable: {
    en: (p: Place & { error: string }) =>
      `your server could not bind: the address it names is not one of this machine's ("${p.error}"${placeEn(p)}), such as a fixed IP address copied from another machine or a network this one has left`,
    id: (p) =>
      `server Anda tidak dapat melakukan bind(): alamat yang disebutkannya bukan alamat komputer ini ("${p.error}"${placeId(p)}), misalnya alamat IP tetap yang disalin dari komputer lain atau dari jaringan yang sudah ditinggalkan komputer ini`,
  },
  nameNotResolved: {
    en: (p: Place & { error: string }) =>
      `your server could not bind: the host name it names resolves to no address ("${p.error}"${placeEn(p)}), as socket.gethostname() may on a machine whose name is in no hosts file or DNS`,
    id: (p) =>
      `server Anda tidak dapat melakukan bind(): nama host yang disebutkannya tidak menunjuk ke alamat mana pun ("${p.error}"${placeId(p)}), seperti socket.gethostname() di komputer yang namanya tidak tercantum di file hosts atau DNS`,
  },
  killedBySignal: {
    en: (p: { signal: string }) => `your program was killed by ${p.signal}${SIGNALS_EN[p.signal] === undefined ? '' : ` (${SIGNALS_EN[p.signal]})`}`,
    id: (p) => `program Anda dihentikan oleh sinyal ${p.signal}${SIGNALS_ID[p.signal] === undefined ? '' : ` (${SIGNALS_ID[p.signal]})`}`,
  },
  exitedAfterOneClient: {
    en: (p: { exitCode: number | null }) =>
      `your server ended${exitEn(p.exitCode)} after serving one client: it accepts only one connection, or closes its listening socket after the first`,
    id: (p) => `server Anda berakhir${exitId(p.exitCode)} setelah melayani satu client: server itu hanya menerima satu koneksi, atau menutup socket yang mendengarkan setelah client pertama`,
  },
  exitedAfterClients: {
    en: (p: { exitCode: number | null; clients: number }) =>
      `your server ended${exitEn(p.exitCode)} after serving ${p.clients} clients: it does loop, but something ends the loop (a break, a return, an exception outside the per-client handling)`,
    id: (p) => `server Anda berakhir${exitId(p.exitCode)} setelah melayani ${p.clients} client: perulangannya ada, tetapi sesuatu mengakhirinya (break, return, atau exception di luar penanganan per client)`,
  },
  stoppedListening: {
    en: (p: { client: string; accepted: string }) =>
      `${p.client}'s connection was refused while your server was still running: it closed its listening socket once it had accepted ${p.accepted}, so no other client can connect`,
    id: (p) =>
      `koneksi ${p.client} ditolak padahal server Anda masih berjalan: server itu menutup socket yang mendengarkan begitu ${p.accepted} diterima, sehingga client lain tidak dapat terhubung`,
  },
  resetAsItOpened: {
    en: (p: { client: string }) =>
      `${p.client}'s connection was reset as it opened: your server was closing its listening socket when it came (a close() after serving its client, or the program on its way out after the previous client)`,
    id: (p) =>
      `koneksi ${p.client} di-reset saat sedang dibuka: server Anda sedang menutup socket yang mendengarkan ketika koneksi itu datang (close() setelah melayani client-nya, atau program yang sedang berhenti setelah client sebelumnya)`,
  },
  answeredZeroAtOnce: {
    en: (p: { ms: number }) =>
      `your server answered 0 after ${p.ms} ms without reading the message: a timeout that starts before the first byte (settimeout before the first recv) ran out while the client had not sent yet`,
    id: (p) => `server Anda menjawab 0 setelah ${p.ms} ms tanpa membaca pesannya: batas waktu yang dimulai sebelum byte pertama (settimeout sebelum recv pertama) habis ketika client belum mengirim`,
  },
  answeredZeroBeforeMessage: {
    en: () =>
      'your server answered 0 before this client had sent its message: a timeout that starts before the first byte (settimeout before the first recv) ran out while the client, connected, had not sent yet',
    id: () =>
      'server Anda menjawab 0 sebelum client ini mengirim pesannya: batas waktu yang dimulai sebelum byte pertama (settimeout sebelum recv pertama) habis ketika client, yang sudah terhubung, belum mengirim',
  },
  answeredBeforeMessage: {
    en: (p: { ms: number; found: number }) =>
      `your server answered ${p.found} ${p.ms} ms after the first byte, before the message's last byte was sent: it counted only what had arrived by then`,
    id: (p) => `server Anda menjawab ${p.found} ${p.ms} ms setelah byte pertama, sebelum byte terakhir pesan dikirim: server itu hanya menghitung yang sudah tiba saat itu`,
  },
  countUtf8Bytes: {
    en: (p: { found: number; expected: number }) =>
      `the reply's count, ${p.found}, is the message's length in UTF-8 bytes (len(data) before decoding); it has ${p.expected} characters (code points)`,
    id: (p) => `jumlah di balasan, ${p.found}, adalah panjang pesan dalam byte UTF-8 (len(data) sebelum didekode); pesan itu berisi ${p.expected} karakter (titik kode)`,
  },
  countUtf16Units: {
    en: (p: { found: number; expected: number }) =>
      `the reply's count, ${p.found}, is the message's length in UTF-16 units (Java's length(), JavaScript's .length: an emoji counts 2); it has ${p.expected} characters (code points)`,
    id: (p) => `jumlah di balasan, ${p.found}, adalah panjang pesan dalam unit UTF-16 (length() di Java, .length di JavaScript: satu emoji dihitung 2); pesan itu berisi ${p.expected} karakter (titik kode)`,
  },
  countNormalised: {
    en: (p: { found: number; expected: number; form: string }) =>
      `the reply's count, ${p.found}, is the message's count after ${p.form} normalisation; as sent, it has ${p.expected} characters (code points)`,
    id: (p) => `jumlah di balasan, ${p.found}, adalah jumlah karakter pesan setelah normalisasi ${p.form}; sebagaimana dikirim, pesan itu berisi ${p.expected} karakter (titik kode)`,
  },
  countGraphemes: {
    en: (p: { found: number; expected: number }) =>
      `the reply's count, ${p.found}, is the message's count of graphemes (characters as they look); it has ${p.expected} characters (code points)`,
    id: (p) => `jumlah di balasan, ${p.found}, adalah jumlah grafem pesan (karakter sebagaimana tampak); pesan itu berisi ${p.expected} karakter (titik kode)`,
  },
  countFirstRead: {
    en: (p: { found: number; expected: number; bytes: number }) =>
      `the reply's count, ${p.found}, is the count of only the message's first ${p.bytes} bytes, what one recv() returned; the whole message has ${p.expected} characters`,
    id: (p) => `jumlah di balasan, ${p.found}, hanyalah jumlah dari ${p.bytes} byte pertama pesan, yang dikembalikan satu recv(); seluruh pesan berisi ${p.expected} karakter`,
  },
  countPerRead: {
    en: (p: { counts: string; expected: number }) =>
      `the reply holds one count per piece the message arrived in (${p.counts}): one reply per recv(); the whole message has ${p.expected} characters`,
    id: (p) => `balasannya berisi satu jumlah untuk setiap potongan pesan yang tiba (${p.counts}): satu balasan per recv(); seluruh pesan berisi ${p.expected} karakter`,
  },
  countOtherClient: {
    en: (p: { found: number; expected: number }) =>
      `the reply's count, ${p.found}, is the count of another client's message, sent at the same time; this client's message has ${p.expected} characters: the clients share a variable`,
    id: (p) => `jumlah di balasan, ${p.found}, adalah jumlah pesan client lain yang dikirim pada saat yang sama; pesan client ini berisi ${p.expected} karakter: client-client itu memakai variabel yang sama`,
  },
  countClientsTogether: {
    en: (p: { found: number; expected: number }) =>
      `the reply's count, ${p.found}, is the count of several clients' messages together; this client's message has ${p.expected} characters: the clients share one buffer`,
    id: (p) => `jumlah di balasan, ${p.found}, adalah jumlah gabungan pesan beberapa client; pesan client ini berisi ${p.expected} karakter: client-client itu memakai satu buffer yang sama`,
  },
  countTakenByOtherClient: {
    en: (p: { expected: number; others: number }) =>
      `the reply's count is 0, though this client's whole message (${p.expected} characters) was sent while ${p.others} other clients sent theirs: another client's handler counted this client's bytes with its own: the clients share one buffer`,
    id: (p) =>
      `jumlah di balasan adalah 0, padahal seluruh pesan client ini (${p.expected} karakter) sudah terkirim ketika ${p.others} client lain mengirim pesannya: handler client lain menghitung byte client ini bersama byte-nya sendiri: client-client itu memakai satu buffer yang sama`,
  },
  replyWording: {
    en: (p: { count: number; expected: string }) =>
      `the reply's count, ${p.count}, is right; only the sentence around it differs from the assignment's, which must be sent exactly: ${p.expected}`,
    id: (p) => `jumlah di balasan, ${p.count}, sudah benar; hanya kalimat di sekitarnya yang berbeda dari kalimat tugas, yang harus dikirim persis: ${p.expected}`,
  },
  replySpacing: {
    en: (p: { expected: string }) => `the reply's words and count are right; only its spaces differ from the assignment's sentence: ${p.expected}`,
    id: (p) => `kata-kata dan jumlah di balasan sudah benar; hanya spasinya yang berbeda dari kalimat tugas: ${p.expected}`,
  },
  severalNumbersRightAmong: {
    en: (p: { numbers: string; expected: number }) =>
      `the reply holds several numbers (${p.numbers}), so it states no single count; the right one, ${p.expected}, is among them`,
    id: (p) => `balasannya berisi beberapa angka (${p.numbers}), sehingga tidak menyatakan satu jumlah; jumlah yang benar, ${p.expected}, ada di antaranya`,
  },
  severalNumbers: {
    en: (p: { numbers: string; expected: number }) => `the reply holds several numbers (${p.numbers}), so it states no single count; the message has ${p.expected} characters`,
    id: (p) => `balasannya berisi beberapa angka (${p.numbers}), sehingga tidak menyatakan satu jumlah; pesan itu berisi ${p.expected} karakter`,
  },
  noNumber: {
    en: (p: { expected: number }) => `the reply holds no number; the message has ${p.expected} characters`,
    id: (p) => `balasannya tidak berisi angka; pesan itu berisi ${p.expected} karakter`,
  },
  lineEnding: {
    en: (p: { ending: string; reply: string; caret: number }) =>
      `the reply is right but for its end: it ended with ${p.ending} where a line feed (LF, \\n) must end it\n${p.reply}\n${' '.repeat(p.caret)}^ LF expected here`,
    id: (p) => `balasannya benar kecuali akhirnya: balasan itu diakhiri ${p.ending}, padahal harus diakhiri line feed (LF, \\n)\n${p.reply}\n${' '.repeat(p.caret)}^ di sini seharusnya LF`,
  },
  lineNeverEnded: {
    en: (p: { ending: string; reply: string; caret: number }) =>
      `the reply line never ended: it ended with ${p.ending} where a line feed (LF, \\n) must end it (its words are compared above)\n${p.reply}\n${' '.repeat(p.caret)}^ LF expected here`,
    id: (p) =>
      `baris balasan itu tidak pernah berakhir: balasan itu diakhiri ${p.ending}, padahal harus diakhiri line feed (LF, \\n) (isinya dibandingkan di atas)\n${p.reply}\n${' '.repeat(p.caret)}^ di sini seharusnya LF`,
  },
  waitsForClose: {
    en: (p: { seconds: number }) =>
      `no byte came back in ${p.seconds} s while the client waited without closing: your server is still reading, waiting for the client to close (recv returning b"") or for more bytes`,
    id: (p) => `tidak ada byte yang kembali dalam ${p.seconds} detik selagi client menunggu tanpa menutup koneksi: server Anda masih membaca, menunggu client menutup koneksi (recv mengembalikan b"") atau menunggu byte lain`,
  },
  busyWithEarlierClient: {
    en: (p: { seconds: number; client: string }) =>
      `no reply in ${p.seconds} s while ${p.client}, connected earlier, was still connected and had sent nothing: a server that serves one client at a time is still in ${p.client}'s recv() and reads no other client until ${p.client} is done`,
    id: (p) =>
      `tidak ada balasan dalam ${p.seconds} detik selagi ${p.client}, yang terhubung lebih dulu, masih terhubung dan belum mengirim apa pun: server yang melayani satu client pada satu waktu masih berada di recv() milik ${p.client} dan tidak membaca client lain sampai ${p.client} selesai`,
  },
  notAcceptedWhileBusy: {
    en: (p: { client: string }) =>
      `a new connection got no answer while ${p.client}, connected earlier, was still connected and had sent nothing: a server that serves one client at a time does not call accept() again until ${p.client} is done, and the connections waiting for it fill the listen() backlog`,
    id: (p) =>
      `koneksi baru tidak mendapat jawaban selagi ${p.client}, yang terhubung lebih dulu, masih terhubung dan belum mengirim apa pun: server yang melayani satu client pada satu waktu tidak memanggil accept() lagi sampai ${p.client} selesai, dan koneksi yang menunggunya memenuhi backlog listen()`,
  },
  silentAfterClose: {
    en: (p: { seconds: number }) => `your server got the whole message and the client's half-close, then sent nothing in ${p.seconds} s`,
    id: (p) => `server Anda sudah menerima seluruh pesan dan half-close dari client, lalu tidak mengirim apa pun dalam ${p.seconds} detik`,
  },
  closedWithoutReply: {
    en: () => 'your server closed the connection without sending a byte (a FIN and no reply): it closes the connection, or ends its handler, before sendall() runs',
    id: () => 'server Anda menutup koneksi tanpa mengirim satu byte pun (FIN tanpa balasan): server itu menutup koneksi, atau handler-nya berakhir, sebelum sendall() dijalankan',
  },
  resetWithoutReply: {
    en: () => 'your server reset the connection (RST) without a reply: a socket closed while bytes it had not read were still waiting in it',
    id: () => 'server Anda me-reset koneksi (RST) tanpa balasan: socket-nya ditutup ketika masih ada byte yang belum dibacanya',
  },
});

/** How a reply ended, named for the line-ending diagnosis. */
export const ENDING_NAMES = bilingual({
  lf: { en: () => 'a line feed (LF)', id: () => 'line feed (LF)' },
  crlf: { en: () => 'a CR LF pair (\\r\\n)', id: () => 'pasangan CR LF (\\r\\n)' },
  close: { en: () => 'the server closing the connection', id: () => 'server menutup koneksi' },
  quiet: { en: () => 'silence (no more bytes)', id: () => 'keheningan (tidak ada byte lagi)' },
  timeout: { en: () => 'nothing within the time limit', id: () => 'tidak ada apa pun dalam batas waktu' },
  reset: { en: () => 'a reset (RST)', id: () => 'reset (RST)' },
});

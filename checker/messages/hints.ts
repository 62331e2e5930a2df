/**
 * What to do about a failed stage, in the report's language, and the lab-notes section that
 * shows it in that language (lab-notes/*.md for English, lab-notes/id/*.md for Indonesian).
 * A diagnosis that names the cause (diagnosis/diagnose.ts) brings its own hint, which then
 * replaces the stage's generic one: a student whose threaded server answered `0` at once is
 * not told to add threads.
 *
 * Links resolve against one notes base: `lab-notes/` (repository-relative, for a clone) or
 * the URL given with --notes-url (an offline page, an LMS, a bundled checker).
 */
import type { Language } from '../../language';
import type { Diagnosis } from '../model';

/** A section of the lab notes, in each language: the page (relative to lab-notes/) and its heading anchor. */
interface NotesSection {
  en: string;
  id: string;
}

/** Every section a hint links; tests/unit/checker-hints.test.ts checks that each page and heading exists. */
export const SECTIONS = {
  scriptedSession: { en: 'analysis.md#1-the-scripted-session-line-by-line', id: 'id/analysis.md#1-sesi-berskrip-baris-demi-baris' },
  character: { en: 'analysis.md#3-what-is-a-character', id: 'id/analysis.md#3-apa-itu-karakter' },
  invalidInput: { en: 'analysis.md#4-invalid-input', id: 'id/analysis.md#4-masukan-yang-tidak-valid' },
  manyClients: { en: 'analysis.md#5-one-client-versus-many', id: 'id/analysis.md#5-satu-client-versus-banyak-client' },
  checkYourServer: { en: 'write-your-server.md#check-your-server', id: 'id/write-your-server.md#memeriksa-server-anda' },
  rungSecondClient: {
    en: 'write-your-server.md#1-second-client-serve-more-than-one-client',
    id: 'id/write-your-server.md#1-second-client-layani-lebih-dari-satu-client',
  },
  rungLongMessage: { en: 'write-your-server.md#2-long-message-read-the-whole-message', id: 'id/write-your-server.md#2-long-message-baca-seluruh-pesan' },
  rungSplitCharacter: {
    en: 'write-your-server.md#3-split-character-decode-the-whole-message-not-each-read',
    id: 'id/write-your-server.md#3-split-character-dekode-seluruh-pesan-bukan-setiap-pembacaan',
  },
  rungConcurrent: {
    en: 'write-your-server.md#4-concurrent-clients-serve-clients-at-the-same-time',
    id: 'id/write-your-server.md#4-concurrent-clients-layani-client-secara-bersamaan',
  },
  rungInvalidUtf8: {
    en: 'write-your-server.md#5-invalid-utf8-survive-bytes-that-are-not-utf-8',
    id: 'id/write-your-server.md#5-invalid-utf8-bertahan-dari-byte-yang-bukan-utf-8',
  },
  portTaken: { en: 'setup.md#port-12345-is-already-taken', id: 'id/setup.md#port-12345-sudah-dipakai' },
  socketLifecycle: { en: 'socket-lifecycle.md', id: 'id/socket-lifecycle.md' },
  protocolMessages: { en: 'protocol.md#messages', id: 'id/protocol.md#pesan' },
  protocolReplies: { en: 'protocol.md#replies', id: 'id/protocol.md#balasan' },
  protocolInvalidUtf8: { en: 'protocol.md#invalid-utf-8', id: 'id/protocol.md#utf-8-yang-tidak-valid' },
  protocolQuietPeriod: { en: 'protocol.md#the-quiet-period-trade-off', id: 'id/protocol.md#untung-rugi-quiet-period' },
  protocolShutdown: { en: 'protocol.md#shutdown', id: 'id/protocol.md#shutdown' },
} as const satisfies Record<string, NotesSection>;

interface HintSource {
  en: string;
  id: string;
  section: NotesSection;
}

/** The generic hint of every stage of both levels, by stage id. */
export const STAGE_HINTS: Readonly<Record<string, HintSource>> = {
  listen: {
    en: 'bind to the port (PORT, or 12345), then call listen() and accept(); the port must be free',
    id: 'lakukan bind() ke port-nya (PORT, atau 12345), lalu panggil listen() dan accept(); port itu harus kosong',
    section: SECTIONS.socketLifecycle,
  },
  'reply-text': {
    en: 'reply with exactly the expected sentence as soon as the message is in, without waiting for the client to close',
    id: 'balas dengan kalimat yang diharapkan, persis, segera setelah pesan lengkap, tanpa menunggu client menutup koneksi',
    section: SECTIONS.scriptedSession,
  },
  'count-unicode': {
    en: 'decode the bytes as UTF-8 and count the characters of the string (code points): not the bytes, not UTF-16 units, and do not normalise',
    id: 'dekode byte-nya sebagai UTF-8 dan hitung karakter string-nya (titik kode): bukan byte, bukan unit UTF-16, dan jangan dinormalisasi',
    section: SECTIONS.character,
  },
  'second-client': {
    en: 'put accept() in a loop: a server serves client after client, and never closes its listening socket',
    id: 'letakkan accept() di dalam perulangan: server melayani client demi client, dan tidak pernah menutup socket yang mendengarkan',
    section: SECTIONS.rungSecondClient,
  },
  'long-message': {
    en: 'one recv(1024) returns at most 1024 bytes: keep reading until recv returns b"" or no byte has come for a short while (settimeout after the first recv)',
    id: 'satu recv(1024) mengembalikan paling banyak 1024 byte: teruskan membaca sampai recv mengembalikan b"" atau tidak ada byte baru selama beberapa saat (settimeout sesudah recv pertama)',
    section: SECTIONS.rungLongMessage,
  },
  'split-character': {
    en: 'TCP may deliver a multi-byte character in two reads: join the whole message first and decode it once',
    id: 'TCP dapat mengantarkan satu karakter multi-byte dalam dua kali pembacaan: gabungkan seluruh pesan lebih dulu, lalu dekode sekali',
    section: SECTIONS.rungSplitCharacter,
  },
  'concurrent-clients': {
    en: 'serve every client on its own (a thread per client, selectors or asyncio), and keep each client\'s bytes in that client\'s own variables',
    id: 'layani setiap client secara terpisah (satu thread per client, selectors, atau asyncio), dan simpan byte setiap client di variabel milik client itu sendiri',
    section: SECTIONS.rungConcurrent,
  },
  'invalid-utf8': {
    en: 'decoding invalid bytes raises an error: catch it, or decode with errors="replace", so one bad client cannot stop the server',
    id: 'mendekode byte yang tidak valid menimbulkan error: tangkap error itu, atau dekode dengan errors="replace", agar satu client yang salah tidak menghentikan server',
    section: SECTIONS.rungInvalidUtf8,
  },
  'line-framing': {
    en: 'a message ends at LF, and a CR right before it is not part of it; one reply line per message, in order',
    id: 'sebuah pesan berakhir di LF, dan CR tepat sebelumnya bukan bagian dari pesan; satu baris balasan per pesan, berurutan',
    section: SECTIONS.protocolMessages,
  },
  pipelining: {
    en: 'one read can hold many messages: split what arrives at every LF, and keep the rest for the next read',
    id: 'satu kali pembacaan dapat berisi banyak pesan: pisahkan yang datang di setiap LF, dan simpan sisanya untuk pembacaan berikutnya',
    section: SECTIONS.protocolMessages,
  },
  'error-reply': {
    en: 'reply "ERROR invalid UTF-8 at byte N: ..." with N the offset of the first byte that cannot be decoded, then go on reading the connection',
    id: 'balas "ERROR invalid UTF-8 at byte N: ..." dengan N posisi byte pertama yang tidak dapat didekode, lalu lanjutkan membaca koneksi itu',
    section: SECTIONS.protocolInvalidUtf8,
  },
  'quiet-period': {
    en: 'a classic client sends no newline and waits: answer when no byte has come for the quiet period',
    id: 'client klasik tidak mengirim baris baru dan menunggu: jawab ketika tidak ada byte yang datang selama quiet period',
    section: SECTIONS.protocolQuietPeriod,
  },
  'half-close': {
    en: 'when the client half-closes, what it sent since the last LF is its last message: answer it, then close',
    id: 'ketika client melakukan half-close, yang dikirimnya sejak LF terakhir adalah pesan terakhirnya: jawab pesan itu, lalu tutup koneksi',
    section: SECTIONS.protocolMessages,
  },
  shutdown: {
    en: 'on SIGTERM stop accepting, answer what clients already sent, close, and exit with code 0',
    id: 'saat menerima SIGTERM, berhenti menerima koneksi, jawab pesan yang sudah dikirim client, tutup, lalu keluar dengan kode 0',
    section: SECTIONS.protocolShutdown,
  },
};

/** Where hints link: `lab-notes/` in a clone, or --notes-url (with one trailing slash). */
export function notesBase(notesUrl: string | null): string {
  if (notesUrl === null) return 'lab-notes/';
  return notesUrl.endsWith('/') ? notesUrl : `${notesUrl}/`;
}

/** A section's link for a reader of `language`. */
function sectionLink(section: NotesSection, language: Language, base: string): string {
  return base + section[language];
}

/** The generic hint of a stage. */
export function stageHint(stageId: string, language: Language, base: string): { text: string; link: string } {
  const hint = STAGE_HINTS[stageId];
  if (hint === undefined) throw new Error(`no hint for stage ${stageId}`);
  return { text: hint[language], link: sectionLink(hint.section, language, base) };
}

/**
 * A diagnosis's own hint, by diagnosis code, for causes whose fix differs from the stage's
 * generic one. A code missing here keeps the stage's hint.
 */
export const DIAGNOSIS_HINTS: Readonly<Record<string, HintSource>> = {
  'answered-before-message': {
    en: 'wait as long as it takes for the first bytes (a plain recv), and start the short quiet timeout (settimeout) only after them',
    id: 'tunggu byte pertama selama apa pun (recv biasa), dan mulai batas waktu hening yang singkat (settimeout) baru sesudahnya',
    section: SECTIONS.rungLongMessage,
  },
  'waits-for-close': {
    en: 'the client waits for the reply without closing: after the first recv, set a short timeout (settimeout(0.15)) and treat socket.timeout as the end of the message',
    id: 'client menunggu balasan tanpa menutup koneksi: sesudah recv pertama, pasang batas waktu singkat (settimeout(0.15)) dan anggap socket.timeout sebagai akhir pesan',
    section: SECTIONS.rungLongMessage,
  },
  'count-utf8-bytes': {
    en: 'count the decoded string: len(data.decode("utf-8")), not len(data)',
    id: 'hitung string hasil dekode: len(data.decode("utf-8")), bukan len(data)',
    section: SECTIONS.character,
  },
  'count-utf16-units': {
    en: 'count code points: in Java text.codePointCount(0, text.length()), in JavaScript [...text].length, not .length',
    id: 'hitung titik kode: di Java text.codePointCount(0, text.length()), di JavaScript [...text].length, bukan .length',
    section: SECTIONS.character,
  },
  'count-normalised': {
    en: 'count the characters as they arrived: do not normalise the text (no unicodedata.normalize) before counting',
    id: 'hitung karakter apa adanya saat tiba: jangan menormalisasi teks (tanpa unicodedata.normalize) sebelum menghitung',
    section: SECTIONS.character,
  },
  'count-graphemes': {
    en: 'count code points, as len() of the decoded str does, not what looks like one character on screen',
    id: 'hitung titik kode, seperti len() dari str hasil dekode, bukan yang tampak sebagai satu karakter di layar',
    section: SECTIONS.character,
  },
  'count-first-read': {
    en: 'one recv returns only what has arrived so far: keep reading until recv returns b"" or no byte has come for a short while, then count',
    id: 'satu recv hanya mengembalikan yang sudah tiba: teruskan membaca sampai recv mengembalikan b"" atau tidak ada byte baru selama beberapa saat, baru hitung',
    section: SECTIONS.rungLongMessage,
  },
  'count-per-read': {
    en: 'reply once per message, not once per recv: collect the pieces first, then count and reply',
    id: 'balas sekali per pesan, bukan sekali per recv: kumpulkan potongannya dulu, baru hitung dan balas',
    section: SECTIONS.rungLongMessage,
  },
  'count-other-client': {
    en: 'keep each client\'s bytes in variables local to that client\'s handler, never in a global shared by every thread',
    id: 'simpan byte setiap client di variabel lokal milik handler client itu, jangan di variabel global yang dipakai bersama semua thread',
    section: SECTIONS.rungConcurrent,
  },
  'reply-wording': {
    en: 'send the expected sentence character for character, with the count where the expected reply has it; keep the count as it is',
    id: 'kirim kalimat yang diharapkan persis karakter demi karakter, dengan jumlahnya di tempat yang sama seperti pada balasan yang diharapkan; jumlahnya biarkan seperti sekarang',
    section: SECTIONS.scriptedSession,
  },
  'several-numbers': {
    en: 'reply with one number, the count of the decoded message, in the assignment\'s sentence, and no other number',
    id: 'balas dengan satu angka, yaitu jumlah karakter pesan hasil dekode, dalam kalimat tugas, tanpa angka lain',
    section: SECTIONS.scriptedSession,
  },
  'no-number': {
    en: 'put the count in the reply: the assignment\'s sentence ends with the number of characters of the decoded message',
    id: 'cantumkan jumlahnya di balasan: kalimat tugas diakhiri jumlah karakter pesan hasil dekode',
    section: SECTIONS.scriptedSession,
  },
  'line-ending': {
    en: 'end every reply line with a line feed: sendall((reply + "\\n").encode())',
    id: 'akhiri setiap baris balasan dengan line feed: sendall((reply + "\\n").encode())',
    section: SECTIONS.protocolReplies,
  },
  'reads-stdin': {
    en: 'do not read the keyboard (input()): take the port from the PORT environment variable, or use 12345',
    id: 'jangan membaca keyboard (input()): ambil port dari variabel lingkungan PORT, atau pakai 12345',
    section: SECTIONS.checkYourServer,
  },
  'address-in-use': {
    en: 'bind() the port once: make one listening socket, bind it to the port in PORT (or 12345) before the accept() loop, and never bind again; a port another program holds (an earlier run of your server, in another window) is free once you stop it (Ctrl+C there)',
    id: 'lakukan bind() ke port itu sekali saja: buat satu socket yang mendengarkan, lakukan bind() ke port di PORT (atau 12345) sebelum perulangan accept(), dan jangan bind() lagi; port yang dipakai program lain (server Anda yang dijalankan sebelumnya, di jendela lain) kosong kembali setelah program itu Anda hentikan (Ctrl+C di sana)',
    section: SECTIONS.portTaken,
  },
  'address-not-available': {
    en: 'bind to "" (every address of the machine) or "127.0.0.1", not to a fixed IP address or socket.gethostname()',
    id: 'lakukan bind() ke "" (semua alamat komputer) atau "127.0.0.1", bukan ke alamat IP tertentu atau socket.gethostname()',
    section: SECTIONS.socketLifecycle,
  },
  'name-not-resolved': {
    en: 'bind to "" (every address of the machine) or "127.0.0.1", not to a host name such as socket.gethostname()',
    id: 'lakukan bind() ke "" (semua alamat komputer) atau "127.0.0.1", bukan ke nama host seperti socket.gethostname()',
    section: SECTIONS.socketLifecycle,
  },
  'reply-not-bytes': {
    en: 'a socket sends bytes: conn.sendall(reply.encode())',
    id: 'socket mengirim byte: conn.sendall(reply.encode())',
    section: SECTIONS.scriptedSession,
  },
  'stopped-listening': {
    en: 'keep the listening socket open for as long as the server runs: call accept() in a loop on it, and close it only when the server stops',
    id: 'biarkan socket yang mendengarkan tetap terbuka selama server berjalan: panggil accept() di dalam perulangan, dan tutup socket itu hanya saat server berhenti',
    section: SECTIONS.rungSecondClient,
  },
  'exited-after-clients': {
    en: 'keep the accept() loop running: handle each client\'s errors inside the loop, and leave it only when the server shuts down',
    id: 'biarkan perulangan accept() terus berjalan: tangani error setiap client di dalam perulangan, dan keluar dari perulangan hanya saat server dihentikan',
    section: SECTIONS.rungSecondClient,
  },
  'silent-after-close': {
    en: 'when recv returns b"" the client has sent everything: count what you collected and send the reply at once',
    id: 'ketika recv mengembalikan b"", client sudah mengirim semuanya: hitung yang sudah Anda kumpulkan dan segera kirim balasannya',
    section: SECTIONS.rungLongMessage,
  },
  'socket-used-after-close': {
    en: 'send the reply while the connection is open: sendall() inside the `with conn:` block (indented under it), and close() only after it',
    id: 'kirim balasannya selagi koneksi masih terbuka: sendall() di dalam blok `with conn:` (menjorok di bawahnya), dan close() baru sesudahnya',
    section: SECTIONS.scriptedSession,
  },
  'program-error': {
    en: 'the error above stopped your program: fix the line of your code it names (in brackets), and catch errors inside the code that serves one client, so that one client cannot stop the server',
    id: 'error di atas menghentikan program Anda: perbaiki baris kode Anda yang disebutkannya (di dalam kurung), dan tangkap error di dalam kode yang melayani satu client, agar satu client tidak dapat menghentikan server',
    section: SECTIONS.socketLifecycle,
  },
  'cannot-decode': {
    en: 'decode with errors="replace" (or catch UnicodeDecodeError and reply anyway), so that one client\'s invalid bytes cannot stop the server',
    id: 'dekode dengan errors="replace" (atau tangkap UnicodeDecodeError dan tetap balas), agar byte tidak valid dari satu client tidak dapat menghentikan server',
    section: SECTIONS.rungInvalidUtf8,
  },
  'decodes-piece': {
    en: 'join the bytes of every recv() first and decode the whole message once (or use codecs.getincrementaldecoder("utf-8")), never one recv() at a time',
    id: 'gabungkan byte dari setiap recv() lebih dulu, lalu dekode seluruh pesan sekali (atau pakai codecs.getincrementaldecoder("utf-8")), jangan per recv()',
    section: SECTIONS.rungSplitCharacter,
  },
  'killed-by-signal': {
    en: 'find the line where it crashed: run it under a debugger (gdb --args ./server, then run, then bt after the crash); check every pointer that may be NULL (strchr() and strstr() return NULL when they find nothing) and every buffer index before you use it; against SIGPIPE, send with MSG_NOSIGNAL',
    id: 'cari baris tempat program itu crash: jalankan dengan debugger (gdb --args ./server, lalu run, lalu bt setelah crash); periksa setiap pointer yang mungkin NULL (strchr() dan strstr() mengembalikan NULL jika tidak menemukan apa pun) dan setiap indeks buffer sebelum dipakai; untuk SIGPIPE, kirim dengan MSG_NOSIGNAL',
    section: SECTIONS.socketLifecycle,
  },
  'closed-without-reply': {
    en: 'send the reply with sendall() before you close the connection',
    id: 'kirim balasannya dengan sendall() sebelum Anda menutup koneksi',
    section: SECTIONS.scriptedSession,
  },
};

/** The hint a failed stage shows: the first diagnosis's own hint when it has one, else the stage's. */
export function chooseHint(stageId: string, diagnoses: readonly Diagnosis[], language: Language, base: string): { text: string; link: string } {
  for (const diagnosis of diagnoses) {
    const own = DIAGNOSIS_HINTS[diagnosis.code];
    if (own !== undefined) return { text: own[language], link: sectionLink(own.section, language, base) };
  }
  return stageHint(stageId, language, base);
}

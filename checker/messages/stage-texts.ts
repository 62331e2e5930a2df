/**
 * The stages' own words in both languages: each stage's title (STAGE_TITLES, one per stage
 * id), and the steps, message endings and "expected …, but got …" parts a stage writes into
 * its trace (STAGE_TEXTS). Stage ids stay English: rubrics name them.
 */
import { bilingual } from '../../language';
import { formatSeconds } from '../../language/numbers';

export const STAGE_TITLES = bilingual({
  listen: {
    en: () => 'accepts a TCP connection on the port',
    id: () => 'menerima koneksi TCP pada port',
  },
  'reply-text': {
    en: () => 'answers a short message with the exact reply text',
    id: () => 'menjawab pesan pendek dengan teks balasan yang persis',
  },
  'count-unicode': {
    en: () => "counts code points, as Python's len(data.decode()) does",
    id: () => 'menghitung titik kode, seperti len(data.decode()) di Python',
  },
  'second-client': {
    en: () => 'serves a second client after the first, and a tenth',
    id: () => 'melayani client kedua setelah yang pertama, hingga client kesepuluh',
  },
  'long-message': {
    en: () => 'counts messages of 1,500 B, 64 KiB and 1 MiB whole',
    id: () => 'menghitung pesan 1.500 B, 64 KiB, dan 1 MiB secara utuh',
  },
  'split-character': {
    en: () => 'counts a character split across two writes, and one cut at byte 1024',
    id: () => 'menghitung karakter yang terbelah di antara dua kali penulisan, dan karakter yang terpotong pada byte 1024',
  },
  'concurrent-clients': {
    en: (p: { clients: number }) =>
      `serves ${p.clients} clients connected at once, answering the last to connect first, and ${p.clients} whose messages arrive together`,
    id: (p) => `melayani ${p.clients} client yang terhubung sekaligus, menjawab yang terakhir terhubung lebih dulu, dan ${p.clients} client yang pesannya tiba bersamaan`,
  },
  'invalid-utf8': {
    en: () => 'survives a message that is not valid UTF-8, and serves the next client',
    id: () => 'tetap berjalan setelah pesan yang bukan UTF-8 yang valid, dan melayani client berikutnya',
  },
  'line-framing': {
    en: () => 'answers LF- and CRLF-ended messages on one connection, in order',
    id: () => 'menjawab pesan yang diakhiri LF dan CRLF pada satu koneksi, secara berurutan',
  },
  pipelining: {
    en: (p: { messages: number }) => `answers ${p.messages} messages sent in one write, in order`,
    id: (p) => `menjawab ${p.messages} pesan yang dikirim dalam satu kali penulisan, secara berurutan`,
  },
  'error-reply': {
    en: () => 'answers invalid UTF-8 with an ERROR line naming the byte, and stays usable',
    id: () => 'menjawab UTF-8 yang tidak valid dengan baris ERROR yang menyebut byte-nya, dan tetap dapat dipakai',
  },
  'quiet-period': {
    en: () => 'answers a message with no newline once the client goes quiet',
    id: () => 'menjawab pesan tanpa baris baru begitu client diam',
  },
  'half-close': {
    en: () => "answers unterminated bytes followed by the client's FIN, then closes",
    id: () => 'menjawab byte tanpa akhir baris yang disusul FIN dari client, lalu menutup koneksi',
  },
  shutdown: {
    en: (p: { messages: number }) => `on SIGTERM answers the ${p.messages} messages in flight, then exits 0`,
    id: (p) => `saat menerima SIGTERM, menjawab ${p.messages} pesan yang sedang dikirim, lalu keluar dengan kode 0`,
  },
});

export const STAGE_TEXTS = bilingual({
  // count-unicode: what each message holds (Python's len() of each).
  precomposed: { en: () => 'precomposed é (U+00E9)', id: () => 'é prakomposisi (U+00E9)' },
  combining: { en: () => 'e followed by U+0301 COMBINING ACUTE ACCENT', id: () => 'e yang disusul U+0301 COMBINING ACUTE ACCENT' },
  mixedScripts: { en: () => 'Latin, CJK and an emoji', id: () => 'huruf Latin, CJK, dan sebuah emoji' },
  zwjFamily: { en: () => 'a ZWJ family emoji (three people joined by U+200D)', id: () => 'emoji keluarga ZWJ (tiga orang yang digabung dengan U+200D)' },
  nextCase: {
    en: (p: { what: string; codePoints: number }) => `next: ${p.what}, ${p.codePoints} code points`,
    id: (p) => `berikutnya: ${p.what}, ${p.codePoints} titik kode`,
  },
  nextLong: {
    en: (p: { bytes: number }) => `next: a ${p.bytes.toLocaleString('en')}-byte message`,
    id: (p) => `berikutnya: pesan sebesar ${p.bytes.toLocaleString('id')} byte`,
  },
  halfCloseEnds: {
    en: () => 'no newline; the half-close ends it',
    id: () => 'tanpa baris baru; half-close mengakhirinya',
  },
  nextAcrossWrites: {
    en: () => 'next: é (C3 A9) cut between two writes',
    id: () => 'berikutnya: é (C3 A9) terpotong di antara dua kali penulisan',
  },
  nextAtBoundary: {
    en: () => 'next: 1,023 ASCII bytes and é, so bytes 1023-1024 hold é and a recv(1024) cuts it',
    id: () => 'berikutnya: 1.023 byte ASCII lalu é, sehingga byte 1023-1024 berisi é dan recv(1024) memotongnya',
  },
  waitsWithoutClosing: {
    en: (p: { client: string }) => `${p.client}: waits for the reply without closing, as the assignment's client does`,
    id: (p) => `${p.client}: menunggu balasan tanpa menutup koneksi, seperti client tugas ini`,
  },
  idleBeforeSending: {
    en: (p: { ms: number }) => `all wait ${p.ms} ms without sending, as a client may`,
    id: (p) => `semuanya menunggu ${p.ms} ms tanpa mengirim, sebagaimana bisa dilakukan sebuah client`,
  },
  allConnected: {
    en: (p: { clients: number }) => `all ${p.clients} connected; now each sends, from the last to connect to the first, and must be answered before the next sends`,
    id: (p) => `semua ${p.clients} client sudah terhubung; kini masing-masing mengirim, dari yang terakhir terhubung sampai yang pertama, dan harus dijawab sebelum client berikutnya mengirim`,
  },
  allMoreConnected: {
    en: (p: { clients: number }) => `all ${p.clients} more connected; now each sends its message in one write, all in the same instant`,
    id: (p) => `${p.clients} client lagi terhubung; kini masing-masing mengirim pesannya dalam satu kali penulisan, semuanya pada saat yang sama`,
  },
  nextClient: { en: () => 'next client', id: () => 'client berikutnya' },
  expectedReplyOrClose: {
    en: () => 'a reply or a close for the invalid message',
    id: () => 'balasan atau penutupan koneksi untuk pesan yang tidak valid',
  },
  gotHang: {
    en: (p: { timeoutMs: number }) => `neither within ${formatSeconds(p.timeoutMs, 'en')}: the connection hangs`,
    id: (p) => `tidak keduanya dalam ${formatSeconds(p.timeoutMs, 'id')}: koneksinya menggantung`,
  },
  expectedKeepsRunning: {
    en: () => 'your server to keep running after invalid UTF-8',
    id: () => 'server Anda tetap berjalan setelah UTF-8 yang tidak valid',
  },
  gotStopped: { en: () => 'it stopped', id: () => 'server berhenti' },
  expectedRunningServer: {
    en: () => 'a reply or a close from a running server',
    id: () => 'balasan atau penutupan koneksi dari server yang masih berjalan',
  },
  gotExitingClose: {
    en: () => 'a close by a server that was exiting',
    id: () => 'penutupan koneksi oleh server yang sedang berhenti',
  },
  exitedCleanly: {
    en: () => 'your server exited with code 0 after this client, as it does after any client (second-client checks that)',
    id: () => 'server Anda keluar dengan kode 0 setelah client ini, seperti setelah setiap client (tahap second-client memeriksa hal itu)',
  },

  // The protocol level.
  endedBy: {
    en: (p: { ending: string }) => `ended by ${p.ending}`,
    id: (p) => `diakhiri ${p.ending}`,
  },
  linesInOneWrite: {
    en: (p: { messages: number }) => `${p.messages} messages, each ended by LF, in one write`,
    id: (p) => `${p.messages} pesan, masing-masing diakhiri LF, dalam satu kali penulisan`,
  },
  replyLineCounting: {
    en: (p: { chars: number; example: string }) => `a reply line counting ${p.chars} (for example ${p.example})`,
    id: (p) => `satu baris balasan yang menghitung ${p.chars} (misalnya ${p.example})`,
  },
  lineStarting: {
    en: (p: { prefix: string }) => `a line starting ${p.prefix}`,
    id: (p) => `satu baris yang diawali ${p.prefix}`,
  },
  sameConnection: {
    en: () => 'the same connection must still be answered',
    id: () => 'koneksi yang sama tetap harus dijawab',
  },
  waitsQuietly: {
    en: (p: { client: string }) => `${p.client}: waits without closing`,
    id: (p) => `${p.client}: menunggu tanpa menutup koneksi`,
  },
  noSigtermOnWindows: {
    en: () => 'Windows has no SIGTERM, so the checker cannot ask your server to stop politely there: run the protocol level on Linux, macOS or WSL2 to check shutdown',
    id: () => 'Windows tidak memiliki SIGTERM, jadi di sana pemeriksa tidak dapat meminta server Anda berhenti dengan baik: jalankan level protocol di Linux, macOS, atau WSL2 untuk memeriksa shutdown',
  },
  needsCommand: {
    en: () => 'needs a command target: the checker must start your server to send it SIGTERM',
    id: () => 'memerlukan target berupa perintah: pemeriksa harus menjalankan server Anda sendiri untuk mengirim SIGTERM kepadanya',
  },
  sentSigterm: {
    en: () => 'sent SIGTERM to your server before reading any reply',
    id: () => 'mengirim SIGTERM ke server Anda sebelum membaca balasan apa pun',
  },
  expectedExitAfterSigterm: {
    en: () => 'your server to exit after SIGTERM',
    id: () => 'server Anda keluar setelah SIGTERM',
  },
  gotStillRunning: {
    en: (p: { timeoutMs: number }) => `it still running after ${formatSeconds(p.timeoutMs, 'en')}`,
    id: (p) => `server masih berjalan setelah ${formatSeconds(p.timeoutMs, 'id')}`,
  },
  serverExited: {
    en: (p: { exit: string }) => `your server ${p.exit}`,
    id: (p) => `server Anda ${p.exit}`,
  },
  expectedExitZero: {
    en: () => 'exit code 0 after SIGTERM',
    id: () => 'kode keluar 0 setelah SIGTERM',
  },
  gotExit: {
    en: (p: { exit: string }) => `it ${p.exit}`,
    id: (p) => `server ${p.exit}`,
  },
});

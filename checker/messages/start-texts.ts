/**
 * Why a program the checker starts itself (`-- COMMAND`) could not be checked, in both
 * languages: the reasons of a failed start. The operating system's error and the program's
 * last words are quoted as they came.
 */
import { bilingual } from '../../language';

export const START_TEXTS = bilingual({
  readsKeyboard: {
    en: (p: { port: number }) => `your server reads input from the keyboard; the checker types nothing: take the port from PORT or use ${p.port}`,
    id: (p) => `server Anda membaca masukan dari keyboard; pemeriksa tidak mengetik apa pun: ambil port dari PORT atau pakai ${p.port}`,
  },
  noSuchCommand: {
    en: (p: { file: string }) => `cannot start "${p.file}": no such command; check the command after --`,
    id: (p) => `"${p.file}" tidak dapat dijalankan: perintah itu tidak ada; periksa perintah setelah --`,
  },
  /** The operating system's error, quoted as it said it. */
  cannotStart: {
    en: (p: { file: string; error: string }) => `cannot start "${p.file}": ${p.error}`,
    id: (p) => `"${p.file}" tidak dapat dijalankan: "${p.error}"`,
  },
  closedListeningAndExited: {
    en: (p: { exit: string }) => `your server closed its listening socket and ${p.exit}`,
    id: (p) => `server Anda menutup socket yang mendengarkan lalu ${p.exit}`,
  },
  /** The program's last words are its own, in its language: the Indonesian quotes them as such. */
  exitedBeforeListening: {
    en: (p: { exit: string; lastWords: string | null }) => `your server ${p.exit} before listening${p.lastWords === null ? ', with no output' : `: ${p.lastWords}`}`,
    id: (p) => `server Anda ${p.exit} sebelum mendengarkan${p.lastWords === null ? ', tanpa keluaran apa pun' : `: "${p.lastWords}"`}`,
  },
  closedListeningStillRunning: {
    en: (p: { port: number }) => `your server closed its listening socket on port ${p.port} and is still running, so no new client can connect`,
    id: (p) => `server Anda menutup socket yang mendengarkan pada port ${p.port} dan masih berjalan, sehingga tidak ada client baru yang dapat terhubung`,
  },
  nothingListened: {
    en: (p: { port: number; seconds: number }) =>
      `nothing listened on port ${p.port} within ${p.seconds} s of starting your server (does it use port ${p.port}, or the PORT environment variable?)`,
    id: (p) =>
      `tidak ada yang mendengarkan pada port ${p.port} dalam ${p.seconds} detik setelah server Anda dijalankan (apakah server memakai port ${p.port}, atau variabel lingkungan PORT?)`,
  },
  portInUse: {
    en: (p: { port: number }) => `port ${p.port} is already in use by another program; stop it, or check that server with --host and --port instead`,
    id: (p) => `port ${p.port} sudah dipakai program lain; hentikan program itu, atau periksa server tersebut dengan --host dan --port`,
  },
  /** The live output's one notice once a program has printed more than is shown. */
  outputCut: {
    en: (p: { lines: number }) => `your server's output passed ${p.lines} lines; the rest is not shown (its last lines appear in failure traces)`,
    id: (p) => `keluaran server Anda melewati ${p.lines} baris; sisanya tidak ditampilkan (baris-baris terakhirnya muncul di jejak kegagalan)`,
  },
  /** The checker's own earlier connections hold the port a restarted server must bind (see closing-connections.ts). */
  timeWaitWaiting: {
    en: (p: { port: number; connections: number; seconds: number }) =>
      `port ${p.port} is held by ${p.connections} ${p.connections === 1 ? 'connection' : 'connections'} in TIME_WAIT, left by a server that closed first without SO_REUSEADDR; ` +
      `${p.connections === 1 ? 'it expires' : 'they expire'} within ${p.seconds} s (ss -tan state time-wait '( sport = :${p.port} )'); waiting, then starting your server again`,
    id: (p) =>
      `port ${p.port} ditahan ${p.connections} koneksi dalam keadaan TIME_WAIT, yang ditinggalkan server yang menutup lebih dulu tanpa SO_REUSEADDR; ` +
      `koneksi itu berakhir dalam ${p.seconds} s (ss -tan state time-wait '( sport = :${p.port} )'); pemeriksa menunggu, lalu menjalankan server Anda lagi`,
  },
  closingWaiting: {
    en: (p: { port: number; connections: number }) => `port ${p.port} is held by ${p.connections} connection(s) still closing; waiting, then starting your server again`,
    id: (p) => `port ${p.port} ditahan ${p.connections} koneksi yang masih ditutup; pemeriksa menunggu, lalu menjalankan server Anda lagi`,
  },
});

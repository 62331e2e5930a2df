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
    en: (p: { exit: string; lastWords: string }) => `your server ${p.exit} before listening: ${p.lastWords}`,
    id: (p) => `server Anda ${p.exit} sebelum mendengarkan: "${p.lastWords}"`,
  },
  closedListeningStillRunning: {
    en: (p: { port: number }) => `your server closed its listening socket on port ${p.port} and is still running, so no new client can connect`,
    id: (p) => `server Anda menutup socket yang mendengarkan pada port ${p.port} dan masih berjalan, sehingga tidak ada client baru yang dapat terhubung`,
  },
  nothingListened: {
    en: (p: { port: number; seconds: number }) =>
      `nothing listened on port ${p.port} within ${p.seconds} s of starting your server (does it use port ${p.port}, or the PORT environment variable?)`,
    id: (p) =>
      `tidak ada yang mendengarkan pada port ${p.port} dalam ${p.seconds} s setelah server Anda dijalankan (apakah server memakai port ${p.port}, atau variabel lingkungan PORT?)`,
  },
  portInUse: {
    en: (p: { port: number }) => `port ${p.port} is already in use by another program; stop it, or check that server with --host and --port instead`,
    id: (p) => `port ${p.port} sudah dipakai program lain; hentikan program itu, atau periksa server tersebut dengan --host dan --port`,
  },
});

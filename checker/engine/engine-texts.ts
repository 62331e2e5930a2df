/**
 * The engine's own lines (steps, expected/got, notices) in both languages, side by side.
 * Stage hints are not here: they are the feedback's catalog.
 */
import { bilingual } from '../../language';
import { formatSeconds } from '../../language/numbers';


export const ENGINE_TEXTS = bilingual({
  answeredAtOnce: {
    en: (p: { client: string }) => `${p.client}: the server answered at once, so the client did not need to half-close`,
    id: (p) => `${p.client}: server langsung menjawab, jadi client tidak perlu melakukan half-close`,
  },
  closedAtOnce: {
    en: (p: { client: string; how: 'closed' | 'reset' }) => `${p.client}: the server ${p.how === 'reset' ? 'reset' : 'closed'} the connection at once, so the client did not half-close`,
    id: (p) => `${p.client}: server langsung ${p.how === 'reset' ? 'me-reset' : 'menutup'} koneksi, jadi client tidak melakukan half-close`,
  },
  halfClosed: {
    en: (p: { client: string }) => `${p.client}: half-closed its side (sent FIN), still reading`,
    id: (p) => `${p.client}: menutup sisinya (half-close, mengirim FIN), tetap membaca`,
  },
  resetAfterGrace: {
    en: (p: { client: string; graceMs: number }) => `${p.client}: the server kept the connection open ${formatSeconds(p.graceMs, 'en', 1)} after the client's FIN, so the client reset it`,
    id: (p) => `${p.client}: server membiarkan koneksi terbuka ${formatSeconds(p.graceMs, 'id', 1)} setelah FIN dari client, jadi client me-reset-nya`,
  },
  goodbye: {
    en: (p: { client: string; how: 'first' | 'after-fin' | 'reset-after-grace'; graceMs: number }) =>
      p.how === 'first'
        ? `${p.client}: the server closed the connection first; the client ended it`
        : p.how === 'after-fin'
          ? `${p.client}: half-closed (sent FIN); the server closed the connection in turn`
          : `${p.client}: half-closed (sent FIN); the server kept the connection open ${formatSeconds(p.graceMs, 'en', 1)}, so the client reset it`,
    id: (p) =>
      p.how === 'first'
        ? `${p.client}: server menutup koneksi lebih dulu; client mengakhirinya`
        : p.how === 'after-fin'
          ? `${p.client}: melakukan half-close (mengirim FIN); server lalu menutup koneksi`
          : `${p.client}: melakukan half-close (mengirim FIN); server membiarkan koneksi terbuka ${formatSeconds(p.graceMs, 'id', 1)}, jadi client me-reset-nya`,
  },
  checkerResetRestart: {
    en: (p: { exit: string; stage: string }) =>
      `your server ${p.exit} after the checker reset a connection it had kept open past the checker's FIN; that reset was the checker's doing, not a fault of your server, so it is started again for stage ${p.stage}`,
    id: (p) =>
      `server Anda ${p.exit} setelah pemeriksa me-reset koneksi yang tetap dibukanya setelah FIN dari pemeriksa; reset itu perbuatan pemeriksa, bukan kesalahan server Anda, jadi server dijalankan lagi untuk tahap ${p.stage}`,
  },
  exitedWithoutReplyNotice: {
    en: (p: { exit: string; stage: string }) =>
      `your server ${p.exit} without answering this client (it may have been on its way out after its previous client closed); starting it again and repeating this client once for stage ${p.stage}`,
    id: (p) =>
      `server Anda ${p.exit} tanpa menjawab client ini (mungkin sedang berhenti setelah client sebelumnya menutup koneksi); server dijalankan lagi dan client ini diulang sekali untuk tahap ${p.stage}`,
  },
  exitedWithoutReplyStep: {
    en: (p: { exit: string }) => `your server ${p.exit} without answering this client: it was started again, and the client repeated once on the fresh process`,
    id: (p) => `server Anda ${p.exit} tanpa menjawab client ini: server dijalankan lagi, dan client ini diulang sekali pada proses yang baru`,
  },
  pauseOverran: {
    en: (p: { ms: number; boundMs: number }) =>
      `the checker's own pause inside that message took ${p.ms} ms (the machine is busy), more than the ${p.boundMs} ms it promises: that failure may be the checker's, so the client is repeated`,
    id: (p) =>
      `jeda pemeriksa sendiri di dalam pesan itu memakan ${p.ms} ms (mesin sedang sibuk), lebih dari ${p.boundMs} ms yang dijanjikannya: kegagalan itu mungkin karena pemeriksa, jadi client-nya diulang`,
  },
  probeImageExpected: {
    en: () => `the checker's probe image to match this checker`,
    id: () => `image probe pemeriksa yang cocok dengan pemeriksa ini`,
  },
  probeImageMismatch: {
    en: (p: { agent: number; checker: number }) =>
      `the probe image speaks probe protocol ${p.agent}, this checker ${p.checker}: rebuild the image (docker compose --profile check build check) so both come from the same version`,
    id: (p) =>
      `image probe memakai protokol probe ${p.agent}, pemeriksa ini ${p.checker}: bangun ulang image-nya (docker compose --profile check build check) agar keduanya dari versi yang sama`,
  },
  connectFailed: {
    en: (p: { reason: 'refused' | 'timeout' | 'reset' | 'unreachable'; error: string }) =>
      p.reason === 'refused'
        ? 'the connection was refused (nothing listens on the port)'
        : p.reason === 'timeout'
          ? 'the connection attempt got no answer'
          : p.reason === 'reset'
            ? 'the connection was reset while connecting'
            : `the connection failed (${p.error})`,
    id: (p) =>
      p.reason === 'refused'
        ? 'koneksi ditolak (tidak ada yang mendengarkan pada port itu)'
        : p.reason === 'timeout'
          ? 'percobaan koneksi tidak mendapat jawaban'
          : p.reason === 'reset'
            ? 'koneksi di-reset saat sedang dibuka'
            : `koneksi gagal ("${p.error}")`,
  },
  expectedServerAt: {
    en: (p: { address: string }) => `a server accepting connections on ${p.address}`,
    id: (p) => `server yang menerima koneksi pada ${p.address}`,
  },
  gotNoServerThere: {
    en: (p: { failure: string }) => `${p.failure}: is your server running there?`,
    id: (p) => `${p.failure}: apakah server Anda berjalan di sana?`,
  },
  expectedAccept: {
    en: (p: { port: number }) => `your server to accept a connection on port ${p.port}`,
    id: (p) => `server Anda menerima koneksi pada port ${p.port}`,
  },
  gotNotAccepting: {
    en: (p: { failure: string; busy: boolean }) =>
      `${p.failure} while it is still running${p.busy ? ' (a listen() backlog fills up while the server is busy with an earlier client and does not call accept())' : ''}`,
    id: (p) =>
      `${p.failure} padahal server masih berjalan${p.busy ? ' (backlog listen() penuh selama server sibuk dengan client sebelumnya dan tidak memanggil accept())' : ''}`,
  },
  expectedListen: {
    en: (p: { port: number }) => `your server to listen on port ${p.port}`,
    id: (p) => `server Anda mendengarkan pada port ${p.port}`,
  },
  expectedSameProcess: {
    en: () => 'the same server process to keep serving clients',
    id: () => 'proses server yang sama tetap melayani client',
  },
  gotExitedAfterClients: {
    en: (p: { exit: string; clients: number }) => `your server ${p.exit} after ${p.clients === 1 ? 'its first client' : `${p.clients} clients`}`,
    id: (p) => `server Anda ${p.exit} setelah ${p.clients === 1 ? 'client pertamanya' : `${p.clients} client`}`,
  },
  restarting: {
    en: (p: { exit: string; stage: string }) => `your server ${p.exit}; starting it again for stage ${p.stage}`,
    id: (p) => `server Anda ${p.exit}; server dijalankan lagi untuk tahap ${p.stage}`,
  },
  /** The first line of a crash's notes, before the program's last output. */
  exitAndOutput: {
    en: (p: { exit: string; lines: number }) => `your server ${p.exit}${p.lines > 0 ? '; its last output:' : ' with no output'}`,
    id: (p) => `server Anda ${p.exit}${p.lines > 0 ? '; keluaran terakhirnya:' : ' tanpa keluaran'}`,
  },

  /** A passed stage's message. */
  passed: {
    en: () => 'passed',
    id: () => 'lulus',
  },

  // Why a stage did not run, and failures that are no single exchange's.
  neverListened: {
    en: () => 'your server never listened (stage listen shows why)',
    id: () => 'server Anda tidak pernah mendengarkan (tahap listen menunjukkan sebabnya)',
  },
  notStarted: {
    en: () => 'your server could not be started (the reason is in the line "could not check the server")',
    id: () => 'server Anda tidak dapat dijalankan (sebabnya ada di baris "server tidak dapat diperiksa")',
  },
  stoppedAnswering: {
    en: (p: { stage: string }) => `the server stopped answering during stage ${p.stage}`,
    id: (p) => `server berhenti menjawab selama tahap ${p.stage}`,
  },
  noServerAnswered: {
    en: (p: { target: string }) => `no server answered on ${p.target}`,
    id: (p) => `tidak ada server yang menjawab pada ${p.target}`,
  },
  notApplicable: {
    en: (p: { why: string }) => `not applicable: ${p.why}`,
    id: (p) => `tidak berlaku: ${p.why}`,
  },
  notRun: {
    en: (p: { reason: string }) => `not run: ${p.reason}`,
    id: (p) => `tidak dijalankan: ${p.reason}`,
  },
  expectedWithinLimit: {
    en: (p: { ms: number }) => `the stage to finish within ${p.ms / 1000} s`,
    id: (p) => `tahap ini selesai dalam ${p.ms / 1000} s`,
  },
  gotStillGoing: {
    en: () => 'it was still going',
    id: () => 'tahap itu masih berjalan',
  },
  expectedCheckRuns: {
    en: () => 'the check to run',
    id: () => 'pemeriksaan berjalan',
  },
  gotCheckerError: {
    en: (p: { error: string }) => `an error inside the checker: ${p.error}; please report it`,
    id: (p) => `error di dalam pemeriksa: ${p.error}; mohon laporkan`,
  },
});

/**
 * The words of the HTML report (--format html) and of its diagrams of a stage's record, in
 * both languages. Record kinds, stage ids, FIN and RST stay as they are.
 */
import { bilingual } from '../../language';

export const HTML_TEXTS = bilingual({
  pageTitle: {
    en: (p: { target: string }) => `charcount-check report: ${p.target}`,
    id: (p) => `Laporan charcount-check: ${p.target}`,
  },
  stagesHeading: { en: () => 'Stages', id: () => 'Tahap-tahap' },
  diagramHeading: { en: () => 'What happened on the wire', id: () => 'Yang terjadi di jaringan' },
  hintLabel: { en: () => 'What to do', id: () => 'Yang perlu dilakukan' },
  checkedBy: {
    en: (p: { version: string; seed: number }) => `Checked by charcount-check ${p.version}; seed ${p.seed}.`,
    id: (p) => `Diperiksa oleh charcount-check ${p.version}; seed ${p.seed}.`,
  },
  checker: { en: () => 'the checker (clients)', id: () => 'pemeriksa (client)' },
  yourServer: { en: () => 'your server', id: () => 'server Anda' },
  axis: { en: () => 'time (ms)', id: () => 'waktu (ms)' },
  diagramSummary: {
    en: (p: { stage: string; arrows: number }) => `Sequence diagram of stage ${p.stage}: ${p.arrows} exchanges between the checker's clients and your server`,
    id: (p) => `Diagram urutan tahap ${p.stage}: ${p.arrows} pertukaran antara client pemeriksa dan server Anda`,
  },
  diagramDescription: {
    en: () => 'Time runs downward; the checker is on the left, your server on the right; each arrow\'s title says what was sent.',
    id: () => 'Waktu berjalan ke bawah; pemeriksa di kiri, server Anda di kanan; judul setiap panah menyebutkan apa yang dikirim.',
  },
  connect: { en: (p: { client: string }) => `${p.client}: connects`, id: (p) => `${p.client}: terhubung` },
  connectFailed: {
    en: (p: { client: string; reason: string }) => `${p.client}: cannot connect (${p.reason})`,
    id: (p) => `${p.client}: tidak dapat tersambung (${p.reason})`,
  },
  send: { en: (p: { client: string; bytes: number }) => `${p.client}: sends ${p.bytes} bytes`, id: (p) => `${p.client}: mengirim ${p.bytes} byte` },
  receive: { en: (p: { client: string; bytes: number }) => `${p.client}: receives ${p.bytes} bytes`, id: (p) => `${p.client}: menerima ${p.bytes} byte` },
  omitted: { en: (p: { bytes: number }) => `${p.bytes} bytes in the middle not kept`, id: (p) => `${p.bytes} byte di tengah tidak disimpan` },
  finSent: { en: (p: { client: string }) => `FIN: ${p.client} sends no more`, id: (p) => `FIN: ${p.client} tidak mengirim lagi` },
  finReceived: { en: (p: { client: string }) => `FIN: your server closes its side (${p.client})`, id: (p) => `FIN: server Anda menutup sisinya (${p.client})` },
  rstSent: { en: (p: { client: string }) => `RST: ${p.client} resets the connection`, id: (p) => `RST: ${p.client} me-reset koneksi` },
  rstReceived: { en: (p: { client: string }) => `RST: your server resets the connection (${p.client})`, id: (p) => `RST: server Anda me-reset koneksi (${p.client})` },
  timeout: { en: (p: { client: string; ms: number }) => `${p.client}: no reply within ${p.ms} ms`, id: (p) => `${p.client}: tidak ada balasan dalam ${p.ms} ms` },
  reply: {
    en: (p: { client: string; ending: string; ms: number }) => `${p.client}: reply read, ended by ${p.ending}, ${p.ms} ms after asking`,
    id: (p) => `${p.client}: balasan terbaca, diakhiri ${p.ending}, ${p.ms} ms setelah bertanya`,
  },
  programStart: { en: () => 'your server starts', id: () => 'server Anda dijalankan' },
  programExit: { en: (p: { code: number }) => `your server exits with code ${p.code}`, id: (p) => `server Anda keluar dengan kode ${p.code}` },
  programKilled: { en: (p: { signal: string }) => `your server is stopped by ${p.signal}`, id: (p) => `server Anda dihentikan oleh sinyal ${p.signal}` },
  legendChecker: { en: () => 'checker → your server', id: () => 'pemeriksa → server Anda' },
  legendServer: { en: () => 'your server → checker', id: () => 'server Anda → pemeriksa' },
  legendReset: { en: () => 'RST: reset, or a failed connect', id: () => 'RST: reset, atau gagal tersambung' },
  legendGap: {
    en: () => '+150.0 ms on the time axis: a gap of that length, drawn shorter',
    id: () => '+150.0 ms pada sumbu waktu: jeda sepanjang itu, digambar lebih pendek',
  },
});

/** Why a connect failed (ConnectFailure), in words. */
export const CONNECT_FAILURES = bilingual({
  refused: { en: () => 'refused: nothing listens', id: () => 'ditolak: tidak ada yang mendengarkan' },
  timeout: { en: () => 'no answer', id: () => 'tidak dijawab' },
  reset: { en: () => 'reset while connecting', id: () => 'di-reset saat terhubung' },
  unreachable: { en: () => 'unreachable', id: () => 'tidak terjangkau' },
});

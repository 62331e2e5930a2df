/**
 * The lines of a stage's trace that the engine writes for every stage, in both languages:
 * what a client sent and read, how the server ended a connection, "expected …, but got …"
 * and its parts, how a program's exit is named, and the bytes' labels. Quoted bytes (`preview`)
 * stay as they came. The Indonesian follows the glossary of lab-notes/id/README.md.
 */
import { bilingual } from '../../language';
import { formatSeconds } from '../../language/numbers';
import { describeWriteError } from './probe-texts';


type ReadEnding = 'lf' | 'crlf' | 'close' | 'quiet' | 'timeout' | 'reset';

/** What one read of a reply took: its bytes, quoted, how it ended and when. */
interface Read {
  client: string;
  ending: ReadEnding;
  bytes: number;
  preview: string;
  ms: number;
  timeoutMs: number;
}

export const TRACE_TEXTS = bilingual({
  /** Every failure's one line. */
  expectedGot: {
    en: (p: { expected: string; got: string }) => `expected ${p.expected}, but got ${p.got}`,
    id: (p) => `diharapkan ${p.expected}, tetapi yang didapat ${p.got}`,
  },
  /** A program's exit, as in "your server exited with code 1". */
  exit: {
    en: (p: { code: number | null; signal: string | null }) => (p.signal ? `was killed by ${p.signal}` : `exited with code ${p.code}`),
    id: (p) => (p.signal ? `dihentikan oleh ${p.signal}` : `keluar dengan kode ${p.code}`),
  },
  stepsNone: {
    en: () => 'steps so far: none',
    id: () => 'langkah sejauh ini: tidak ada',
  },
  stepsSoFar: {
    en: () => 'steps so far:',
    id: () => 'langkah sejauh ini:',
  },
  // The bytes under a failure; the three labels are padded to one width, so the bytes line up.
  sentLabel: { en: () => 'sent:', id: () => 'dikirim:' },
  expectedLabel: { en: () => 'expected:', id: () => 'diharapkan:' },
  receivedLabel: { en: () => 'received:', id: () => 'diterima:' },
  firstDifference: {
    en: (p: { byte: number }) => `^ first difference at byte ${p.byte}`,
    id: (p) => `^ perbedaan pertama pada byte ${p.byte}`,
  },
  bytesBefore: {
    en: (p: { bytes: number }) => `…(${p.bytes} bytes)`,
    id: (p) => `…(${p.bytes} byte)`,
  },
  bytesAfter: {
    en: (p: { bytes: number }) => `…(${p.bytes} more bytes)`,
    id: (p) => `…(${p.bytes} byte lagi)`,
  },

  // What a client did, step by step.
  connected: {
    en: (p: { client: string; address: string }) => `${p.client}: connected to ${p.address}`,
    id: (p) => `${p.client}: terhubung ke ${p.address}`,
  },
  sent: {
    en: (p: { client: string; bytes: number; preview: string; writes: number; pauseMs: number; ending: string }) =>
      `${p.client}: sent ${p.bytes} bytes ${p.preview}${p.writes === 1 ? '' : ` in ${p.writes} writes${p.pauseMs > 0 ? ` ${p.pauseMs} ms apart` : ''}`} (${p.ending})`,
    id: (p) =>
      `${p.client}: mengirim ${p.bytes} byte ${p.preview}${p.writes === 1 ? '' : ` dalam ${p.writes} kali penulisan${p.pauseMs > 0 ? ` berjarak ${p.pauseMs} ms` : ''}`} (${p.ending})`,
  },
  sentTogether: {
    en: (p: { client: string; bytes: number; preview: string; others: number }) =>
      `${p.client}: sent ${p.bytes} bytes ${p.preview} in one write, in the same instant as ${p.others} other clients (no newline)`,
    id: (p) => `${p.client}: mengirim ${p.bytes} byte ${p.preview} dalam satu kali penulisan, pada saat yang sama dengan ${p.others} client lain (tanpa baris baru)`,
  },
  noNewline: {
    en: () => 'no newline',
    id: () => 'tanpa baris baru',
  },
  read: {
    en: (p: Read) => {
      const ms = `${Math.round(p.ms)} ms`;
      switch (p.ending) {
        case 'lf':
        case 'crlf':
          return `${p.client}: received ${p.bytes} bytes ${p.preview} ended by ${p.ending.toUpperCase()} (${ms})`;
        case 'close':
          return p.bytes > 0
            ? `${p.client}: received ${p.bytes} bytes ${p.preview}, then the server closed the connection (${ms})`
            : `${p.client}: the server closed the connection without a reply (${ms})`;
        case 'quiet':
          return `${p.client}: received ${p.bytes} bytes ${p.preview}, then nothing more for the quiet time (${ms})`;
        case 'timeout':
          return p.bytes > 0 ? `${p.client}: received ${p.preview} with no end within ${formatSeconds(p.timeoutMs, 'en', 1)}` : `${p.client}: received nothing within ${formatSeconds(p.timeoutMs, 'en', 1)}`;
        default:
          return `${p.client}: the server reset the connection (RST)${p.bytes > 0 ? ` after ${p.bytes} bytes ${p.preview}` : ''} (${ms})`;
      }
    },
    id: (p) => {
      const ms = `${Math.round(p.ms)} ms`;
      switch (p.ending) {
        case 'lf':
        case 'crlf':
          return `${p.client}: menerima ${p.bytes} byte ${p.preview} yang diakhiri ${p.ending.toUpperCase()} (${ms})`;
        case 'close':
          return p.bytes > 0
            ? `${p.client}: menerima ${p.bytes} byte ${p.preview}, lalu server menutup koneksi (${ms})`
            : `${p.client}: server menutup koneksi tanpa balasan (${ms})`;
        case 'quiet':
          return `${p.client}: menerima ${p.bytes} byte ${p.preview}, lalu tidak ada lagi selama quiet period (${ms})`;
        case 'timeout':
          return p.bytes > 0 ? `${p.client}: menerima ${p.preview} tanpa akhir dalam ${formatSeconds(p.timeoutMs, 'id', 1)}` : `${p.client}: tidak menerima apa pun dalam ${formatSeconds(p.timeoutMs, 'id', 1)}`;
        default:
          return `${p.client}: server me-reset koneksi (RST)${p.bytes > 0 ? ` setelah ${p.bytes} byte ${p.preview}` : ''} (${ms})`;
      }
    },
  },
  peerState: {
    en: (p: { client: string; state: 'open' | 'closed' | 'reset'; timeoutMs: number }) =>
      `${p.client}: ${p.state === 'open' ? `the connection stayed open for ${formatSeconds(p.timeoutMs, 'en', 1)}` : `the server ${p.state === 'reset' ? 'reset' : 'closed'} the connection`}`,
    id: (p) => `${p.client}: ${p.state === 'open' ? `koneksi tetap terbuka selama ${formatSeconds(p.timeoutMs, 'id', 1)}` : `server ${p.state === 'reset' ? 'me-reset' : 'menutup'} koneksi`}`,
  },

  // The parts of "expected …, but got …" that every stage shares.
  replyCounting: {
    en: (p: { chars: number; reply: string }) => `a reply counting ${p.chars}: ${p.reply}`,
    id: (p) => `balasan yang menghitung ${p.chars}: ${p.reply}`,
  },
  asWhat: {
    en: (p: { expected: string; what: string }) => `${p.expected}, as ${p.what}`,
    id: (p) => `${p.expected}, sebagai ${p.what}`,
  },
  lineEndedByLf: {
    en: () => 'a line ended by LF',
    id: () => 'satu baris yang diakhiri LF',
  },
  gotNoEnd: {
    en: (p: { preview: string; timeoutMs: number }) => `${p.preview} with no end within ${formatSeconds(p.timeoutMs, 'en', 1)}`,
    id: (p) => `${p.preview} tanpa akhir dalam ${formatSeconds(p.timeoutMs, 'id', 1)}`,
  },
  gotNothing: {
    en: (p: { timeoutMs: number }) => `no reply within ${formatSeconds(p.timeoutMs, 'en', 1)} (the connection stayed open)`,
    id: (p) => `tidak ada balasan dalam ${formatSeconds(p.timeoutMs, 'id', 1)} (koneksi tetap terbuka)`,
  },
  gotReset: {
    en: (p: { preview: string | null }) => `a reset (RST)${p.preview !== null ? ` after ${p.preview}` : ' and no reply'}`,
    id: (p) => `reset (RST)${p.preview !== null ? ` setelah ${p.preview}` : ' dan tidak ada balasan'}`,
  },
  gotClosedAfter: {
    en: (p: { preview: string }) => `${p.preview} and then the server closed the connection`,
    id: (p) => `${p.preview} lalu server menutup koneksi`,
  },
  gotClosedNoReply: {
    en: () => 'the server closed the connection without a reply',
    id: () => 'server menutup koneksi tanpa balasan',
  },
  expectedPeerGone: {
    en: () => 'the server to close the connection',
    id: () => 'server menutup koneksi',
  },
  gotStillOpen: {
    en: (p: { timeoutMs: number }) => `the connection still open after ${formatSeconds(p.timeoutMs, 'en', 1)}`,
    id: (p) => `koneksi masih terbuka setelah ${formatSeconds(p.timeoutMs, 'id', 1)}`,
  },
  expectedToSend: {
    en: (p: { bytes: number }) => `to send ${p.bytes} bytes`,
    id: (p) => `pengiriman ${p.bytes} byte`,
  },
  expectedToSendTogether: {
    en: (p: { messages: number }) => `to send ${p.messages} messages at once`,
    id: (p) => `pengiriman ${p.messages} pesan sekaligus`,
  },
  /** A write that failed (the error a probe's write rejected with): what it found, the operating system's words quoted. */
  gotError: {
    en: (p: { error: unknown }) => describeWriteError('en', p.error),
    id: (p) => describeWriteError('id', p.error),
  },
});

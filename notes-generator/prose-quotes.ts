/**
 * Prose that quotes a generated block: a row number, a count, a line of a log. Regenerating
 * the notes rewrites the block but never the prose, so each quote here says how to read its
 * value off the block, and the check fails, naming page, block and quote, when the page's
 * prose (outside the blocks) no longer contains it. A quote given once, or once per language,
 * is checked on the English page and on its Indonesian translation.
 */
import type { NotesLanguage } from './block-source';
import { pageLanguage, translatedPage, type NotesPage } from './notes-pages';

export interface ProseQuote {
  /** The English page whose prose quotes the block; its translations are checked too. */
  readonly page: string;
  /** The English page that shows the block, when another page quotes it (README.md quotes analysis.md). */
  readonly blockPage?: string;
  readonly block: string;
  /** What the prose quotes, for the message. */
  readonly what: string;
  /** The text the prose must contain, read off the block; throws when the block no longer shows it. */
  expected(block: string): string | Readonly<Record<NotesLanguage, string>>;
}

class BlockChanged extends Error {}

/** The first group of `pattern` in the block. */
function found(block: string, pattern: RegExp, what: string): string {
  const value = pattern.exec(block)?.[1];
  if (value === undefined) throw new BlockChanged(`the block shows no ${what}`);
  return value;
}

/** The transcript rows whose preview starts with `preview` (as the transcript writes it, escapes included). */
function rowsOf(block: string, preview: string): number[] {
  const escaped = preview.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const rows = [...block.matchAll(new RegExp(`^\\s*(\\d+)\\s+"${escaped}`, 'gm'))].map((match) => Number(match[1]));
  if (rows.length === 0) throw new BlockChanged(`the transcript has no row for "${preview}"`);
  return rows;
}
const rowOf = (block: string, preview: string): number => rowsOf(block, preview)[0]!;

/** The number before `field` in the transcript's summary line ("17 messages", "5 connections"). */
const summary = (block: string, field: string): number => Number(found(block, new RegExp(`^summary: .*?\\b(\\d+) ${field}\\b`, 'm'), `"${field}" in the summary`));

/** The data lengths of the client's segments in a capture report. */
function clientDataLengths(block: string): number[] {
  return [...block.matchAll(/client → server\s+PSH\+ACK\s+\d+\s+\d+\s+(\d+)/g)].map((match) => Number(match[1]));
}

export const PROSE_QUOTES: readonly ProseQuote[] = [
  { page: 'analysis.md', block: 'lab-transcript', what: 'the row of the classic message', expected: (b) => `| ${rowOf(b, 'Pesan tanpa baris baru')} |` },
  { page: 'analysis.md', block: 'lab-transcript', what: 'the row of the dribbled message', expected: (b) => `| ${rowOf(b, 'Pesan ini dikirim')} |` },
  {
    page: 'analysis.md',
    block: 'lab-transcript',
    what: 'the rows of the invalid messages',
    expected: (b) => `| ${rowOf(b, 'abc\\xFFdef')}, ${rowOf(b, 'harga \\xE2\\x82')} |`,
  },
  { page: 'analysis.md', block: 'lab-transcript', what: 'the row after them', expected: (b) => `| ${rowOf(b, 'Masih tersambung')} |` },
  {
    page: 'analysis.md',
    block: 'lab-transcript',
    what: 'the rows of the four clients',
    expected: (b) => `| ${rowOf(b, 'Halo dari banyak klien')}–${rowsOf(b, 'Halo dari banyak klien').at(-1)!} |`,
  },
  {
    page: 'analysis.md',
    block: 'lab-transcript',
    what: 'the connections the summary counts',
    expected: (b) => ({ en: `the summary counts ${summary(b, 'connections')} connections`, id: `ringkasannya menghitung ${summary(b, 'connections')} koneksi` }),
  },
  {
    page: 'analysis.md',
    block: 'lab-transcript',
    what: 'the rows that show the connection outlives an error',
    expected: (b) => ({
      en: `rows ${rowOf(b, 'abc\\xFFdef')} to ${rowOf(b, 'Masih tersambung')} of the transcript`,
      id: `baris ${rowOf(b, 'abc\\xFFdef')} sampai ${rowOf(b, 'Masih tersambung')} dari transkrip`,
    }),
  },
  {
    page: 'analysis.md',
    block: 'lab-transcript',
    what: 'the row of the cut-short character (task 10)',
    expected: (b) => ({ en: `(row ${rowOf(b, 'harga \\xE2\\x82')})`, id: `(baris ${rowOf(b, 'harga \\xE2\\x82')})` }),
  },
  {
    page: 'README.md',
    blockPage: 'analysis.md',
    block: 'lab-transcript',
    what: 'the messages of the scripted session',
    expected: (b) => ({ en: `a scripted session of ${summary(b, 'messages')} messages`, id: `sesi berskrip berisi ${summary(b, 'messages')} pesan` }),
  },
  {
    page: 'analysis.md',
    block: 'tcp-stream',
    what: 'the reads of the first message',
    expected: (b) => {
      const reads = readsOfFirstMessage(b);
      return { en: `The first message took ${reads} reads`, id: `Pesan pertama memerlukan ${reads} kali pembacaan` };
    },
  },
  {
    page: 'analysis.md',
    block: 'classic-1500-bytes',
    what: 'what the classic server counted and left unread',
    expected: (b) => {
      const counted = Number(found(b, /adalah (\d+)\s/, 'count in the reply'));
      const sent = Number(found(b, /"\s+(\d+)\s+\d+\s+Jumlah/, 'bytes sent'));
      return { en: `the first ${counted} bytes; the other ${sent - counted}`, id: `${counted} byte pertama; ${sent - counted} byte sisanya` };
    },
  },
  {
    page: 'analysis.md',
    block: 'classic-cut-character',
    what: 'where decoding failed',
    expected: (b) => `in position ${found(b, /in position (\d+): unexpected end of data/, 'UnicodeDecodeError')}: unexpected end of data`,
  },
  {
    page: 'analysis.md',
    block: 'capture-session',
    what: 'the side that closed first',
    expected: (b) => {
      const side = found(b, /first FIN: the (client|server)\b/, '"first FIN" line');
      return { en: `Here the ${side} closed first`, id: `Di sini ${side} yang menutup lebih dulu` };
    },
  },
  {
    page: 'analysis.md',
    block: 'shutdown-in-flight',
    what: "the shutdown's summary",
    expected: (b) => `\`${found(b, /shutdown complete in \d+ ms: (\d+ connections? drained, \d+ closed at the grace deadline)/, 'shutdown line')}\``,
  },
  {
    page: 'answer-key.md',
    blockPage: 'analysis.md',
    block: 'tcp-stream',
    what: 'the reads of the dribbled message and its bytes',
    expected: (b) => {
      const reads = readsOfFirstMessage(b);
      const bytes = Number(found(b, /^1\s+"[^"]*"\s+(\d+)/m, 'first transcript row')) + 1;
      return { en: `${reads} reads for ${bytes} bytes`, id: `${reads} kali pembacaan untuk ${bytes} byte` };
    },
  },
  {
    page: 'answer-key.md',
    blockPage: 'analysis.md',
    block: 'lab-transcript',
    what: 'the row of the classic message',
    expected: (b) => ({ en: `Row ${rowOf(b, 'Pesan tanpa baris baru')} (\`@classic\``, id: `Baris ${rowOf(b, 'Pesan tanpa baris baru')} (\`@classic\`` }),
  },
  {
    page: 'answer-key.md',
    blockPage: 'analysis.md',
    block: 'lab-transcript',
    what: 'the row of the dribbled message',
    expected: (b) => ({ en: `Row ${rowOf(b, 'Pesan ini dikirim')} (\`@chunk=3/20\`)`, id: `Baris ${rowOf(b, 'Pesan ini dikirim')} (\`@chunk=3/20\`)` }),
  },
  {
    page: 'answer-key.md',
    blockPage: 'analysis.md',
    block: 'capture-session',
    what: "the bytes of the client's message",
    expected: (b) => {
      const bytes = onlyOne(clientDataLengths(b), 'client data segment');
      return { en: `(${bytes} for \`Halo dunia\`)`, id: `(${bytes} untuk \`Halo dunia\`)` };
    },
  },
  {
    page: 'answer-key.md',
    block: 'capture-1500-bytes',
    what: 'the MSS the SYN advertises',
    expected: (b) => {
      const mss = found(b, /Flags \[S\], .*\bmss (\d+)/, 'SYN with an MSS option');
      return { en: `advertises an MSS of ${mss}`, id: `mengiklankan MSS sebesar ${mss}` };
    },
  },
  {
    page: 'answer-key.md',
    block: 'capture-1500-bytes',
    what: "the one data segment of the client's 1,500-byte message",
    expected: (b) => {
      const bytes = onlyOne(clientDataLengths(b), 'client data segment');
      return { en: `*one* segment of ${bytes.toLocaleString('en-US')} bytes`, id: `*satu* segmen berukuran ${bytes.toLocaleString('id-ID')} byte` };
    },
  },
  {
    page: 'answer-key.md',
    block: 'classic-decode-replace',
    what: "the count after errors='replace'",
    expected: (b) => {
      const counts = [...b.matchAll(/^b'.*' '.*' (\d+)$/gm)].map((match) => match[1]);
      if (counts.length !== 2 || counts[0] !== counts[1]) throw new BlockChanged(`the two messages no longer count the same (${counts.join(', ')})`);
      return { en: `would count ${counts[0]}, and so would`, id: `akan dihitung ${counts[0]}, demikian juga` };
    },
  },
  {
    page: 'answer-key.md',
    block: 'shutdown-kill',
    what: "the killed server's unanswered message",
    expected: (b) => {
      const reply = found(b, /^\d+\s+"kata kata.*?\s{2,}(\(connection closed by the server[^)]*\)+)\s+-\s+UNANSWERED$/m, 'unanswered dribbled message');
      const shown = reply.replace(' (ECONNRESET))', ')');
      return { en: `reports it as \`${shown}\``, id: `melaporkannya sebagai \`${shown}\`` };
    },
  },
  {
    page: 'answer-key.md',
    block: 'shutdown-new-connections',
    what: 'the long message answered during the stop, what was not sent, and why',
    expected: (b) => {
      const answered = [...b.matchAll(/^\s*(\d+)\s+".*\s(ok)$/gm)].map((match) => Number(match[1]));
      const long = onlyOne(answered.filter((row) => row === rowOf(b, 'kata kata')), 'answered long message');
      const notSent = found(b, /^summary: .*?\b(\d+ not sent)\b/m, '"not sent" in the summary');
      const why = found(b, /the server went away during the run: (host name server no longer resolves)/, 'line saying the server went away');
      const next = answered.at(-1)! + 1;
      return {
        en: `the long message, row ${long}, was answered. The next step, row ${next}, needs four new connections, and nothing accepts them any more: the client retries for \`--wait-timeout\` (10 s), then prints its transcript, the summary (\`${notSent}\`) and one line saying the server went away and what was lost, and exits 3. In compose that line says \`${why}\``,
        id: `pesan panjang, baris ${long}, dijawab. Langkah berikutnya, baris ${next}, memerlukan empat koneksi baru, dan tidak ada lagi yang menerimanya: client mencoba lagi selama \`--wait-timeout\` (10 detik), lalu mencetak transkripnya, ringkasannya (\`${notSent}\`), dan satu baris yang menyebutkan bahwa server berhenti selama eksekusi dan apa saja yang hilang, lalu keluar dengan kode 3. Di compose, baris itu berbunyi \`${why}\``,
      };
    },
  },
];

function readsOfFirstMessage(block: string): number {
  const lines = block.split('\n');
  const firstMessage = lines.findIndex((line) => / INFO {2}127\.0\.0\.1:\S+ ".*" -> /.test(line));
  if (firstMessage === -1) throw new BlockChanged('the server log shows no message');
  return lines.slice(0, firstMessage).filter((line) => / DEBUG \S+ read \d+ bytes? /.test(line)).length;
}

function onlyOne(values: number[], what: string): number {
  if (values.length !== 1) throw new BlockChanged(`the block shows ${values.length} of the ${what}s, not one`);
  return values[0]!;
}

/** The page's own words: blocks taken out, lines (and blockquote marks) joined, so a quote may wrap. */
function proseOf(page: NotesPage): string {
  const lines = page.markdown.split('\n');
  for (const block of [...page.blocks].reverse()) lines.splice(block.line, block.text === '' ? 0 : block.text.split('\n').length);
  return flat(lines.join('\n'));
}
const flat = (text: string): string => text.replace(/\s*\n>?\s*/g, ' ');

/** One line per quote that its page's prose no longer matches. */
export function proseQuoteProblems(pages: readonly NotesPage[], quotes: readonly ProseQuote[] = PROSE_QUOTES): string[] {
  const problems: string[] = [];
  for (const quote of quotes) {
    for (const page of pages.filter((candidate) => (translatedPage(candidate.page) ?? candidate.page) === quote.page)) {
      const blockPageName = page.page.slice(0, page.page.length - quote.page.length) + (quote.blockPage ?? quote.page);
      const block = pages.find((candidate) => candidate.page === blockPageName)?.blocks.find((candidate) => candidate.name === quote.block);
      const where = `${page.page}: ${quote.what} (from block "${quote.block}"${quote.blockPage ? ` of ${blockPageName}` : ''})`;
      if (!block) {
        problems.push(`${where}: ${blockPageName} does not show that block`);
        continue;
      }
      let expected: string;
      try {
        const text = quote.expected(block.text);
        expected = typeof text === 'string' ? text : text[pageLanguage(page.page)];
      } catch (error) {
        if (!(error instanceof BlockChanged)) throw error;
        problems.push(`${where}: ${error.message}; update the prose and this quote in notes-generator/prose-quotes.ts`);
        continue;
      }
      if (!proseOf(page).includes(flat(expected))) {
        problems.push(`${where}: the prose must say "${expected}", which the block shows; the block changed or the prose did, make them agree`);
      }
    }
  }
  return problems;
}

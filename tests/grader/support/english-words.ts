/**
 * Finding English sentences in what should be Indonesian, as tests/unit/checker-indonesian-output.test.ts
 * does for the checker: quoted text ("…", '…'), code, ids, option names, paths and program
 * output are taken out, then any English stopword left marks an English sentence.
 */

/** Words that mark an English sentence; none is an Indonesian word or a kept term (server, client, byte, socket…). */
const ENGLISH_STOPWORDS = new Set(
  'the a an and or but not no is are was were be been has have had do does did your you it its this that these those with without from into of to for on at by as than then there their which what when where who will would should could can must may after before only every each another'.split(' '),
);

function proseWords(text: string): string[] {
  return text
    .replace(/\[your_server\].*$/gm, ' ')
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ')
    .replace(/'[^'\n]*'/g, ' ')
    .replace(/\S*[_./\\:#()[\]{}<>=$`|-]\S*/g, ' ')
    .split(/[^\p{L}]+/u)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/** The English stopwords in a text's prose, each once. */
export function englishIn(text: string): string[] {
  return [...new Set(proseWords(text).filter((word) => ENGLISH_STOPWORDS.has(word)))];
}

/** The lines of a text that hold English, for an assertion message that shows where. */
export function englishLines(text: string): string[] {
  return text.split('\n').filter((line) => englishIn(line).length > 0);
}

/** What a browser shows of a page: the text between tags (titles included), entities decoded. */
export function textOfHtml(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<script>[\s\S]*?<\/script>/, '')
    .replace(/<[^>]*>/g, '\n')
    .replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" })[name]!);
}

/** The tooltips of a page (title="…"), which a reader also sees. */
export function titlesOfHtml(html: string): string {
  return [...html.matchAll(/ title="([^"]*)"/g)].map((match) => match[1]!.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]!)).join('\n');
}

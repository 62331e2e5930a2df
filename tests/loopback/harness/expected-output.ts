/** What the server writes, as the tests expect to read it: reply lines and the start of a log line. */

const ID_SENTENCE = 'Jumlah karakter dalam kalimat tersebut adalah ';
const EN_SENTENCE = 'The number of characters in that sentence is ';
/** The default (Indonesian) reply line for a count, without its LF. */
export const idReply = (count: number): string => `${ID_SENTENCE}${count}`;
export const enReply = (count: number): string => `${EN_SENTENCE}${count}`;

/** An ISO-8601 UTC time as the logger writes it, at the very start of a text log line. */
export const LOG_LINE_START = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z (INFO |WARN |ERROR|DEBUG) /;

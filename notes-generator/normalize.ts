/**
 * What legitimately varies between two runs of the same lab, replaced by placeholders
 * before a committed block is compared with a fresh one: clock times, client ports and
 * container addresses, durations, IDs, and the column widths they cause.
 */
const RULES: [RegExp, string][] = [
  [/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\b/g, '<time>'],
  [/\b\d{4}-?\d{2}-?\d{2}[-T ]?\d{2}:?\d{2}:?\d{2}\b/g, '<time>'],
  [/\b[0-9a-f]{12,64}\b/g, '<id>'],
  [/\b(?!127\.0\.0\.1\b)\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?\b/g, '<ip>'],
  [/(<ip>|127\.0\.0\.1|localhost|\]):(?!12345\b)\d{1,5}\b/g, '$1:<port>'],
  [/\bport (?!12345\b)\d{4,5}\b/g, 'port <port>'],
  [/(<ip>|127\.0\.0\.1)', (?!12345\))\d{1,5}\)/g, "$1', <port>)"],
  [/\b\d+(?:\.\d+)? ?(?:ms|s|µs|us|min)\b/g, '<duration>'],
  [/(?<![\d.])\d+\.\d+(?![\d.])/g, '<decimal>'],
  [/[ \t]+/g, ' '],
  [/ +$/gm, ''],
];

export function normalizeBlockText(text: string): string {
  let normalized = text.replace(/\r\n/g, '\n');
  for (const [pattern, replacement] of RULES) normalized = normalized.replace(pattern, replacement);
  return normalized.replace(/\n+$/, '');
}

/** Command-line parsers explain some mistakes over several lines; every error this project prints is one line. */
export function oneLine(text: string): string {
  return text
    .trim()
    .split(/\s*\n\s*/)
    .map((sentence, index, all) => (index === all.length - 1 || /[.?!:;]$/.test(sentence) ? sentence : `${sentence}.`))
    .join(' ')
    .replace(/\.$/, '');
}

/**
 * Every string a report shows a person passes through here: characters that could rewrite a
 * terminal line, forge a line of the report, or make an XML 1.0 file unreadable become visible
 * escapes in the trace's own style (\x01, \u{FFFE}) instead of being dropped, so what the server
 * sent stays readable. Backslashes are left alone: a trace's `\xFF` is already an escape.
 */
import { needsEscape } from '../../protocol';

export function visibleText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i] + text[i + 1];
        i++;
        continue;
      }
    }
    out += mustShow(unit) ? escapeUnit(unit) : text[i];
  }
  return out;
}

const NAMED_ESCAPES: Record<number, string> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };

function escapeUnit(unit: number): string {
  const named = NAMED_ESCAPES[unit];
  if (named !== undefined) return named;
  const hex = unit.toString(16).toUpperCase();
  return unit <= 0xff ? `\\x${hex.padStart(2, '0')}` : `\\u{${hex}}`;
}

/**
 * What a terminal must not get raw (protocol/preview.ts's rule), plus U+FFFE and U+FFFF (not
 * XML characters) and a UTF-16 surrogate without its partner (not a character at all; paired
 * surrogates never reach this test).
 */
function mustShow(unit: number): boolean {
  return needsEscape(unit) || unit === 0xfffe || unit === 0xffff || (unit >= 0xd800 && unit <= 0xdfff);
}

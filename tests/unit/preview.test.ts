import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PREVIEW_BYTES, renderPreview } from '../../protocol';
import { byteStream } from './support/arbitraries';
import { bytes, concat, utf8 } from './support/bytes';
import { REFERENCE_DECODER } from './support/decoders';

const show = (text: string, maxChars?: number): string => {
  const encoded = utf8(text);
  return renderPreview(encoded, encoded.length, maxChars);
};

/** Characters that must never reach a log line raw: C0/C1 controls, DEL, line/paragraph separators, bidi controls, BOM. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;

/** One escape sequence, as renderPreview writes them. */
const ESCAPE = /\\(x[0-9A-F]{2}|u\{[0-9A-F]+\}|[nrt"\\])/g;

describe('renderPreview: a safe one-line rendering of message bytes', () => {
  it('shows printable text as it is', () => {
    expect(show('Halo dunia')).toBe('Halo dunia');
    expect(show('é 😀 🇮🇩 你好')).toBe('é 😀 🇮🇩 你好');
  });

  it('escapes LF, CR and tab by name', () => {
    expect(show('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
  });

  it('escapes quotes and backslashes so the escapes stay unambiguous', () => {
    expect(show('say "\\n"')).toBe('say \\"\\\\n\\"');
  });

  it('escapes ESC, NUL, other C0 controls and DEL as \\xNN', () => {
    expect(show('\x1b[2J')).toBe('\\x1B[2J');
    expect(show('\0\x07\x7f')).toBe('\\x00\\x07\\x7F');
  });

  it('escapes C1 controls (U+0080..U+009F), e.g. NEL and CSI', () => {
    expect(show('a\u0085b\u009b')).toBe('a\\x85b\\x9B');
  });

  it('escapes U+2028, U+2029, bidi overrides and isolates, and the BOM', () => {
    expect(show('a\u2028b\u2029c')).toBe('a\\u{2028}b\\u{2029}c');
    expect(show('\u202Eevil\u202C')).toBe('\\u{202E}evil\\u{202C}');
    expect(show('\u2066x\u2069\u202A\u202B\u202D')).toBe('\\u{2066}x\\u{2069}\\u{202A}\\u{202B}\\u{202D}');
    expect(show('\uFEFFa')).toBe('\\u{FEFF}a');
  });

  it('shows invalid bytes as \\xNN, one by one, and goes on with the valid text after them', () => {
    expect(renderPreview(concat(utf8('abc'), bytes(0xff), utf8('def')), 7)).toBe('abc\\xFFdef');
    expect(renderPreview(bytes(0xc0, 0x80, 0x41), 3)).toBe('\\xC0\\x80A');
    expect(renderPreview(bytes(0xed, 0xa0, 0x80), 3)).toBe('\\xED\\xA0\\x80');
    expect(renderPreview(bytes(0xe2, 0x41), 2)).toBe('\\xE2A');
    expect(renderPreview(bytes(0xf4, 0x90, 0x80, 0x80), 4)).toBe('\\xF4\\x90\\x80\\x80');
  });

  it('a sequence cut by the end of a complete message is shown as invalid bytes', () => {
    expect(renderPreview(bytes(0x61, 0xe2, 0x82), 3)).toBe('a\\xE2\\x82');
  });

  it('a sequence cut by the end of the preview (message goes on) is left out and marked with …', () => {
    expect(renderPreview(bytes(0x61, 0xe2, 0x82), 10)).toBe('a…');
  });

  it('truncates to maxChars characters (not bytes) and marks it with …', () => {
    expect(show('abcdef', 3)).toBe('abc…');
    expect(show('😀😀😀😀', 2)).toBe('😀😀…');
    expect(show('abc', 3)).toBe('abc');
    expect(show('x'.repeat(100))).toBe(`${'x'.repeat(40)}…`);
  });

  it('marks a preview shorter than its message with …', () => {
    expect(renderPreview(utf8('abc'), 100)).toBe('abc…');
    expect(renderPreview(new Uint8Array(0), 5)).toBe('…');
    expect(renderPreview(new Uint8Array(0), 0)).toBe('');
  });

  it('renders the preview the decoder keeps for an oversized message', () => {
    const [outcome] = REFERENCE_DECODER.decodeWhole(utf8(`${'é'.repeat(100)}\n`), { maxMessageBytes: 50, previewBytes: PREVIEW_BYTES }, null);
    expect(outcome.kind).toBe('too-long');
    expect(renderPreview(outcome.preview, 200)).toBe(`${'é'.repeat(32)}…`);
  });

  it('property: never contains a raw control character, line break or bidi control, for any bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 80 }), byteStream(20), fc.string({ unit: 'binary', maxLength: 40 }).map(utf8)),
        fc.nat({ max: 10 }),
        fc.integer({ min: 1, max: 50 }),
        (data, extra, maxChars) => {
          const rendered = renderPreview(data, data.length + extra, maxChars);
          expect(rendered).not.toMatch(UNSAFE);
          expect(rendered).not.toMatch(/[\n\r\u0085\u2028\u2029]/);
          // At most maxChars characters are shown; the … appears exactly when something is left out.
          const full = renderPreview(data, data.length, 1_000_000);
          const units = (text: string): number => [...text.replace(ESCAPE, '#')].length;
          expect(units(rendered.replace(/…$/, ''))).toBeLessThanOrEqual(maxChars);
          const truncated = extra > 0 || units(full) > maxChars;
          if (truncated) {
            expect(rendered.endsWith('…')).toBe(true);
            expect(full.startsWith(rendered.slice(0, -1))).toBe(true);
          } else {
            expect(rendered).toBe(full);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('property: valid text without escapable characters is shown unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        fc.pre(!UNSAFE.test(text) && !/["\\]/.test(text));
        expect(show(text, 10_000)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageOutcome } from '../../protocol';
import { lineText } from './support/arbitraries';
import { concat, splitAt, utf8 } from './support/bytes';
import { DECODERS } from './support/decoders';
import { graphemeCount } from './support/protocol-model';

const detailed = { maxMessageBytes: 0, detailedCounts: true };

function graphemesOf(outcomes: MessageOutcome[]): number[] {
  return outcomes.map((o) => (o.kind === 'count' && o.graphemes !== undefined ? o.graphemes : Number.NaN));
}

describe.each(DECODERS)('$name', ({ decodeChunks, decodeWhole }) => {
  /** Grapheme count of `parts` sent as one line, one part per chunk. */
  const chunked = (parts: string[], end = '\n'): number[] => graphemesOf(decodeChunks([...parts.map(utf8), utf8(end)], detailed, null));

  describe('grapheme clusters (detailedCounts) do not depend on chunk boundaries', () => {
    it("'e' | U+0301 counts one grapheme, like 'é' sent whole", () => {
      expect(chunked(['e', '\u0301'])).toEqual([1]);
      expect(chunked(['e\u0301'])).toEqual([1]);
    });

    it('a combining mark split inside its own UTF-8 bytes still joins the base letter', () => {
      const combining = utf8('e\u0301'); // 65 CC 81
      expect(graphemesOf(decodeChunks([combining.subarray(0, 2), combining.subarray(2), utf8('\n')], detailed, null))).toEqual([1]);
    });

    it('a flag split between its two regional indicators counts one grapheme', () => {
      expect(chunked(['\u{1F1EE}', '\u{1F1E9}'])).toEqual([1]);
    });

    it('three regional indicators split 1 | 2 and 2 | 1 count two graphemes, as whole', () => {
      const whole = graphemesOf(decodeWhole(utf8('\u{1F1EE}\u{1F1E9}\u{1F1EF}\n'), detailed, null));
      expect(whole).toEqual([2]);
      expect(chunked(['\u{1F1EE}', '\u{1F1E9}\u{1F1EF}'])).toEqual(whole);
      expect(chunked(['\u{1F1EE}\u{1F1E9}', '\u{1F1EF}'])).toEqual(whole);
      expect(chunked(['\u{1F1EE}', '\u{1F1E9}', '\u{1F1EF}', '\u{1F1F5}'])).toEqual([2]);
    });

    it('a ZWJ family split at every code point counts one grapheme', () => {
      const family = ['\u{1F468}', '\u200d', '\u{1F469}', '\u200d', '\u{1F467}', '\u200d', '\u{1F466}'];
      for (let cut = 1; cut < family.length; cut++) {
        expect(chunked([family.slice(0, cut).join(''), family.slice(cut).join('')]), `cut before part ${cut}`).toEqual([1]);
      }
      expect(chunked(family)).toEqual([1]);
    });

    it('every byte split of a line of complex graphemes counts the same as whole', () => {
      const line = utf8('x e\u0301\u0308 🇮🇩🇯🇵 \u{1F469}\u{1F3FD}\u200d\u{1F4BB} 한국 नमस्ते\r');
      const whole = graphemesOf(decodeWhole(concat(line, utf8('\n')), detailed, null));
      expect(whole).toEqual([graphemeCount('x e\u0301\u0308 🇮🇩🇯🇵 \u{1F469}\u{1F3FD}\u200d\u{1F4BB} 한국 नमस्ते')]);
      for (let cut = 0; cut <= line.length; cut++) {
        for (let second = cut; second <= line.length; second += 5) {
          const outcomes = decodeChunks([...splitAt(line, [cut, second]), utf8('\n')], detailed, null);
          if (graphemesOf(outcomes)[0] !== whole[0]) expect(graphemesOf(outcomes), `cuts at ${cut}, ${second}`).toEqual(whole);
        }
      }
    });

    it('a CR held at a chunk end is counted when the message continues, and dropped when LF follows', () => {
      expect(chunked(['a\r', 'b'])).toEqual([3]);
      expect(chunked(['a\r'])).toEqual([1]);
      expect(chunked(['a\r', '\r'])).toEqual([2]);
      expect(chunked(['\r', '\u0301'])).toEqual([2]); // CR never combines
    });

    it('a CR at half-close or after the quiet period is a grapheme of its own', () => {
      expect(graphemesOf(decodeChunks([utf8('a'), utf8('\r')], detailed, 'half-close'))).toEqual([2]);
      expect(graphemesOf(decodeChunks([utf8('\r')], detailed, 'quiet'))).toEqual([1]);
    });

    it('grapheme state does not leak from one message to the next', () => {
      // If the counter carried 'e' over the LF, the next message's combining mark would join it.
      expect(graphemesOf(decodeWhole(utf8('e\n\u0301\n🇮\n🇩\n'), detailed, null))).toEqual([1, 1, 1, 1]);
      expect(graphemesOf(decodeChunks([utf8('\u{1F1EE}'), utf8('\n\u{1F1E9}\n')], detailed, null))).toEqual([1, 1]);
    });

    it('a very long cluster (a letter with 600 combining marks) split in the middle counts one grapheme', () => {
      const marks = '\u0301'.repeat(600);
      expect(chunked(['e' + marks.slice(0, 400), marks.slice(400)])).toEqual([1]);
      expect(chunked(['e' + marks])).toEqual([1]);
    });

    it('random lines split at random points count the same graphemes as Intl.Segmenter on the whole line', () => {
      const lineWithCuts = lineText.chain((text) => {
        const encoded = utf8(text);
        return fc.tuple(
          fc.constant(text),
          fc.uniqueArray(fc.integer({ min: 0, max: encoded.length }), { maxLength: 6 }).map((cuts) => cuts.sort((x, y) => x - y)),
        );
      });
      fc.assert(
        fc.property(lineWithCuts, ([text, cuts]) => {
          const content = text.endsWith('\r') ? text.slice(0, -1) : text;
          const outcomes = decodeChunks([...splitAt(utf8(text), cuts), utf8('\n')], detailed, null);
          expect(outcomes).toHaveLength(1);
          expect(outcomes[0]).toMatchObject({ kind: 'count', graphemes: graphemeCount(content), utf16Units: content.length });
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('byte-order mark', () => {
    // Python counts a leading U+FEFF (EF BB BF) as a character, and so does `chars`. The
    // grapheme count must see it too: U+FEFF is a Control-class grapheme of its own.
    it('a message that is only a byte-order mark has 1 char, 1 UTF-16 unit and 1 grapheme', () => {
      const [outcome] = decodeWhole(utf8('\uFEFF\n'), detailed, null);
      expect(outcome).toMatchObject({ kind: 'count', chars: 1, bytes: 3, utf16Units: 1, graphemes: 1 });
    });

    it('a leading byte-order mark counts as a grapheme, as Intl.Segmenter says', () => {
      const [outcome] = decodeWhole(utf8('\uFEFFab\n'), detailed, null);
      expect(outcome).toMatchObject({ kind: 'count', chars: 3, utf16Units: 3, graphemes: graphemeCount('\uFEFFab') });
      expect(graphemeCount('\uFEFFab')).toBe(3);
    });

    it('a byte-order mark that is not at the start of the message is counted (control)', () => {
      const [outcome] = decodeWhole(utf8('a\uFEFFb\n'), detailed, null);
      expect(outcome).toMatchObject({ kind: 'count', chars: 3, graphemes: 3 });
    });
  });
});

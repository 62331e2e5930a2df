const CR = 0x0d;
/** Longest cluster text kept between chunks; only pathological input (hundreds of combining marks) reaches it. */
const MAX_CARRIED_UNITS = 256;
const CARRIED_TAIL_UNITS = 16;

/**
 * Counts extended grapheme clusters of a message that arrives in pieces. The last cluster
 * of each piece may continue in the next one, so its text is carried over and segmented
 * again with what follows. A trailing CR is held back because CR LF is one cluster and the
 * protocol drops the CR of a line ending.
 */
export class GraphemeCounter {
  private readonly segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  private decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private carry = '';
  /** Clusters the carried text forms: 1, or more for the cut tail of an over-long cluster (counted already). */
  private carriedClusters = 0;
  private holdingCR = false;
  private started = 0;

  push(chunk: Uint8Array, start: number, end: number): void {
    const endsWithCR = chunk[end - 1] === CR;
    const text = this.decoder.decode(chunk.subarray(start, endsWithCR ? end - 1 : end), { stream: true });
    this.segment((this.holdingCR ? '\r' : '') + text);
    this.holdingCR = endsWithCR;
  }

  /** Clusters in the whole message; `keepHeldCR` is false when the held CR belonged to a CR LF terminator. */
  finish(keepHeldCR: boolean): number {
    this.segment((keepHeldCR && this.holdingCR ? '\r' : '') + this.decoder.decode());
    const total = this.started;
    this.reset();
    return total;
  }

  reset(): void {
    this.decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    this.carry = '';
    this.carriedClusters = 0;
    this.holdingCR = false;
    this.started = 0;
  }

  private segment(text: string): void {
    if (text === '') return;
    let count = 0;
    let last = '';
    for (const { segment } of this.segmenter.segment(this.carry + text)) {
      count++;
      last = segment;
    }
    // The first segments are the carried text again, whose clusters were counted already.
    this.started += count - this.carriedClusters;
    if (last.length > MAX_CARRIED_UNITS) {
      this.carry = tailOf(last);
      this.carriedClusters = this.countSegments(this.carry);
    } else {
      this.carry = last;
      this.carriedClusters = last === '' ? 0 : 1;
    }
  }

  private countSegments(text: string): number {
    return [...this.segmenter.segment(text)].length;
  }
}

function tailOf(cluster: string): string {
  let from = cluster.length - CARRIED_TAIL_UNITS;
  const code = cluster.charCodeAt(from);
  if (code >= 0xdc00 && code <= 0xdfff) from++;
  return cluster.slice(from);
}

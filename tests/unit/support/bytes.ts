/** Building byte streams and cutting them into reads, for the decoder tests. */

export const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
export const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));
export const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** Splits `stream` at the given (sorted, deduplicated) cut positions. */
export function splitAt(stream: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let previous = 0;
  for (const cut of cuts) {
    chunks.push(stream.subarray(previous, cut));
    previous = cut;
  }
  chunks.push(stream.subarray(previous));
  return chunks;
}

/** Copies each chunk into its own buffer so the decoder cannot rely on neighbouring bytes. */
export function isolate(chunks: readonly Uint8Array[]): Uint8Array[] {
  return chunks.map((chunk) => Uint8Array.from(chunk));
}

/** Every byte, escaped, for --verbose: the whole exchange, nothing cut. */
import { escapePieces } from '../../protocol';

export function escapeAll(bytes: Uint8Array): string {
  return `"${escapePieces(bytes)
    .map((piece) => piece.text)
    .join('')}"`;
}

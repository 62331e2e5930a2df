import { renderPreview } from '../../protocol';

const PREVIEW_CHARS = 48;

/** How a stage's trace quotes a message or a reply: its first characters, escaped, in quotes. */
export function tracePreview(bytes: Uint8Array): string {
  return `"${renderPreview(bytes.subarray(0, PREVIEW_CHARS * 4), bytes.length, PREVIEW_CHARS)}"`;
}

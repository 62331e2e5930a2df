/**
 * Where a reply states its count, wherever it stands: `Pesan "café" memiliki 4 karakter`,
 * `29 : Tugas 1 socket programming #1`, `Jumlah karakter: 10`, a bare `10`, `...adalah10`.
 *
 * The rule (lab-notes/checker.md, "The count"): remove every verbatim copy of the message from
 * the reply; what remains must hold exactly one run of digits (0-9), and it is the count. A
 * reply that lists several numbers besides the message, or none, states no count.
 */

const DIGIT_RUN = /[0-9]+/g;

/** What the reply states: its count, or why it states none. */
export type StatedCount = { count: number } | { count: null; digitRuns: number };

export function countInReply(reply: string, message: string): StatedCount {
  // A copy of the message becomes a space, so the digits on either side of it stay apart.
  const rest = message === '' ? reply : reply.split(message).join(' ');
  const runs = rest.match(DIGIT_RUN) ?? [];
  if (runs.length !== 1) return { count: null, digitRuns: runs.length };
  return { count: Number(runs[0]) };
}

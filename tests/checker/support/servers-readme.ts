/**
 * The table in tests/checker/servers/README.md, read as data: for each fixture server, the
 * stages it must fail. The README is the one place that says so; the fixture test checks the
 * checker against it, so the two cannot drift apart.
 *
 * The last column starts with the failing stage ids, comma-separated, or `none`, or `none run`
 * (the server never starts), followed by an explanation in parentheses or after `;`. The
 * protocol level, where given, is in bold: `**level protocol: none**`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVERS_DIR } from './checker-run';

export interface ExpectedFailures {
  /** The server's file in tests/checker/servers/. */
  file: string;
  /** Stage ids that must fail at level assignment; null when the server must not start at all. */
  assignment: string[] | null;
  /** Stage ids that must fail at level protocol, when the README gives that level. */
  protocol: string[] | null;
}

const ROW = /^\| `([^`/]+\.py)` \| .* \| (.+) \|$/;
const PROTOCOL_LEVEL = /\*\*level protocol: ([^*]+)\*\*/;

/** Every `.py` row of the table, as written (the fixture test checks the ids are the checker's). */
export function readServersTable(): ExpectedFailures[] {
  const readme = readFileSync(join(SERVERS_DIR, 'README.md'), 'utf8');
  return readme.split('\n').flatMap((line) => {
    const row = ROW.exec(line);
    if (row === null) return [];
    const [, file, mustFail] = row;
    const protocol = PROTOCOL_LEVEL.exec(mustFail);
    return [{ file, assignment: stageList(mustFail), protocol: protocol === null ? null : stageList(protocol[1]) }];
  });
}

function stageList(cell: string): string[] | null {
  const head = cell.split(/ \(|;|:| \*\*/)[0].trim();
  if (head === 'none run') return null;
  if (head === 'none') return [];
  return head.split(',').map((id) => id.trim());
}

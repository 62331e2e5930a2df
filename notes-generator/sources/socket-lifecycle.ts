import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BlockSource, NotesRun } from '../block-source';

interface LifecycleStep {
  classic: string;
  ours: string;
  file: string;
  /** The line of `file` that does it; the first match wins. */
  line: RegExp;
}

/** The classic program's calls, in its order, next to what charcount-server does instead. */
const STEPS: LifecycleStep[] = [
  {
    classic: '`socket.socket(AF_INET, SOCK_STREAM)`',
    ours: '`createServer(...)`: a TCP server object; Node opens the listening socket (IPv4 and IPv6) when it listens',
    file: 'server/charcount-server.ts',
    line: /createServer\(/,
  },
  {
    classic: '`bind((HOST, PORT))`, `listen(1)`',
    ours: '`server.listen({ port, host })`: bind and listen in one call; the backlog is 511, not 1',
    file: 'server/charcount-server.ts',
    line: /this\.server\.listen\(/,
  },
  {
    classic: '`accept()`, once',
    ours: "the `'connection'` callback: called for every client, for as long as the server runs",
    file: 'server/charcount-server.ts',
    line: /private accept\(/,
  },
  {
    classic: '`recv(1024)`, once',
    ours: '`readBuffer.read(accepted, ...)`: every read, of whatever TCP has delivered (1 byte to 256 KiB), into one buffer all connections share',
    file: 'server/client-connection.ts',
    line: /readBuffer\.read\(/,
  },
  {
    classic: '(none: one read is taken to be one message)',
    ours: '`decoder.push(chunk, ...)`: finds each newline, keeps a message that is not complete yet, even a character cut in half',
    file: 'server/client-connection.ts',
    line: /this\.decoder\.push\(/,
  },
  {
    classic: '`len(data.decode())`',
    ours: '`countCodePoints(...)`: validates the UTF-8 and counts code points, the same number as `len()`, without decoding',
    file: 'protocol/utf8-count.ts',
    line: /export function countCodePoints\(/,
  },
  {
    classic: '`print(...)` of the request and address',
    ours: "`logger.info('message', ...)`: one escaped log line per message, with the client's address and port",
    file: 'server/client-connection.ts',
    line: /logger\.info\('message'/,
  },
  {
    classic: '`sendall(response.encode())`',
    ours: '`socket.write(replies)`: all replies of a read in one write, each ending with a newline; stops reading while the client does not read',
    file: 'server/client-connection.ts',
    line: /this\.socket\.write\(replies\)/,
  },
  {
    classic: '`client_socket.close()`',
    ours: "`socket.end()`: after the client's own end (its FIN), an idle timeout or shutdown; never in the middle of a message",
    file: 'server/client-connection.ts',
    line: /this\.socket\.end\(\)/,
  },
  {
    classic: '`server_socket.close()`, then the program ends',
    ours: '`server.close()`, only on SIGTERM or Ctrl-C: stop accepting, answer what clients already sent, then exit 0',
    file: 'server/charcount-server.ts',
    line: /this\.server\.close\(\)/,
  },
];

function lineOf(root: string, step: LifecycleStep): number {
  const lines = readFileSync(join(root, step.file), 'utf8').split('\n');
  const index = lines.findIndex((line) => step.line.test(line));
  if (index === -1) {
    throw new Error(`${step.file} has no line matching ${step.line}; the socket lifecycle table links to it, so update STEPS in notes-generator/sources/socket-lifecycle.ts`);
  }
  return index + 1;
}

export const socketLifecycleBlocks: BlockSource = {
  title: 'socket lifecycle (source code)',
  blocks: ['socket-lifecycle'],
  async produce(run: NotesRun) {
    const rows = STEPS.map((step) => {
      const line = lineOf(run.root, step);
      return `| ${step.classic} | ${step.ours} | [${step.file}:${line}](../${step.file}#L${line}) |`;
    });
    const table = ['| classic Python call | what charcount-server does instead | where |', '|---|---|---|', ...rows].join('\n');
    return new Map([['socket-lifecycle', table]]);
  },
};

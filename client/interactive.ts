import { createInterface } from 'node:readline/promises';
import { replyMatches } from '../protocol';
import type { ClientCommandLine } from './client-options';
import { connectWithRetry } from './connect';
import { describeExpectation, expectedOutcomes } from './expected-replies';
import { ReplyReader } from './reply-reader';

/** Type a line, see its reply; Ctrl-D (or Ctrl-C) ends the session. */
export async function runInteractive(commandLine: ClientCommandLine): Promise<number> {
  const { address, waitTimeoutMs, replyTimeoutMs, maxMessageBytes } = commandLine.session;
  const socket = await connectWithRetry(address, waitTimeoutMs);
  const reader = new ReplyReader(socket);
  process.stdout.write(`connected to ${address.host}:${address.port}; type a sentence and press Enter (Ctrl-D to quit)\n`);
  const prompt = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  prompt.on('SIGINT', () => prompt.close());
  prompt.setPrompt('> ');
  prompt.prompt();
  let exitCode = 0;
  try {
    for await (const line of prompt) {
      const bytes = Buffer.from(line, 'utf8');
      socket.write(Buffer.concat([bytes, Buffer.from('\n')]));
      for (const expected of expectedOutcomes(bytes, 'line', maxMessageBytes)) {
        const wait = await reader.next(replyTimeoutMs);
        if (!('line' in wait)) {
          process.stdout.write(wait.ended === 'timeout' ? 'no reply: the server did not answer in time\n' : 'the server closed the connection\n');
          return 1;
        }
        process.stdout.write(`${wait.line}\n`);
        if (!replyMatches(expected, wait.line)) {
          exitCode = 1;
          process.stdout.write(`(expected ${describeExpectation(expected)})\n`);
        }
      }
      prompt.prompt();
    }
  } finally {
    prompt.close();
    socket.end();
  }
  return exitCode;
}

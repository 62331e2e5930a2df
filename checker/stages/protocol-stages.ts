/**
 * The `protocol` level: the kit's whole protocol (lab-notes/protocol.md) beyond the
 * assignment. Replies may take any form the protocol allows (Indonesian or English text,
 * or the JSON object) and are lines ended by LF.
 */
import { ERROR_PREFIX, parseReply } from '../../protocol';
import type { Probe } from '../engine/probe';
import type { Stage } from '../engine/stage';
import { StageFailure } from '../engine/stage';
import { assignmentReply, codePoints, shortMessage } from './messages';


/** Expects the next line to be a count reply, in any of the protocol's forms, of `chars`. */
async function expectCountLine(client: Probe, chars: number, timeoutMs?: number): Promise<void> {
  const accepts = (line: string): boolean => {
    const parsed = parseReply(line);
    return parsed.kind === 'count' && parsed.chars === chars && !line.startsWith(ERROR_PREFIX);
  };
  await client.expectLine(accepts, `a reply line counting ${chars} (for example "${assignmentReply(chars)}")`, Buffer.from(assignmentReply(chars)), timeoutMs);
}

const lineFraming: Stage = {
  id: 'line-framing',
  title: 'answers LF- and CRLF-ended messages on one connection, in order',
  level: 'protocol',
  async run(context) {
    const client = await context.open();
    for (const [ending, terminator] of [['LF', '\n'], ['LF', '\n'], ['LF', '\n'], ['CRLF', '\r\n'], ['CRLF', '\r\n']] as const) {
      const message = shortMessage(context.random);
      await client.send(message + terminator, { ending: `ended by ${ending}` });
      await expectCountLine(client, codePoints(message));
    }
  },
};

const PIPELINED = 100;

const pipelining: Stage = {
  id: 'pipelining',
  title: `answers ${PIPELINED} messages sent in one write, in order`,
  level: 'protocol',
  async run(context) {
    const messages = Array.from({ length: PIPELINED }, (_, n) => `${shortMessage(context.random)} ${n + 1}`);
    const client = await context.open();
    await client.send(messages.map((message) => `${message}\n`).join(''), { ending: `${PIPELINED} messages, each ended by LF, in one write` });
    for (const message of messages) await expectCountLine(client, codePoints(message));
  },
};

/** Invalid messages and the byte offset the ERROR line must name (Python's UnicodeDecodeError.start). */
const INVALID_CASES: ReadonlyArray<{ bytes: number[]; offset: number }> = [
  { bytes: [0x61, 0x62, 0xff, 0x63, 0x64], offset: 2 },
  { bytes: [0x68, 0x61, 0x6c, 0x6f, 0x20, 0xc0, 0x80], offset: 5 },
  { bytes: [0x78, 0xed, 0xa0, 0x80, 0x79], offset: 1 },
  { bytes: [0x4b, 0x61, 0x66, 0xc3, 0xa9, 0x20, 0xe2, 0x41], offset: 6 },
];

const errorReply: Stage = {
  id: 'error-reply',
  title: 'answers invalid UTF-8 with an ERROR line naming the byte, and stays usable',
  level: 'protocol',
  async run(context) {
    const { bytes, offset } = context.random.pick(INVALID_CASES);
    const client = await context.open();
    await client.send(Buffer.from([...bytes, 0x0a]), { ending: 'ended by LF' });
    const prefix = `${ERROR_PREFIX}invalid UTF-8 at byte ${offset}:`;
    await client.expectLine((line) => line.startsWith(prefix), `a line starting "${prefix}"`, Buffer.from(`${prefix} …`));
    const message = shortMessage(context.random);
    context.step('the same connection must still be answered');
    await client.send(`${message}\n`, { ending: 'ended by LF' });
    await expectCountLine(client, codePoints(message));
  },
};

const quietPeriod: Stage = {
  id: 'quiet-period',
  title: 'answers a message with no newline once the client goes quiet',
  level: 'protocol',
  async run(context) {
    const message = shortMessage(context.random);
    const client = await context.open();
    await client.send(message);
    context.step('client 1: waits without closing');
    await expectCountLine(client, codePoints(message));
  },
};

const halfClose: Stage = {
  id: 'half-close',
  title: 'answers unterminated bytes followed by the client\'s FIN, then closes',
  level: 'protocol',
  async run(context) {
    const message = `${shortMessage(context.random)} tanpa newline`;
    const client = await context.open();
    await client.send(message, { thenHalfClose: true });
    await expectCountLine(client, codePoints(message));
    await client.expectPeerGone(context.timing.replyTimeoutMs);
  },
};

const IN_FLIGHT = 20;
const SHUTDOWN_EXIT_MS = 10_000;

const shutdown: Stage = {
  id: 'shutdown',
  title: `on SIGTERM answers the ${IN_FLIGHT} messages in flight, then exits 0`,
  level: 'protocol',
  notApplicable: (target) => (target.signalable ? null : 'needs a command target: the checker must start your server to send it SIGTERM'),
  async run(context) {
    const messages = Array.from({ length: IN_FLIGHT }, (_, n) => `${shortMessage(context.random)} ${n + 1}`);
    const client = await context.open();
    await client.send(messages.map((message) => `${message}\n`).join(''), { ending: `${IN_FLIGHT} messages, each ended by LF, in one write` });
    context.step('sent SIGTERM to your server before reading any reply');
    await context.target.terminate();
    for (const message of messages) await expectCountLine(client, codePoints(message));
    const exit = await context.target.waitForExit(SHUTDOWN_EXIT_MS);
    if (!exit) throw new StageFailure('your server to exit after SIGTERM', `it still running after ${SHUTDOWN_EXIT_MS / 1000} s`);
    context.step(`your server exited with code ${exit.code ?? exit.signal}`);
    if (exit.code !== 0) throw new StageFailure('exit code 0 after SIGTERM', exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`, {}, context.outputNotes());
  },
};

export const PROTOCOL_STAGES: readonly Stage[] = [lineFraming, pipelining, errorReply, quietPeriod, halfClose, shutdown];

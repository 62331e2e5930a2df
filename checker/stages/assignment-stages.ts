/**
 * The `assignment` level: the assignment done right, probed the way its own client talks
 * (no newline; wait for the reply, or half-close where a stage says so). Each stage tests
 * one thing, so a server with one fault fails one stage.
 */
import { StageFailure, type Stage } from '../engine/stage';
import type { StageContext } from '../engine/stage-context';
import { countedAfterHalfClose } from './exchanges';
import { assignmentReply, codePoints, pieceBoundaries, shortMessage, textOfBytes } from './messages';


const listen: Stage = {
  id: 'listen',
  title: 'accepts a TCP connection on the port',
  level: 'assignment',
  async run(context) {
    const client = await context.open();
    // The polite goodbye every client says: a reset would make the classic program's recv() raise.
    await client.close({ say: true });
  },
};

const replyText: Stage = {
  id: 'reply-text',
  title: 'answers a short message with the exact reply text',
  level: 'assignment',
  async run(context) {
    const message = shortMessage(context.random);
    await context.exchange(async () => {
      const client = await context.open();
      await client.send(message);
      context.step(`${client.label}: waits for the reply without closing, as the assignment's client does`);
      await client.expectReplyText(context.expectedReplyFor(codePoints(message)));
      client.release();
    });
  },
};

/** Python's len() of each: precomposed é is one code point, e + U+0301 two, each emoji of a ZWJ family one. */
const UNICODE_CASES: ReadonlyArray<{ text: string; what: string }> = [
  { text: 'caf\u00e9', what: 'precomposed é (U+00E9)' },
  { text: 'cafe\u0301', what: 'e followed by U+0301 COMBINING ACUTE ACCENT' },
  { text: 'Kafé 日本 😀', what: 'Latin, CJK and an emoji' },
  { text: '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', what: 'a ZWJ family emoji (three people joined by U+200D)' },
];

const countUnicode: Stage = {
  id: 'count-unicode',
  title: 'counts code points, as Python\'s len(data.decode()) does',
  level: 'assignment',
  async run(context) {
    for (const { text, what } of UNICODE_CASES) {
      context.step(`next: ${what}, ${codePoints(text)} code points`);
      await countedAfterHalfClose(context, text, codePoints(text));
    }
  },
};

const SECOND_CLIENT_COUNT = 10;

const secondClient: Stage = {
  id: 'second-client',
  title: `serves a second client after the first, and a tenth`,
  level: 'assignment',
  async run(context) {
    for (let n = 1; n <= SECOND_CLIENT_COUNT; n++) {
      const message = `${shortMessage(context.random)} #${n}`;
      await countedAfterHalfClose(context, message, codePoints(message), { sameProcess: true });
    }
  },
};

const LONG_SIZES = [1500, 64 * 1024, 1024 * 1024];

const longMessage: Stage = {
  id: 'long-message',
  title: 'counts messages of 1,500 B, 64 KiB and 1 MiB whole',
  level: 'assignment',
  async run(context) {
    for (const size of LONG_SIZES) {
      const bytes = Buffer.from(textOfBytes(context.random, size));
      const writes = size <= 1500 ? 2 : size <= 64 * 1024 ? 8 : 32;
      context.step(`next: a ${size.toLocaleString('en')}-byte message`);
      const timeoutMs = size > 64 * 1024 ? context.timing.longReplyTimeoutMs : context.timing.replyTimeoutMs;
      await countedAfterHalfClose(context, bytes, codePoints(bytes.toString('utf8')), {
        // The 1,500-byte message is written in two halves 10 ms apart, so one recv(1024) gets the
        // first half alone, the same every run. The larger ones go back to back: a server that ends
        // a message after a quiet time must not see one because the checker was slow to write.
        plan: { cuts: pieceBoundaries(bytes, writes), pauseMs: size <= 1500 ? 10 : 0, ending: 'no newline; the half-close ends it' },
        timeoutMs,
      });
    }
  },
};

const splitCharacter: Stage = {
  id: 'split-character',
  title: 'counts a character split across two writes, and one cut at byte 1024',
  level: 'assignment',
  async run(context) {
    const acrossWrites = Buffer.from('Kafé ok');
    const cut = acrossWrites.indexOf(0xc3) + 1;
    context.step('next: é (C3 A9) cut between two writes');
    await countedAfterHalfClose(context, acrossWrites, codePoints('Kafé ok'), { plan: { cuts: [cut], pauseMs: 30 } });
    const atBoundary = Buffer.concat([Buffer.from('a'.repeat(1023)), Buffer.from('é')]);
    context.step('next: 1,023 ASCII bytes and é, so bytes 1023-1024 hold é and a recv(1024) cuts it');
    await countedAfterHalfClose(context, atBoundary, 1024);
  },
};

const CONCURRENT_CLIENTS = 5;

const concurrentClients: Stage = {
  id: 'concurrent-clients',
  title: `serves ${CONCURRENT_CLIENTS} clients connected at once, answering the last to connect first, and ${CONCURRENT_CLIENTS} whose messages arrive together`,
  level: 'assignment',
  async run(context) {
    const clients = [];
    for (let n = 1; n <= CONCURRENT_CLIENTS; n++) clients.push(await context.open({ sameProcess: true }));
    context.step(`all ${CONCURRENT_CLIENTS} connected; now each sends, from the last to connect to the first, and must be answered before the next sends`);
    for (const client of clients.reverse()) {
      const message = `${shortMessage(context.random)} (${client.label})`;
      await client.send(message, { thenHalfClose: true });
      await client.expectCount(codePoints(message), assignmentReply(codePoints(message)), message);
    }
    await messagesTogether(context);
  },
};

/**
 * The second part: several clients, connected at once, whose messages (each in one write, of
 * different lengths) all reach the server in the same instant, well within one quiet period.
 * A server that keeps every client's bytes in one buffer mixes them and miscounts; a server
 * that answers each recv() on its own still gets each message whole, in one write.
 */
async function messagesTogether(context: StageContext): Promise<void> {
  const clients = [];
  for (let n = 1; n <= CONCURRENT_CLIENTS; n++) clients.push(await context.open({ sameProcess: true, label: `client ${CONCURRENT_CLIENTS + n}` }));
  const base = shortMessage(context.random);
  // Lengths differ by construction: a mixed-up count cannot be another client's by chance.
  const sends = clients.map((client, index) => ({ client, message: `${base} (${client.label})${'!'.repeat(index + 1)}` }));
  context.step(`all ${CONCURRENT_CLIENTS} more connected; now each sends its message in one write, all in the same instant`);
  await context.sendTogether(sends);
  await Promise.all(
    sends.map(async ({ client, message }) => {
      await client.endMessage();
      await client.expectCount(codePoints(message), assignmentReply(codePoints(message)), message);
    }),
  );
}

const invalidUtf8: Stage = {
  id: 'invalid-utf8',
  title: 'survives a message that is not valid UTF-8, and serves the next client',
  level: 'assignment',
  async run(context) {
    let exitedCleanly = false;
    await context.exchange(async () => {
      const bad = await context.open();
      await bad.send(Buffer.from('abc\xFFdef', 'latin1'), { thenHalfClose: true });
      const read = await bad.reply();
      await bad.close();
      if (read.ending === 'timeout') {
        throw new StageFailure('a reply or a close for the invalid message', `neither within ${context.timing.replyTimeoutMs / 1000} s: the connection hangs`, { sent: bad.sent, received: read.bytes });
      }
      if (!context.target.restartable) return;
      const exit = await context.target.waitForExit(300);
      if (exit && (exit.code !== 0 || exit.signal)) {
        throw new StageFailure('your server to keep running after invalid UTF-8', 'it stopped', { sent: bad.sent, received: read.bytes }, context.outputNotes());
      }
      if (exit && read.bytes.length === 0) {
        // Closed with no reply by a process that then exited cleanly: one on its way out before this client.
        const raced = new StageFailure('a reply or a close from a running server', 'a close by a server that was exiting');
        raced.endedWithoutReply = true;
        throw raced;
      }
      exitedCleanly = exit !== null;
    });
    const exitedAfterClient = (): void => context.step('your server exited with code 0 after this client, as it does after any client (second-client checks that)');
    if (exitedCleanly) {
      exitedAfterClient();
      return;
    }
    const message = shortMessage(context.random);
    try {
      await countedAfterHalfClose(context, message, codePoints(message), { sameProcess: true, label: 'next client' });
    } catch (error) {
      // An exit 0 seen only now (a container's exit can take longer to be reported than the wait above) is still second-client's business.
      const exit = context.target.exitStatus();
      if (!(error instanceof StageFailure) || error.facts.kind !== 'exited' || exit?.code !== 0 || exit.signal) throw error;
      exitedAfterClient();
    }
  },
};

export const ASSIGNMENT_STAGES: readonly Stage[] = [listen, replyText, countUnicode, secondClient, longMessage, splitCharacter, concurrentClients, invalidUtf8];

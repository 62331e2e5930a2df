/**
 * The `assignment` level: the assignment done right, probed the way its own client talks
 * (no newline; wait for the reply, or half-close where a stage says so). Each stage tests
 * one thing, so a server with one fault fails one stage.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { StageFailure, type Stage } from '../engine/stage';
import type { StageContext } from '../engine/stage-context';
import { STAGE_TEXTS, STAGE_TITLES } from '../messages/stage-texts';
import { countedAfterHalfClose } from './exchanges';
import { codePoints, pieceBoundaries, shortMessage, textOfBytes } from './messages';


const listen: Stage = {
  id: 'listen',
  title: (language) => STAGE_TITLES[language].listen(),
  level: 'assignment',
  async run(context) {
    const client = await context.open();
    // The polite goodbye every client says: a reset would make the classic program's recv() raise.
    await client.close({ say: true });
  },
};

const replyText: Stage = {
  id: 'reply-text',
  title: (language) => STAGE_TITLES[language]['reply-text'](),
  level: 'assignment',
  async run(context) {
    const message = shortMessage(context.random);
    await context.exchange(async () => {
      const client = await context.open();
      await client.send(message);
      context.step(STAGE_TEXTS[context.language].waitsWithoutClosing({ client: client.label }));
      await client.expectReplyText(context.expectedReplyFor(codePoints(message)));
      client.release();
    });
  },
};

/** Python's len() of each: precomposed é is one code point, e + U+0301 two, each emoji of a ZWJ family one. */
const UNICODE_CASES: ReadonlyArray<{ text: string; what: 'precomposed' | 'combining' | 'mixedScripts' | 'zwjFamily' }> = [
  { text: 'caf\u00e9', what: 'precomposed' },
  { text: 'cafe\u0301', what: 'combining' },
  { text: 'Kafé 日本 😀', what: 'mixedScripts' },
  { text: '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', what: 'zwjFamily' },
];

const countUnicode: Stage = {
  id: 'count-unicode',
  title: (language) => STAGE_TITLES[language]['count-unicode'](),
  level: 'assignment',
  async run(context) {
    for (const { text, what } of UNICODE_CASES) {
      const say = STAGE_TEXTS[context.language];
      context.step(say.nextCase({ what: say[what](), codePoints: codePoints(text) }));
      await countedAfterHalfClose(context, text, codePoints(text));
    }
  },
};

const SECOND_CLIENT_COUNT = 10;

const secondClient: Stage = {
  id: 'second-client',
  title: (language) => STAGE_TITLES[language]['second-client'](),
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
  title: (language) => STAGE_TITLES[language]['long-message'](),
  level: 'assignment',
  async run(context) {
    const say = STAGE_TEXTS[context.language];
    for (const size of LONG_SIZES) {
      const bytes = Buffer.from(textOfBytes(context.random, size));
      const writes = size <= 1500 ? 2 : size <= 64 * 1024 ? 8 : 32;
      context.step(say.nextLong({ bytes: size }));
      const timeoutMs = size > 64 * 1024 ? context.timing.longReplyTimeoutMs : context.timing.replyTimeoutMs;
      await countedAfterHalfClose(context, bytes, codePoints(bytes.toString('utf8')), {
        // The 1,500-byte message is written in two halves 10 ms apart, so one recv(1024) gets the
        // first half alone, the same every run. The larger ones go back to back: a server that ends
        // a message after a quiet time must not see one because the checker was slow to write.
        plan: { cuts: pieceBoundaries(bytes, writes), pauseMs: size <= 1500 ? 10 : 0, ending: say.halfCloseEnds() },
        timeoutMs,
      });
    }
  },
};

const splitCharacter: Stage = {
  id: 'split-character',
  title: (language) => STAGE_TITLES[language]['split-character'](),
  level: 'assignment',
  async run(context) {
    const acrossWrites = Buffer.from('Kafé ok');
    const cut = acrossWrites.indexOf(0xc3) + 1;
    const say = STAGE_TEXTS[context.language];
    context.step(say.nextAcrossWrites());
    await countedAfterHalfClose(context, acrossWrites, codePoints('Kafé ok'), { plan: { cuts: [cut], pauseMs: 30 } });
    const atBoundary = Buffer.concat([Buffer.from('a'.repeat(1023)), Buffer.from('é')]);
    context.step(say.nextAtBoundary());
    await countedAfterHalfClose(context, atBoundary, 1024);
  },
};

const CONCURRENT_CLIENTS = 5;

/** How long the connected clients of concurrent-clients wait before the first sends: longer than a quiet period that starts before the first byte, far shorter than a read timeout for a silent client. */
const IDLE_BEFORE_SENDING_MS = 300;

const concurrentClients: Stage = {
  id: 'concurrent-clients',
  title: (language) => STAGE_TITLES[language]['concurrent-clients']({ clients: CONCURRENT_CLIENTS }),
  level: 'assignment',
  async run(context) {
    const clients = [];
    for (let n = 1; n <= CONCURRENT_CLIENTS; n++) clients.push(await context.open({ sameProcess: true }));
    context.step(STAGE_TEXTS[context.language].allConnected({ clients: CONCURRENT_CLIENTS }));
    // Connected clients that have not sent yet, as a real client may be: a server whose read
    // timeout runs before the first byte answers them 0 (checker.md documents the idle time).
    context.step(STAGE_TEXTS[context.language].idleBeforeSending({ ms: IDLE_BEFORE_SENDING_MS }));
    await sleep(IDLE_BEFORE_SENDING_MS);
    for (const client of clients.reverse()) {
      const message = `${shortMessage(context.random)} (${client.label})`;
      await client.send(message, { thenHalfClose: true });
      await client.expectCount(codePoints(message), context.expectedReplyFor(codePoints(message)), message);
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
  context.step(STAGE_TEXTS[context.language].allMoreConnected({ clients: CONCURRENT_CLIENTS }));
  await context.sendTogether(sends);
  await Promise.all(
    sends.map(async ({ client, message }) => {
      await client.endMessage();
      await client.expectCount(codePoints(message), context.expectedReplyFor(codePoints(message)), message);
    }),
  );
}

const invalidUtf8: Stage = {
  id: 'invalid-utf8',
  title: (language) => STAGE_TITLES[language]['invalid-utf8'](),
  level: 'assignment',
  async run(context) {
    const say = STAGE_TEXTS[context.language];
    let exitedCleanly = false;
    await context.exchange(async () => {
      const bad = await context.open();
      await bad.send(Buffer.from('abc\xFFdef', 'latin1'), { thenHalfClose: true });
      const read = await bad.reply();
      await bad.close();
      if (read.ending === 'timeout') {
        throw new StageFailure(say.expectedReplyOrClose(), say.gotHang({ timeoutMs: context.timing.replyTimeoutMs }), { sent: bad.sent, received: read.bytes });
      }
      if (!context.target.restartable) return;
      const exit = await context.target.waitForExit(300);
      if (exit && (exit.code !== 0 || exit.signal)) {
        throw new StageFailure(say.expectedKeepsRunning(), say.gotStopped(), { sent: bad.sent, received: read.bytes }, context.outputNotes());
      }
      if (exit && read.bytes.length === 0) {
        // Closed with no reply by a process that then exited cleanly: one on its way out before this client.
        const raced = new StageFailure(say.expectedRunningServer(), say.gotExitingClose());
        raced.endedWithoutReply = true;
        throw raced;
      }
      exitedCleanly = exit !== null;
    });
    const exitedAfterClient = (): void => context.step(say.exitedCleanly());
    if (exitedCleanly) {
      exitedAfterClient();
      return;
    }
    const message = shortMessage(context.random);
    try {
      await countedAfterHalfClose(context, message, codePoints(message), { sameProcess: true, label: say.nextClient() });
    } catch (error) {
      // An exit 0 seen only now (a container's exit can take longer to be reported than the wait above) is still second-client's business.
      const exit = context.target.exitStatus();
      if (!(error instanceof StageFailure) || error.facts.kind !== 'exited' || exit?.code !== 0 || exit.signal) throw error;
      exitedAfterClient();
    }
  },
};

export const ASSIGNMENT_STAGES: readonly Stage[] = [listen, replyText, countUnicode, secondClient, longMessage, splitCharacter, concurrentClients, invalidUtf8];

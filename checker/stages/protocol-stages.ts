/**
 * The `protocol` level: the kit's whole protocol (lab-notes/protocol.md) beyond the
 * assignment. Replies may take any form the protocol allows (Indonesian or English text,
 * or the JSON object) and are lines ended by LF.
 */
import { ERROR_PREFIX, parseReply } from '../../protocol';
import type { Probe } from '../engine/probe';
import type { Stage } from '../engine/stage';
import { StageFailure } from '../engine/stage';
import { STAGE_TEXTS, STAGE_TITLES } from '../messages/stage-texts';
import { canSendSigterm } from '../../host-os';
import { assignmentReply, codePoints, shortMessage } from './messages';


/** Expects the next line to be a count reply, in any of the protocol's forms, of `chars`. */
async function expectCountLine(client: Probe, chars: number, timeoutMs?: number): Promise<void> {
  const accepts = (line: string): boolean => {
    const parsed = parseReply(line);
    return parsed.kind === 'count' && parsed.chars === chars && !line.startsWith(ERROR_PREFIX);
  };
  const expected = STAGE_TEXTS[client.language].replyLineCounting({ chars, example: `"${assignmentReply(chars)}"` });
  await client.expectLine(accepts, expected, Buffer.from(assignmentReply(chars)), timeoutMs);
}

const lineFraming: Stage = {
  id: 'line-framing',
  title: (language) => STAGE_TITLES[language]['line-framing'](),
  level: 'protocol',
  async run(context) {
    const client = await context.open();
    for (const [ending, terminator] of [['LF', '\n'], ['LF', '\n'], ['LF', '\n'], ['CRLF', '\r\n'], ['CRLF', '\r\n']] as const) {
      const message = shortMessage(context.random);
      await client.send(message + terminator, { ending: STAGE_TEXTS[context.language].endedBy({ ending }) });
      await expectCountLine(client, codePoints(message));
    }
  },
};

const PIPELINED = 100;

const pipelining: Stage = {
  id: 'pipelining',
  title: (language) => STAGE_TITLES[language].pipelining({ messages: PIPELINED }),
  level: 'protocol',
  async run(context) {
    const messages = Array.from({ length: PIPELINED }, (_, n) => `${shortMessage(context.random)} ${n + 1}`);
    const client = await context.open();
    await client.send(messages.map((message) => `${message}\n`).join(''), { ending: STAGE_TEXTS[context.language].linesInOneWrite({ messages: PIPELINED }) });
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
  title: (language) => STAGE_TITLES[language]['error-reply'](),
  level: 'protocol',
  async run(context) {
    const { bytes, offset } = context.random.pick(INVALID_CASES);
    const say = STAGE_TEXTS[context.language];
    const client = await context.open();
    await client.send(Buffer.from([...bytes, 0x0a]), { ending: say.endedBy({ ending: 'LF' }) });
    const prefix = `${ERROR_PREFIX}invalid UTF-8 at byte ${offset}:`;
    await client.expectLine((line) => line.startsWith(prefix), say.lineStarting({ prefix: `"${prefix}"` }), Buffer.from(`${prefix} …`));
    const message = shortMessage(context.random);
    context.step(say.sameConnection());
    await client.send(`${message}\n`, { ending: say.endedBy({ ending: 'LF' }) });
    await expectCountLine(client, codePoints(message));
  },
};

const quietPeriod: Stage = {
  id: 'quiet-period',
  title: (language) => STAGE_TITLES[language]['quiet-period'](),
  level: 'protocol',
  async run(context) {
    const message = shortMessage(context.random);
    const client = await context.open();
    await client.send(message);
    context.step(STAGE_TEXTS[context.language].waitsQuietly({ client: client.label }));
    await expectCountLine(client, codePoints(message));
  },
};

const halfClose: Stage = {
  id: 'half-close',
  title: (language) => STAGE_TITLES[language]['half-close'](),
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
  title: (language) => STAGE_TITLES[language].shutdown({ messages: IN_FLIGHT }),
  level: 'protocol',
  notApplicable: (target, language = 'en') => (target.signalable ? null : canSendSigterm ? STAGE_TEXTS[language].needsCommand() : STAGE_TEXTS[language].noSigtermOnWindows()),
  async run(context) {
    const messages = Array.from({ length: IN_FLIGHT }, (_, n) => `${shortMessage(context.random)} ${n + 1}`);
    const say = STAGE_TEXTS[context.language];
    const client = await context.open();
    await client.send(messages.map((message) => `${message}\n`).join(''), { ending: say.linesInOneWrite({ messages: IN_FLIGHT }) });
    context.step(say.sentSigterm());
    await context.target.terminate();
    for (const message of messages) await expectCountLine(client, codePoints(message));
    const exit = await context.target.waitForExit(SHUTDOWN_EXIT_MS);
    if (!exit) throw new StageFailure(say.expectedExitAfterSigterm(), say.gotStillRunning({ timeoutMs: SHUTDOWN_EXIT_MS }));
    context.step(say.serverExited({ exit: context.describeExit(exit) }));
    if (exit.code !== 0) throw new StageFailure(say.expectedExitZero(), say.gotExit({ exit: context.describeExit(exit) }), {}, context.outputNotes());
  },
};

export const PROTOCOL_STAGES: readonly Stage[] = [lineFraming, pipelining, errorReply, quietPeriod, halfClose, shutdown];

/**
 * From what a failing stage saw to what the student should hear first: the cause, before the
 * stage's generic hint. Pure: facts and the record in, diagnoses out, most telling first, in
 * the input's language. A diagnosis whose fix differs from the stage's hint brings its own
 * (messages/hints.ts chooseHint), so a student is not told to add what the server has.
 */
import { escapePieces } from '../../protocol';
import { DIAGNOSIS_TEXTS, ENDING_NAMES } from '../messages/diagnosis-texts';
import type { Diagnosis, RecordEvent } from '../model';
import type { ReplyEnding } from '../probe/connection';
import { explainCount, type CountExplanation } from './count-explained';
import type { DiagnosisInput, FailureFacts } from './facts';
import { errorKind, findProgramError } from './program-error';

type Texts = (typeof DIAGNOSIS_TEXTS)[DiagnosisInput['language']];

/** The stages whose messages hold bytes that are not valid UTF-8 (every other message is valid UTF-8). */
const INVALID_UTF8_STAGES = new Set(['invalid-utf8', 'error-reply']);

/** Signals that mean the program crashed (not the checker stopping it). */
const CRASH_SIGNALS = new Set(['SIGSEGV', 'SIGBUS', 'SIGABRT', 'SIGFPE', 'SIGILL', 'SIGPIPE']);

export function diagnose(input: DiagnosisInput): Diagnosis[] {
  const say = DIAGNOSIS_TEXTS[input.language];
  const crash = [...programErrorDiagnosis(input, say), ...signalDiagnosis(input.record, say)];
  return [...crash, ...factsDiagnoses(input, say, crash.length > 0)];
}

function programExit(record: readonly RecordEvent[]): Extract<RecordEvent, { kind: 'program-exit' }> | null {
  return record.filter((event) => event.kind === 'program-exit').at(-1) ?? null;
}

/**
 * The program's error, when it printed one during the stage (a thread that died leaves the
 * program running), or when the program's output (its current run's) can explain the failure:
 * it exited with an error or never listened, or a connection ended or stayed silent with no
 * reply. A reply that came, with a wrong count or text, is not blamed on an earlier error.
 */
function programErrorDiagnosis({ facts, record, lastOutput, stageId }: DiagnosisInput, say: Texts): Diagnosis[] {
  const stageOutput = record.flatMap((event) => (event.kind === 'program-output' ? [event.line] : []));
  const exit = programExit(record);
  const replied = facts.kind === 'count' || facts.kind === 'reply-text';
  const failed = !replied || (exit !== null && exit.code !== 0);
  const found = findProgramError(stageOutput) ?? (failed ? findProgramError(lastOutput) : null);
  if (found === null) return [];
  const errorOf = errorKind(found.error);
  // Only these stages send bytes that are not UTF-8: a decode error anywhere else met a valid message cut into pieces.
  const kind = errorOf === 'cannot-decode' && !INVALID_UTF8_STAGES.has(stageId) ? 'decodes-piece' : errorOf;
  const text = {
    'reads-stdin': say.readsStdin,
    'address-in-use': say.addressInUse,
    'address-not-available': say.addressNotAvailable,
    'name-not-resolved': say.nameNotResolved,
    'reply-not-bytes': say.replyNotBytes,
    'socket-used-after-close': say.socketUsedAfterClose,
    // The error line says it all; the kind brings its own hint (errors="replace").
    'cannot-decode': say.programError,
    'decodes-piece': say.decodesPiece,
    'program-error': say.programError,
  }[kind](found);
  return [{ code: kind, text }];
}

function signalDiagnosis(record: readonly RecordEvent[], say: Texts): Diagnosis[] {
  const signal = programExit(record)?.signal;
  return signal && CRASH_SIGNALS.has(signal) ? [{ code: 'killed-by-signal', text: say.killedBySignal({ signal }) }] : [];
}

function factsDiagnoses(input: DiagnosisInput, say: Texts, crashed: boolean): Diagnosis[] {
  const { facts } = input;
  switch (facts.kind) {
    case 'count': {
      const explained = explainCount(facts);
      return explained === null ? [] : [countDiagnosis(explained, facts.expected, say)];
    }
    case 'reply-text':
      if (!facts.lineRequired) return replyWording(facts, say);
      return sameBytes(facts.reply, facts.expected) && facts.ending !== 'lf' ? [lineEnding(facts.reply, facts.ending, input.language, true)] : [];
    case 'no-reply':
      return crashed ? [] : noReply(facts, input, say);
    case 'exited':
      return crashed ? [] : [exitedAfter(facts.clientsServed, programExit(input.record)?.code ?? null, say)];
    case 'other': {
      const busyWith = silentEarlierClient(input.record, (event) => event.kind === 'connect-failed' && event.reason === 'timeout');
      if (busyWith !== null) return [{ code: 'one-client-at-a-time', text: say.notAcceptedWhileBusy({ client: busyWith }) }];
      return [...stoppedListening(input.record, say), ...resetAsItOpened(input.record, say)];
    }
    case 'never-listened':
      return [];
  }
}

/**
 * The assignment's sentence, not matched: what is right in the reply, so the student changes
 * only its words (or spaces, or drops a second number), not the count. Numbers are read as the count stages read them,
 * less any copy of the message.
 */
function replyWording(facts: Extract<FailureFacts, { kind: 'reply-text' }>, say: Texts): Diagnosis[] {
  const text = new TextDecoder().decode(facts.reply);
  const expected = new TextDecoder().decode(facts.expected);
  const message = new TextDecoder().decode(facts.message);
  const count = [...message].length;
  if (text.length === 0) return [];
  if (text.replace(/\s+/g, '') === expected.replace(/\s+/g, '')) return [{ code: 'reply-wording', text: say.replySpacing({ expected: `"${expected}"` }) }];
  const numbers = ((message === '' ? text : text.split(message).join(' ')).match(/\d+/g) ?? []).map(Number);
  if (numbers.length === 1 && numbers[0] === count) return [{ code: 'reply-wording', text: say.replyWording({ count, expected: `"${expected}"` }) }];
  if (numbers.length > 1 && numbers.includes(count)) return [{ code: 'several-numbers', text: say.severalNumbersRightAmong({ numbers: numbers.join(', '), expected: count }) }];
  return [];
}

function countDiagnosis(explained: CountExplanation, expected: number, say: Texts): Diagnosis {
  switch (explained.kind) {
    case 'zero-at-once':
      return { code: 'answered-before-message', text: explained.early ? say.answeredZeroBeforeMessage() : say.answeredZeroAtOnce({ ms: explained.ms }) };
    case 'before-message':
      return { code: 'answered-before-message', text: say.answeredBeforeMessage({ ms: explained.ms, found: explained.found }) };
    case 'utf8-bytes':
      return { code: 'count-utf8-bytes', text: say.countUtf8Bytes({ found: explained.found, expected }) };
    case 'utf16-units':
      return { code: 'count-utf16-units', text: say.countUtf16Units({ found: explained.found, expected }) };
    case 'normalised':
      return { code: 'count-normalised', text: say.countNormalised({ found: explained.found, expected, form: explained.form }) };
    case 'graphemes':
      return { code: 'count-graphemes', text: say.countGraphemes({ found: explained.found, expected }) };
    case 'first-read':
      return { code: 'count-first-read', text: say.countFirstRead({ found: explained.found, expected, bytes: explained.bytes }) };
    case 'per-read':
      return { code: 'count-per-read', text: say.countPerRead({ counts: explained.counts.join(', '), expected }) };
    case 'other-client':
      return { code: 'count-other-client', text: say.countOtherClient({ found: explained.found, expected }) };
    case 'several-numbers':
      return {
        code: 'several-numbers',
        text: explained.rightOne
          ? say.severalNumbersRightAmong({ numbers: explained.numbers.join(', '), expected })
          : say.severalNumbers({ numbers: explained.numbers.join(', '), expected }),
      };
    case 'no-number':
      return { code: 'no-number', text: say.noNumber({ expected }) };
    case 'taken-by-other-client':
      return { code: 'count-other-client', text: say.countTakenByOtherClient({ expected, others: explained.others }) };
    case 'clients-together':
      return { code: 'count-other-client', text: say.countClientsTogether({ found: explained.found, expected }) };
  }
}

function noReply(facts: Extract<FailureFacts, { kind: 'no-reply' }>, input: DiagnosisInput, say: Texts): Diagnosis[] {
  // Bytes but no line feed after them: at the protocol level, a reply line never ended. Only a
  // reply that is the due line but for its end is called right; any other still lacks its LF.
  if (facts.bytes.length > 0) {
    if (facts.ending === 'lf' || facts.ending === 'crlf') return [];
    return [lineEnding(facts.bytes, facts.ending, input.language, sameBytes(facts.bytes, withoutLineEnd(facts.expected)))];
  }
  const seconds = Math.round(facts.waitedMs / 100) / 10;
  switch (facts.ending) {
    case 'close':
      return [{ code: 'closed-without-reply', text: say.closedWithoutReply() }];
    case 'reset':
      return [{ code: 'reset-without-reply', text: say.resetWithoutReply() }];
    case 'timeout':
    case 'quiet': {
      const busyWith = silentEarlierClient(input.record, (event) => event.kind === 'timeout');
      if (busyWith !== null) return [{ code: 'one-client-at-a-time', text: say.busyWithEarlierClient({ seconds, client: busyWith }) }];
      return finBeforeTimeout(input.record)
        ? [{ code: 'silent-after-close', text: say.silentAfterClose({ seconds }) }]
        : [{ code: 'waits-for-close', text: say.waitsForClose({ seconds }) }];
    }
    default:
      return [];
  }
}

/** A connection refused after an earlier one of the stage was accepted, by a program still running: it closed its listening socket. */
function stoppedListening(record: readonly RecordEvent[], say: Texts): Diagnosis[] {
  const refused = record.findIndex((event) => event.kind === 'connect-failed' && event.reason === 'refused');
  if (refused === -1) return [];
  // The same run of the program: accepted after its last start, and still running after the refusal (an earlier run's exit says nothing).
  const started = record.slice(0, refused).findLastIndex((event) => event.kind === 'program-start');
  const accepted = record.slice(started + 1, refused).find((event) => event.kind === 'connect');
  if (accepted === undefined || programExit(record.slice(refused)) !== null) return [];
  const client = (record[refused] as Extract<RecordEvent, { kind: 'connect-failed' }>).client;
  return [{ code: 'stopped-listening', text: say.stoppedListening({ client, accepted: (accepted as Extract<RecordEvent, { kind: 'connect' }>).client }) }];
}

/**
 * The stage's first connection reset as it opened, no client of the stage connected before it:
 * the listening socket the checker had seen was being closed (a server that closes it after its
 * client, or a program on its way out after the previous stage's client), so the kernel reset the
 * connection that was waiting in it.
 */
function resetAsItOpened(record: readonly RecordEvent[], say: Texts): Diagnosis[] {
  const first = record.find((event) => event.kind === 'connect' || event.kind === 'connect-failed');
  if (first?.kind !== 'connect-failed' || first.reason !== 'reset') return [];
  return [{ code: 'stopped-listening', text: say.resetAsItOpened({ client: first.client }) }];
}

/**
 * A client that connected before the one that waited in vain (for its reply, or for its
 * connection to be accepted), sent nothing, and was still connected then: a server that
 * serves one client at a time is still in that client's recv().
 */
function silentEarlierClient(record: readonly RecordEvent[], waitedInVain: (event: RecordEvent) => boolean): string | null {
  const failed = record.findIndex(waitedInVain);
  if (failed === -1) return null;
  const failedEvent = record[failed]!;
  const waiting = 'client' in failedEvent ? failedEvent.client : null;
  const before = record.slice(0, failed);
  const connectedAt = before.findIndex((event) => event.kind === 'connect' && event.client === waiting);
  const active = new Set(before.flatMap((event) => ('client' in event && event.kind !== 'connect' ? [event.client] : [])));
  const silent = before.slice(0, connectedAt === -1 ? failed : connectedAt).find((event) => event.kind === 'connect' && event.client !== waiting && !active.has(event.client));
  return silent !== undefined && 'client' in silent ? silent.client : null;
}

/** Whether a client half-closed before the wait that ran out (the FIN of the closing after the failure does not count). */
function finBeforeTimeout(record: readonly RecordEvent[]): boolean {
  const timeout = record.findIndex((event) => event.kind === 'timeout');
  return record.slice(0, timeout === -1 ? record.length : timeout).some((event) => event.kind === 'fin-sent');
}

function exitedAfter(clients: number, exitCode: number | null, say: Texts): Diagnosis {
  return clients <= 1
    ? { code: 'exited-after-one-client', text: say.exitedAfterOneClient({ exitCode }) }
    : { code: 'exited-after-clients', text: say.exitedAfterClients({ exitCode, clients }) };
}

/**
 * The reply, quoted and escaped as the trace shows bytes, with a caret where its line feed
 * should be; `rightButEnd` when its bytes are the due line's, so the ending is all to fix.
 */
function lineEnding(reply: Uint8Array, ending: ReplyEnding, language: DiagnosisInput['language'], rightButEnd: boolean): Diagnosis {
  const escaped = escapePieces(reply)
    .map((piece) => piece.text)
    .join('');
  const name = ENDING_NAMES[language][ending]();
  const say = DIAGNOSIS_TEXTS[language];
  const text = (rightButEnd ? say.lineEnding : say.lineNeverEnded)({ ending: name, reply: `"${escaped}"`, caret: 1 + [...escaped].length });
  return { code: 'line-ending', text };
}

/** A line's bytes without its LF or CRLF. */
function withoutLineEnd(line: Uint8Array): Uint8Array {
  const end = line.at(-1) === 0x0a ? (line.at(-2) === 0x0d ? line.length - 2 : line.length - 1) : line.length;
  return line.subarray(0, end);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

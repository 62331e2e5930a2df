/**
 * A probe's write that fails, and a probe agent that is gone, reach the trace as facts that the
 * trace says in the reader's language: the words of the operating system stay quoted as it gave
 * them, nothing else is English in the Indonesian line. The facts survive the probe agent's pipe.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { errorFromWire, errorToWire } from '../../checker/probe/agent-protocol';
import { ConnectionLost, ProbeAgentGone } from '../../checker/probe/connection-lost';
import { createLocalNetwork } from '../../checker/probe/local-network';
import { createRemoteNetwork } from '../../checker/probe/remote-network';
import { ENGINE_TEXTS } from '../../checker/engine/engine-texts';
import { runCheck } from '../../checker/engine/run-check';
import { DEFAULT_TIMING } from '../../checker/engine/timing';
import { renderText } from '../../checker/export/text';
import { DEFAULT_EXPECTED_REPLY } from '../../checker/model';
import { createHostTarget } from '../../checker/targets/host-target';
import { describeUnexpectedError } from '../../checker/messages/probe-texts';
import { TRACE_TEXTS } from '../../checker/messages/trace-texts';
import { englishIn } from '../support/english-in-indonesian';

/** The failure line a student reads when sending `bytes` failed with `error`. */
function failureLine(language: 'id' | 'en', error: unknown, bytes = 12): string {
  const trace = TRACE_TEXTS[language];
  return trace.expectedGot({ expected: trace.expectedToSend({ bytes }), got: trace.gotError({ error }) });
}

let server: Server | null = null;
afterEach(async () => {
  await new Promise((resolve) => (server === null ? resolve(null) : server.close(resolve)));
  server = null;
});

/** A server on loopback that resets a connection at its first byte. */
async function resettingServer(): Promise<number> {
  server = createServer((socket: Socket) => socket.once('data', () => socket.resetAndDestroy()));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('a write to a connection the server reset', () => {
  it('rejects with the fact (reset or closed), not with an English sentence', async () => {
    const port = await resettingServer();
    const network = createLocalNetwork();
    const connection = await network.connect('127.0.0.1', port, 2000);
    await connection.write(new TextEncoder().encode('S'));
    expect(await connection.waitForPeerClose(10_000)).toBe('reset');
    const failure = await connection.write(new TextEncoder().encode('Selamat pagi')).then(
      () => null,
      (error: unknown) => error,
    );
    await network.close();
    expect(failure).toBeInstanceOf(ConnectionLost);
    expect(['reset', 'closed']).toContain((failure as ConnectionLost).kind);
  });

  it('is said in Indonesian, the RST named, the operating system quoted', () => {
    const line = failureLine('id', new ConnectionLost('reset', 'ECONNRESET: read ECONNRESET'));
    expect(line).toBe('diharapkan pengiriman 12 byte, tetapi yang didapat koneksi yang sudah di-reset oleh server (RST) ("ECONNRESET: read ECONNRESET")');
    expect(englishIn(line)).toEqual([]);
  });

  it('is said in English', () => {
    expect(failureLine('en', new ConnectionLost('reset'))).toBe('expected to send 12 bytes, but got a connection the server had already reset (RST)');
  });
});

describe('a whole stage against a server that resets the connection at its first byte', () => {
  /** split-character sends a message in pieces: a piece after the server's RST cannot be written. */
  async function splitCharacter(language: 'id' | 'en'): Promise<string> {
    const port = await resettingServer();
    const report = await runCheck({
      target: createHostTarget('127.0.0.1', port),
      language,
      expectedReply: DEFAULT_EXPECTED_REPLY,
      entry: null,
      notesUrl: null,
      level: 'assignment',
      seed: 1,
      timing: DEFAULT_TIMING,
      points: new Map(),
      only: ['split-character'],
      stageTimeLimitMs: 60_000,
      events: { notice: () => {}, stageDone: () => {}, wire: null },
    });
    expect(report.stages[0]!.status).toBe('failed');
    return renderText(report);
  }

  it('fails, naming the RST, with no English sentence in Indonesian', async () => {
    const text = await splitCharacter('id');
    // The RST reaches the client before the next piece (a failed write) or before the reply is read.
    expect(text).toMatch(/tetapi yang didapat (koneksi yang sudah di-reset oleh server \(RST\)|reset \(RST\) dan tidak ada balasan)/);
    expect(englishIn(text), text).toEqual([]);
  });

  it('fails, naming the RST, in English', async () => {
    const text = await splitCharacter('en');
    expect(text).toMatch(/but got (a connection the server had already reset \(RST\)|.*RST)/);
    expect(text).not.toContain('an error:');
  });
});

describe('a write to a closed connection, and one the operating system refused', () => {
  it.each([
    [new ConnectionLost('closed'), 'diharapkan pengiriman 12 byte, tetapi yang didapat koneksi yang sudah tertutup', 'expected to send 12 bytes, but got a connection that was already closed'],
    [
      new ConnectionLost('write-failed', 'EPIPE: write EPIPE'),
      'diharapkan pengiriman 12 byte, tetapi yang didapat penulisan yang ditolak oleh sistem operasi ("EPIPE: write EPIPE")',
      'expected to send 12 bytes, but got a write the operating system refused ("EPIPE: write EPIPE")',
    ],
  ])('%s', (error, indonesian, english) => {
    expect(failureLine('id', error)).toBe(indonesian);
    expect(englishIn(failureLine('id', error))).toEqual([]);
    expect(failureLine('en', error)).toBe(english);
  });
});

describe('the facts cross the probe agent pipe', () => {
  it('a ConnectionLost comes back a ConnectionLost, its kind and the operating system words kept', () => {
    const back = errorFromWire(JSON.parse(JSON.stringify(errorToWire(new ConnectionLost('write-failed', 'EPIPE: write EPIPE')))));
    expect(back).toBeInstanceOf(ConnectionLost);
    expect(back).toMatchObject({ kind: 'write-failed', osError: 'EPIPE: write EPIPE' });
  });

  it('an agent whose pipe ends fails the calls with ProbeAgentGone, said in both languages', async () => {
    const responses = new PassThrough();
    const requests = new PassThrough();
    const network = createRemoteNetwork({ responses, requests });
    responses.end();
    const failure = await network.isListening(12345).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ProbeAgentGone);
    expect((failure as ProbeAgentGone).kind).toBe('ended');
    const id = ENGINE_TEXTS.id.gotCheckerError({ error: describeUnexpectedError('id', failure) });
    expect(id).toBe('error di dalam pemeriksa: agen probe milik pemeriksa telah berhenti (pipanya berakhir); mohon laporkan');
    expect(englishIn(id)).toEqual([]);
    expect(ENGINE_TEXTS.en.gotCheckerError({ error: describeUnexpectedError('en', failure) })).toBe("an error inside the checker: the checker's probe agent has stopped (its pipe ended); please report it");
    expect(failureLine('id', failure)).toBe('diharapkan pengiriman 12 byte, tetapi yang didapat error di dalam pemeriksa: agen probe milik pemeriksa telah berhenti (pipanya berakhir); mohon laporkan');
  });

  it('a pipe that failed is quoted with its error', () => {
    const line = failureLine('id', new ProbeAgentGone('failed', 'write EPIPE'));
    expect(line).toContain('(pipanya gagal: "write EPIPE")');
    expect(englishIn(line)).toEqual([]);
  });
});

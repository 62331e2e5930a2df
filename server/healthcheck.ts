#!/usr/bin/env node
/**
 * The server image's HEALTHCHECK: sends one real message over the protocol and checks the
 * reply with the protocol core, so "healthy" means the server counts, not merely that a
 * port is open. Reads the same settings as the server (environment, then ./.env), so it
 * follows PORT, LISTEN_HOST, REPLY_LANGUAGE and REPLY_FORMAT without being told.
 *
 * Prints one line saying why, and exits 0 when healthy, 1 when not.
 */
import { connect } from 'node:net';
import { config as loadDotenv } from 'dotenv';
import { LineSplitter, MessageDecoder, replyMatches, type MessageOutcome } from '../protocol';
import { parseServerConfig } from './config';

/** Recognisable in the server log: `127.0.0.1:40312 "healthcheck" -> 11 characters`. */
const PROBE = 'healthcheck';
/** Below Docker's --timeout=3s, so the probe reports why instead of being killed. */
const TIMEOUT_MS = 2500;
const LONGEST_REPLY = 4096;

const EXIT_HEALTHY = 0;
const EXIT_UNHEALTHY = 1;

interface Target {
  host: string;
  port: number;
}

function target(): Target {
  loadDotenv({ quiet: true });
  const { config } = parseServerConfig([], process.env);
  if (config.port === 0) throw new Error('PORT=0 makes the server pick a random port, which a health check cannot know');
  // A wildcard address accepts loopback connections too (for "::", through IPv4-mapped addresses).
  const { host } = config;
  const wildcard = host === undefined || host === '0.0.0.0' || host === '::' || host === '[::]';
  return { host: wildcard ? '127.0.0.1' : host, port: config.port };
}

function expectedOutcome(): MessageOutcome {
  let outcome: MessageOutcome | undefined;
  new MessageDecoder({ maxMessageBytes: 0 }).push(Buffer.from(`${PROBE}\n`, 'utf8'), (o) => (outcome = o));
  if (outcome === undefined) throw new Error('the protocol core produced no outcome for the probe');
  return outcome;
}

function probe({ host, port }: Target, timeoutMs: number): Promise<string> {
  const expected = expectedOutcome();
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const replies = new LineSplitter();
    let settled = false;
    const socket = connect({ host, port, noDelay: true });
    const finish = (outcome: { ok: string } | { error: Error }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if ('ok' in outcome) {
        // An orderly close (FIN), so the server logs "client closed"; never wait long for it.
        socket.end();
        setTimeout(() => socket.destroy(), 200).unref();
        resolve(outcome.ok);
      } else {
        socket.destroy();
        reject(outcome.error);
      }
    };
    const timer = setTimeout(
      () => finish({ error: new Error(`${where} did not answer "${PROBE}" within ${timeoutMs} ms`) }),
      timeoutMs,
    );
    socket.on('connect', () => socket.write(`${PROBE}\n`));
    const judgeReply = (line: Buffer): void => {
      const reply = line.toString('utf8').replace(/\r$/, '');
      const ms = (performance.now() - started).toFixed(0);
      if (replyMatches(expected, reply)) {
        finish({ ok: `healthy: ${where} answered "${PROBE}" with "${reply}" in ${ms} ms` });
      } else {
        finish({ error: new Error(`${where} answered "${PROBE}" with "${reply}", which is not a count of ${PROBE.length}`) });
      }
    };
    socket.on('data', (chunk: Buffer) => {
      replies.push(chunk, judgeReply);
      if (replies.pendingBytes > LONGEST_REPLY) finish({ error: new Error(`${where} sent ${replies.pendingBytes} bytes without a newline`) });
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish({ error: new Error(`cannot reach ${where}: ${error.code ?? error.message}`) }),
    );
    socket.on('close', () => finish({ error: new Error(`${where} closed the connection before answering "${PROBE}"`) }));
  });
}

async function main(): Promise<number> {
  try {
    process.stdout.write(`${await probe(target(), TIMEOUT_MS)}\n`);
    return EXIT_HEALTHY;
  } catch (error) {
    process.stdout.write(`unhealthy: ${(error as Error).message}\n`);
    return EXIT_UNHEALTHY;
  }
}

void main().then((code) => {
  process.exitCode = code;
});

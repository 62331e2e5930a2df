/**
 * The server image alone, reached from the host through its mapped port, as a student's
 * program would reach it. Expected counts come from the tests' UTF-8 oracle (a string's code
 * points), not from the project's protocol core.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { codePointsOf } from '../support/utf8-oracle';
import { containerOutput, dockerode, removeLabelledContainers } from './support/docker';
import { LineClient, exchange } from './support/line-client';
import { countReply, NEVER_PULL, runLabels, SERVER_IMAGE, SERVER_PORT } from './support/lab';

const runId = inject('integrationRunId');

let server: StartedTestContainer;
let host: string;
let port: number;

beforeAll(async () => {
  server = await new GenericContainer(SERVER_IMAGE)
    .withPullPolicy(NEVER_PULL)
    .withLabels(runLabels(runId))
    .withExposedPorts(SERVER_PORT)
    .withWaitStrategy(Wait.forHealthCheck())
    .withStartupTimeout(60_000)
    .start();
  host = server.getHost();
  port = server.getMappedPort(SERVER_PORT);
});

afterAll(async () => {
  await server?.stop({ timeout: 0 }).catch(() => undefined);
  await removeLabelledContainers(runId);
});

async function serverLog(): Promise<string> {
  return (await containerOutput(server.getId())).stdout;
}

describe('counts, from the host through the mapped port', () => {
  it.each([
    ['ASCII', 'Halo dunia', 10],
    ['an Indonesian sentence', 'Selamat pagi, apa kabar hari ini?', 33],
    ['a longer Indonesian sentence', 'Saya sedang belajar pemrograman soket TCP di laboratorium jaringan.', undefined],
    ['emoji outside the BMP (4 bytes, one code point each)', 'Halo 😀🎉', 7],
    ['an emoji ZWJ sequence (one grapheme, five code points)', '👨‍👩‍👧', 5],
    ['an emoji with a skin-tone modifier', '👋🏽', 2],
    ['a combining acute accent (e + U+0301)', 'Kafe\u0301', 5],
    ['precomposed é', 'Kafé', 4],
    ['Devanagari with combining vowel signs', 'नमस्ते', 6],
    ['CJK', '日本語のテキスト', 8],
  ])('%s', async (_name, text, expected) => {
    const chars = expected ?? codePointsOf(text);
    expect(codePointsOf(text)).toBe(chars);
    expect(await exchange(host, port, `${text}\n`)).toEqual([countReply(chars)]);
  });

  it('a CR before the LF is not counted (telnet and Windows clients)', async () => {
    expect(await exchange(host, port, 'Halo dunia\r\n')).toEqual([countReply(10)]);
  });

  it('answers a classic client that sends no newline, after the quiet period', async () => {
    const client = await LineClient.connect(host, port);
    try {
      const started = performance.now();
      await client.write('Pesan tanpa baris baru');
      expect(await client.readLine()).toBe(countReply(22));
      expect(performance.now() - started).toBeGreaterThanOrEqual(100); // 150 ms quiet period
    } finally {
      client.destroy();
    }
  });

  it('answers pipelined messages in one write, in order', async () => {
    expect(await exchange(host, port, 'satu\ndua\ntiga\nempat lima\n', 4)).toEqual([4, 3, 4, 10].map(countReply));
  });

  it('counts a 1 MB message that arrives in many reads', async () => {
    const unit = 'Kafé 日本 😀 ';
    const text = unit.repeat(Math.ceil(1_048_576 / Buffer.byteLength(unit)));
    expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(1_048_576);
    expect(await exchange(host, port, `${text}\n`, 1, 30_000)).toEqual([countReply(codePointsOf(text))]);
  });

  it('rejects invalid UTF-8 with an ERROR line and keeps the connection usable', async () => {
    const client = await LineClient.connect(host, port);
    try {
      await client.write(Buffer.from([0x61, 0x62, 0x63, 0xff, 0x64, 0x65, 0x66, 0x0a])); // abc\xFFdef
      expect(await client.readLine()).toMatch(/^ERROR invalid UTF-8 at byte 3\b/);
      await client.write(Buffer.from([0x68, 0x61, 0x72, 0x67, 0x61, 0x20, 0xe2, 0x82, 0x0a])); // "harga " + € cut short
      expect(await client.readLine()).toMatch(/^ERROR invalid UTF-8 at byte 6\b/);
      await client.write('Masih tersambung\n');
      expect(await client.readLine()).toBe(countReply(16));
    } finally {
      client.destroy();
    }
  });

  it('serves 100 connections open at the same time', async () => {
    const clients = await Promise.all(Array.from({ length: 100 }, () => LineClient.connect(host, port)));
    try {
      const messages = clients.map((_, i) => `klien nomor ${i} 😀`);
      await Promise.all(clients.map((client, i) => client.write(`${messages[i]}\n`)));
      const replies = await Promise.all(clients.map((client) => client.readLine(20_000)));
      expect(replies).toEqual(messages.map((m) => countReply(codePointsOf(m))));
    } finally {
      for (const client of clients) client.destroy();
    }
    // All of them were open at once, each with its own reply.
    expect(await serverLog()).toMatch(/connection from \S+ \(10[0-9] open\)/);
  });
});

describe('the image', () => {
  it('runs as the non-root node user', async () => {
    const image = await (await dockerode()).getImage(SERVER_IMAGE).inspect();
    expect(image.Config.User).toBe('node');
    const id = await server.exec(['id', '-u']);
    expect(id.exitCode).toBe(0);
    expect(id.output.trim()).not.toBe('0');
    const pid1 = await server.exec(['cat', '/proc/1/status']);
    expect(pid1.output).toMatch(/^Uid:\s+1000\s/m);
  });

  it('is production only: NODE_ENV=production, no dev dependencies, no TypeScript sources', async () => {
    const check = await server.exec(['sh', '-c', 'echo "$NODE_ENV"; ls /app/node_modules; ls /app/dist; ls /app']);
    const [nodeEnv, ...listing] = check.output.trim().split('\n');
    expect(nodeEnv).toBe('production');
    expect(listing).toContain('dotenv');
    for (const devOnly of ['typescript', 'vitest', 'testcontainers', 'eslint']) expect(listing).not.toContain(devOnly);
    expect(listing).not.toContain('client'); // dist/client belongs to the client image
    expect(listing).not.toContain('tests');
  });

  it('reaches healthy through a real protocol exchange', async () => {
    const inspect = await (await dockerode()).getContainer(server.getId()).inspect();
    expect(inspect.Config.Healthcheck?.Test).toEqual(['CMD', 'node', '/app/dist/server/healthcheck.js']);
    expect(inspect.State.Health?.Status).toBe('healthy');
    const probe = inspect.State.Health?.Log.at(-1);
    expect(probe?.ExitCode).toBe(0);
    expect(probe?.Output).toContain(`answered "healthcheck" with "${countReply(11)}"`);
    expect(await serverLog()).toMatch(/127\.0\.0\.1:\d+ "healthcheck" -> 11 characters/);
  });
});

describe('stopping', () => {
  it('docker stop takes under 3 s, exits 0 and logs the shutdown, even with a client connected', async () => {
    const idle = await LineClient.connect(host, port);
    await idle.write('Halo\n');
    expect(await idle.readLine()).toBe(countReply(4));
    try {
      const started = performance.now();
      await server.stop({ timeout: 10_000, remove: false });
      const elapsedMs = performance.now() - started;
      const state = (await (await dockerode()).getContainer(server.getId()).inspect()).State;
      const log = await serverLog();
      expect(elapsedMs, log).toBeLessThan(3000);
      expect(state.ExitCode).toBe(0);
      expect(log).toMatch(/SIGTERM received: no longer accepting connections/);
      expect(log).toMatch(/shutdown complete in \d+ ms/);
    } finally {
      idle.destroy();
    }
  });
});

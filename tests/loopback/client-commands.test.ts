/**
 * The compiled charcount-client against the real server (and a few fake ones): what it
 * prints and its exit codes (0 ok, 1 mismatch or missing reply, 2 usage, 3 cannot connect).
 */
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../protocol';
import {
  LAB_SESSION,
  LOOPBACK,
  ROOT,
  describeRun,
  idReply,
  runClient,
  scratchFile,
  sharedServer,
  sleep,
  startServer,
  tinyServer,
  useLoopbackHarness,
} from './harness';
import { at, lines, tableRows } from './client-output';
import { freePort } from '../support/free-port';

useLoopbackHarness();


describe('against the real server', () => {
  const server = sharedServer();

  it('send "Halo dunia" prints the reply and exits 0', async () => {
    const run = await runClient(['send', 'Halo dunia', ...at(server.current().port)]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toBe(`${idReply(10)}\n`);
    expect(run.stderr).toBe('');
  });

  it('send joins its words with spaces: send Halo dunia is the same message', async () => {
    const run = await runClient(['send', 'Halo', 'dunia', ...at(server.current().port)]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toBe(`${idReply(10)}\n`);
  });

  it('send --mode classic (no newline) gets its reply after the quiet period and exits 0', async () => {
    const run = await runClient(['send', 'Halo dunia', '--mode', 'classic', ...at(server.current().port)]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toBe(`${idReply(10)}\n`);
  });

  it('send --chunk-size 2 --chunk-delay-ms 5 dribbles the message and still gets one reply', async () => {
    const run = await runClient(['send', 'Kafé 日本 😀', '--chunk-size', '2', '--chunk-delay-ms', '5', ...at(server.current().port)]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toBe(`${idReply(9)}\n`);
  });

  it("send --escapes 'harga \\xE2\\x82' sends those 8 bytes: the server says the message ends inside a 3-byte sequence", async () => {
    const run = await runClient(['send', '--escapes', 'harga \\xE2\\x82', ...at(server.current().port)]);
    expect(run.code, describeRun(run)).toBe(1);
    expect(run.stdout).toBe('ERROR invalid UTF-8 at byte 6: the message ends inside a 3-byte sequence that starts with 0xE2; the message was not counted\n');
    expect(lines(run.stderr)).toEqual(['charcount-client: the server could not count message 1 (see its ERROR reply)']);
  });

  it("send --escapes decodes code points, tabs and repetition like a script line: 'Kaf\\u{E9}\\t\\*3{a}' counts 8", async () => {
    const run = await runClient(['send', '--escapes', 'Kaf\\u{E9}\\t\\*3{a}', ...at(server.current().port)]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toBe(`${idReply(8)}\n`);
  });

  it('plain send of an argument holding U+FFFD (raw bytes from the shell) warns in one line naming --escapes, and still sends', async () => {
    const run = await runClient(['send', 'harga \uFFFD', ...at(server.current().port)]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toBe(`${idReply(7)}\n`);
    const err = lines(run.stderr);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^charcount-client: warning: the message contains U\+FFFD .*send --escapes 'harga \\xE2\\x82'$/);
  });

  it('run lab-notes/scripts/lab-session.txt exits 0 with every row ok and a summary line', async () => {
    const run = await runClient(['run', 'lab-notes/scripts/lab-session.txt', ...at(server.current().port)], { cwd: ROOT });
    expect(run.code, describeRun(run)).toBe(0);
    const out = lines(run.stdout);
    expect(out[0]).toBe(
      `charcount-client: running lab-session.txt against ${LOOPBACK}:${server.current().port} (line mode, 1 connection, 12 script lines x 1)`,
    );
    const rows = tableRows(run.stdout);
    expect(rows).toHaveLength(17);
    for (const row of rows) expect(row, 'every transcript row ends with ok').toMatch(/\sok$/);
    expect(out.at(-1)).toMatch(/^summary: 17 messages, 17 ok, 0 mismatched, 5 connections, p50 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms$/);
    expect(run.stderr).toBe('');
  });

  it('run with no script runs the packaged lab session from any directory', async () => {
    const run = await runClient(['run', ...at(server.current().port)]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(lines(run.stdout).at(-1)).toMatch(/^summary: 17 messages, 17 ok, 0 mismatched/);
  });

  it('run --concurrency 10 --repeat 2 --json: every row ok on 10 connections, as parseable JSON', async () => {
    const run = await runClient(['run', LAB_SESSION, '--concurrency', '10', '--repeat', '2', '--json', ...at(server.current().port)]);
    expect(run.code, describeRun(run)).toBe(0);
    const report = JSON.parse(run.stdout) as { rows: { ok: boolean }[]; summary: Record<string, number> };
    expect(report.rows).toHaveLength(10 * 2 * 17);
    expect(report.rows.filter((row) => !row.ok)).toEqual([]);
    expect(report.summary).toMatchObject({ messages: 340, ok: 340, mismatched: 0, unanswered: 0, notSent: 0, serverLost: null });
  });

  it('printf "satu\\ndua\\n" | client prints two replies and exits 0', async () => {
    const run = await runClient(at(server.current().port), { stdin: 'satu\ndua\n' });
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toBe(`${idReply(4)}\n${idReply(3)}\n`);
    expect(run.stderr).toBe('');
  });

  it('piped lines with CR LF ends, or a last line without LF, are counted without the line end', async () => {
    const run = await runClient(at(server.current().port), { stdin: 'satu\r\ndua\r\ntiga' });
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toBe(`${idReply(4)}\n${idReply(3)}\n${idReply(4)}\n`);
  });

  it('empty piped input sends nothing and exits 0', async () => {
    const run = await runClient(at(server.current().port), { stdin: '' });
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toBe('');
  });

  it('a piped line the server cannot count (invalid UTF-8) prints the ERROR reply and exits 1', async () => {
    const run = await runClient(at(server.current().port), { stdin: Buffer.from('abc\xFF\nok\n', 'latin1') });
    expect(run.code, describeRun(run)).toBe(1);
    expect(run.stdout).toBe(
      `ERROR invalid UTF-8 at byte 3: byte 0xFF never appears in UTF-8; the message was not counted\n${idReply(2)}\n`,
    );
    expect(lines(run.stderr)).toEqual(['charcount-client: the server could not count message 1 (see its ERROR reply)']);
  });
});

describe('against servers with other settings', () => {
  it('run against a server with --language en still exits 0 (the count is read from the end of the sentence)', async () => {
    const server = await startServer({ args: ['--language', 'en'] });
    const run = await runClient(['run', LAB_SESSION, ...at(server.port)]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(tableRows(run.stdout)[0]).toContain('The number of characters in that sentence is 10');
    expect(lines(run.stdout).at(-1)).toMatch(/^summary: 17 messages, 17 ok, 0 mismatched/);
  });

  it('run against a server with --reply-format json exits 0', async () => {
    const server = await startServer({ args: ['--reply-format', 'json'] });
    const run = await runClient(['run', LAB_SESSION, ...at(server.port)]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(lines(run.stdout).at(-1)).toMatch(/^summary: 17 messages, 17 ok, 0 mismatched/);
  });

  it('started 500 ms BEFORE the server, retries and succeeds', async () => {
    const port = await freePort();
    const client = runClient(['send', 'Halo dunia', ...at(port), '--wait-timeout', '10']);
    await sleep(500);
    await startServer({ port });
    const run = await client;
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toBe(`${idReply(10)}\n`);
    expect(run.durationMs).toBeGreaterThanOrEqual(500);
  });
});

describe('against a classic single-shot server', () => {
  it('send --mode classic accepts a reply ended by the server closing (no newline), as the classic Python answer sends it', async () => {
    const port = await tinyServer((socket) => {
      socket.once('data', () => socket.end(idReply(10)));
    });
    const run = await runClient(['send', '--mode', 'classic', 'Halo dunia', ...at(port)]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toBe(`${idReply(10)}\n`);
  });
  it('a reply that arrives in pieces, 100 ms apart, is read as one reply', async () => {
    const port = await tinyServer((socket) => {
      socket.once('data', () => {
        const reply = `${idReply(10)}\n`;
        socket.write(reply.slice(0, 10));
        setTimeout(() => socket.write(reply.slice(10)), 100);
      });
    });
    const run = await runClient(['send', 'Halo dunia', ...at(port)]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toBe(`${idReply(10)}\n`);
  });
});

describe('failures and their exit codes', () => {
  it('a server that answers the wrong number: prints the reply, says what was expected, exits 1', async () => {
    const port = await tinyServer((socket) => {
      const messages = new LineSplitter();
      socket.on('data', (chunk: Buffer) => messages.push(chunk, () => socket.write(`${idReply(11)}\n`)));
    });
    const run = await runClient(['send', 'Halo dunia', ...at(port)]);
    expect(run.code, describeRun(run)).toBe(1);
    expect(run.stdout).toBe(`${idReply(11)}\n`);
    expect(lines(run.stderr)).toEqual(['charcount-client: the reply does not match: expected a count of 10']);

    const script = await runClient(['run', LAB_SESSION, ...at(port), '--reply-timeout', '1']);
    expect(script.code, describeRun(script)).toBe(1);
    expect(script.stdout).toMatch(/\sMISMATCHED$/m);
    expect(lines(script.stdout).at(-1)).toMatch(/^summary: \d+ messages, \d+ ok, [1-9]\d* mismatched/);
  });

  it('a server that never answers: exits 1 after --reply-timeout, saying no reply came', async () => {
    const port = await tinyServer((socket) => socket.resume());
    const run = await runClient(['send', 'Halo dunia', ...at(port), '--reply-timeout', '0.5']);
    expect(run.code, describeRun(run)).toBe(1);
    expect(run.stdout).toBe('');
    const err = lines(run.stderr);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^charcount-client: no reply within 0\.5 s; expected a count of 10\b/);
    expect(run.durationMs).toBeGreaterThanOrEqual(500);
  });

  it('nothing listening, --wait-timeout 0.5: exits 3 within a few seconds with one line saying so', async () => {
    const port = await freePort();
    const run = await runClient(['send', 'Halo dunia', ...at(port), '--wait-timeout', '0.5']);
    expect(run.code, describeRun(run)).toBe(3);
    expect(run.stdout).toBe('');
    const err = lines(run.stderr);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(new RegExp(`^charcount-client: cannot connect to ${LOOPBACK}:${port} after trying for 0\\.5 s: connection refused`));
    expect(run.durationMs).toBeLessThan(5000);
  });

  const usageErrors: [string, string[], RegExp][] = [
    ['an unknown option', ['--bogus'], /Unknown option '--bogus'/],
    ['an unknown command', ['kirim', 'Halo'], /unknown command "kirim"/],
    ['send without a message', ['send'], /send needs a message/],
    ['--port 0', ['send', 'x', '--port', '0'], /invalid --port "0"/],
    ['--mode fast', ['send', 'x', '--mode', 'fast'], /invalid --mode "fast"/],
    ['--wait-timeout soon', ['send', 'x', '--wait-timeout', 'soon'], /invalid --wait-timeout "soon"/],
    ['SERVER_PORT=abc', ['send', 'x'], /invalid SERVER_PORT "abc"/],
    ['--escapes with run', ['run', '--escapes'], /--escapes goes with send/],
    ['send --escapes with a bad escape', ['send', '--escapes', 'a\\q'], /^charcount-client: send --escapes: unknown escape \\q; known: /],
  ];
  for (const [name, args, message] of usageErrors) {
    it(`a usage error (${name}) exits 2 with one line`, async () => {
      const run = await runClient(args, { env: name.startsWith('SERVER_PORT') ? { SERVER_PORT: 'abc' } : {} });
      expect(run.code, describeRun(run)).toBe(2);
      expect(run.stdout).toBe('');
      const err = lines(run.stderr);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(/^charcount-client: /);
      expect(err[0]).toMatch(message);
    });
  }

  it('a script with an unknown directive exits 2 naming file:line, before connecting', async () => {
    const path = scratchFile('bad-script.txt', '# a comment\nHalo dunia\n\n@bogus Halo\n');
    const port = await freePort(); // nothing listens: the script must be rejected before connecting
    const run = await runClient(['run', path, ...at(port), '--wait-timeout', '0.5']);
    expect(run.code, describeRun(run)).toBe(2);
    expect(lines(run.stderr)).toEqual([
      'charcount-client: bad-script.txt:4: unknown directive @bogus; known: @classic, @line, @chunk=BYTES/DELAY_MS, @clients=N (write \\@ for a message that starts with @)',
    ]);
  });

  it('a script that does not exist exits 2 saying it cannot be read', async () => {
    const run = await runClient(['run', 'no-such-script.txt', '--port', '1']);
    expect(run.code, describeRun(run)).toBe(2);
    expect(lines(run.stderr)).toEqual([
      'charcount-client: cannot read script no-such-script.txt (ENOENT); give a path to a script file such as lab-notes/scripts/lab-session.txt',
    ]);
  });
});

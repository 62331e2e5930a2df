/**
 * Starting the server: where settings come from (flags, environment, .env), what a bad
 * setting does (exit 2, one stderr line naming it), what a busy port does (exit 1), and
 * the default dual-stack listening address.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LOOPBACK,
  WireClient,
  enReply,
  idReply,
  onCleanup,
  runServerExpectingExit,
  scratchSubdir,
  startServer,
  useLoopbackHarness,
  type ServerProcess,
} from './harness';

useLoopbackHarness();

/** stderr split into lines, without the empty string after the final LF. */
const stderrLines = (stderr: string): string[] => stderr.split('\n').filter((line, i, all) => !(line === '' && i === all.length - 1));

describe('a bad setting exits 2 with one stderr line naming it, its value and what is allowed', () => {
  const cases: { name: string; env?: Record<string, string>; args?: string[]; port?: null; mentions: string[] }[] = [
    { name: 'PORT=abc', env: { PORT: 'abc' }, port: null, mentions: ['PORT=abc', 'a whole number from 0 to 65535'] },
    { name: 'PORT=70000', env: { PORT: '70000' }, port: null, mentions: ['PORT=70000', 'a whole number from 0 to 65535'] },
    { name: 'PORT=-1', env: { PORT: '-1' }, port: null, mentions: ['PORT=-1'] },
    { name: 'REPLY_LANGUAGE=xx', env: { REPLY_LANGUAGE: 'xx' }, mentions: ['REPLY_LANGUAGE=xx', 'id or en'] },
    { name: '--language xx', args: ['--language', 'xx'], mentions: ['--language xx', 'id or en'] },
    { name: 'REPLY_FORMAT=xml', env: { REPLY_FORMAT: 'xml' }, mentions: ['REPLY_FORMAT=xml', 'text or json'] },
    { name: 'QUIET_PERIOD_MS=soon', env: { QUIET_PERIOD_MS: 'soon' }, mentions: ['QUIET_PERIOD_MS=soon', 'milliseconds'] },
    { name: 'MAX_CONNECTIONS=0', env: { MAX_CONNECTIONS: '0' }, mentions: ['MAX_CONNECTIONS=0', 'from 1 to 1000000'] },
    { name: 'LOG_LEVEL=verbose', env: { LOG_LEVEL: 'verbose' }, mentions: ['LOG_LEVEL=verbose', 'error, warn, info, debug'] },
    { name: '--idle-timeout-ms 1.5', args: ['--idle-timeout-ms', '1.5'], mentions: ['--idle-timeout-ms 1.5', 'IDLE_TIMEOUT_MS'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { exit, stdout, stderr } = await runServerExpectingExit({ env: c.env, args: c.args, port: c.port });
      expect(exit, `stderr: ${stderr}`).toEqual({ code: 2, signal: null });
      expect(stdout).toBe('');
      const lines = stderrLines(stderr);
      expect(lines, 'exactly one line on stderr').toHaveLength(1);
      expect(lines[0]).toMatch(/^charcount-server: invalid setting /);
      for (const text of c.mentions) expect(lines[0]).toContain(text);
    });
  }

  it('an unknown flag exits 2 and points to --help', async () => {
    const { exit, stdout, stderr } = await runServerExpectingExit({ args: ['--bogus'] });
    expect(exit).toEqual({ code: 2, signal: null });
    expect(stdout).toBe('');
    expect(stderrLines(stderr)).toEqual([
      "charcount-server: Unknown option '--bogus'; run charcount-server --help to see every option",
    ]);
  });

  it('a flag without its value, or a stray argument, exits 2', async () => {
    for (const args of [['--host', LOOPBACK, '--port'], ['--quiet-period-ms', '0', 'extra']]) {
      const { exit, stderr } = await runServerExpectingExit({ args, port: null, host: null });
      expect(exit, `args ${JSON.stringify(args)}: ${stderr}`).toEqual({ code: 2, signal: null });
      expect(stderrLines(stderr), `args ${JSON.stringify(args)}`).toHaveLength(1);
    }
  });

  // BUG (reported, minor): when a flag's value is missing and another flag follows
  // (`--port --host 127.0.0.1`), node:util parseArgs throws a three-line message that
  // config.ts passes through, so stderr gets three lines ending in ".; run charcount-server --help".
  it('a flag followed by another flag instead of its value (--port --host ...) exits 2 with one line', async () => {
    const { exit, stderr } = await runServerExpectingExit({ args: ['--port', '--host', LOOPBACK], port: null, host: null });
    expect(exit, stderr).toEqual({ code: 2, signal: null });
    expect(stderrLines(stderr)).toHaveLength(1);
    expect(stderr).toContain('--port');
  });
});

describe('a port that cannot be used exits 1 with one line saying why', () => {
  it('a port already in use', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, LOOPBACK, done));
    onCleanup(() => new Promise<void>((done) => blocker.close(() => done())));
    const { port } = blocker.address() as AddressInfo;
    const { exit, stdout, stderr } = await runServerExpectingExit({ port });
    expect(exit, stderr).toEqual({ code: 1, signal: null });
    expect(stdout).toBe('');
    const lines = stderrLines(stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^charcount-server: ${LOOPBACK} port ${port} is already in use by another program`));
  });

  it('an address this machine does not have (--host 192.0.2.1)', async () => {
    const { exit, stderr } = await runServerExpectingExit({ host: '192.0.2.1' });
    expect(exit, stderr).toEqual({ code: 1, signal: null });
    expect(stderrLines(stderr)).toEqual([
      'charcount-server: cannot listen on 192.0.2.1 port 0: this machine has no address 192.0.2.1; leave LISTEN_HOST unset to listen on all interfaces',
    ]);
  });
});

describe('where settings come from', () => {
  it('LANGUAGE (the gettext variable desktops set) is not REPLY_LANGUAGE: LANGUAGE=xx is ignored', async () => {
    const server = await startServer({ env: { LANGUAGE: 'xx' } });
    const client = await WireClient.connect(server.port);
    await client.write('Halo dunia\n');
    expect(await client.nextLine()).toBe(idReply(10));
  });

  it("a server the suite starts runs in the vitest project's ACCELERATION mode and takes no other setting from the test process", async () => {
    const mode = process.env.ACCELERATION || 'off';
    const stray: Record<string, string> = { REPLY_LANGUAGE: 'en', LOG_FORMAT: 'json', WORKERS: '2', SERVER_PORT: '1' };
    const saved = Object.fromEntries(Object.keys(stray).map((name) => [name, process.env[name]]));
    Object.assign(process.env, stray);
    let server: ServerProcess;
    try {
      server = await startServer();
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    const startup = server.stdoutLines.find((line) => line.includes('charcount-server listening on'));
    expect(startup).toMatch(new RegExp(`listening on 127\\.0\\.0\\.1:${server.port}; replies id/text, .*, acceleration ${mode}$`));
  });

  it('reads .env from its working directory; the environment wins over .env, and flags win over both', async () => {
    const dir = scratchSubdir('dotenv');
    writeFileSync(join(dir, '.env'), 'REPLY_LANGUAGE=en\nREPLY_FORMAT=json\nPORT=abc\n');
    // .env alone: English... but PORT=abc from .env must be overridden by the --port flag.
    const fromDotenv = await startServer({ cwd: dir, env: { REPLY_FORMAT: 'text' } });
    const a = await WireClient.connect(fromDotenv.port);
    await a.write('Halo dunia\n');
    expect(await a.nextLine(), 'REPLY_LANGUAGE=en from .env, REPLY_FORMAT=text from the environment').toBe(enReply(10));
    const flagsWin = await startServer({ cwd: dir, env: { REPLY_LANGUAGE: 'en' }, args: ['--language', 'id', '--reply-format', 'text'] });
    const b = await WireClient.connect(flagsWin.port);
    await b.write('Halo dunia\n');
    expect(await b.nextLine(), 'flags win').toBe(idReply(10));
    // And a bad value in .env is reported like any other.
    const bad = await runServerExpectingExit({ cwd: dir, port: null });
    expect(bad.exit).toEqual({ code: 2, signal: null });
    expect(stderrLines(bad.stderr)).toHaveLength(1);
    expect(bad.stderr).toContain('PORT=abc');
  });

  it('--help prints the options and exits 0 without listening', async () => {
    const { exit, stdout, stderr } = await runServerExpectingExit({ args: ['--help'], port: null, host: null });
    expect(exit).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: charcount-server \[options\]/);
    for (const variable of ['PORT', 'REPLY_LANGUAGE', 'QUIET_PERIOD_MS', 'MAX_MESSAGE_BYTES', 'IDLE_TIMEOUT_MS', 'MAX_CONNECTIONS']) {
      expect(stdout).toContain(variable);
    }
  });
});

describe('the default listening address', () => {
  it('with no --host, listens dual-stack and answers on both 127.0.0.1 and ::1, logging each client plainly', async () => {
    const server = await startServer({ host: null });
    const startup = server.stdoutLines.find((line) => line.includes('charcount-server listening on'));
    expect(startup).toMatch(new RegExp(`charcount-server listening on port ${server.port} \\(all interfaces, IPv4 and IPv6\\); replies id/text, quiet period 150 ms`));
    const v4 = await WireClient.connect(server.port, { host: '127.0.0.1' });
    const v6 = await WireClient.connect(server.port, { host: '::1' });
    await v4.write('empat\n');
    await v6.write('enam!!\n');
    expect(await v4.nextLine()).toBe(idReply(5));
    expect(await v6.nextLine()).toBe(idReply(6));
    await server.waitForLine(new RegExp(`INFO  connection from 127\\.0\\.0\\.1:${v4.socket.localPort} \\(`));
    await server.waitForLine(new RegExp(`INFO  connection from \\[::1\\]:${v6.socket.localPort} \\(`));
  });
});

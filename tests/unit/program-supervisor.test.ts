/**
 * The supervisor of a submission's runs: the end line in a container's output stream (whatever
 * the program printed, in whatever pieces the attach stream delivers it, the program's bytes
 * come out exactly once and whole, the end line never, and the status is the one the line
 * gave); the command it runs, as Docker would; and when an image cannot have it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { imageCommand, lacksShell, RunEndScanner, supervisedEntrypoint } from '../../checker/targets/program-supervisor';

const TOKEN = 'charcount-run-0123456789abcdef';

/** Feeds `stream` to a scanner in pieces cut at `cuts`; returns what it passed on and the status. */
function scan(stream: Buffer, cuts: number[]): { passed: Buffer; status: number | null } {
  const scanner = new RunEndScanner(TOKEN);
  const points = [...new Set(cuts.map((cut) => cut % (stream.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const point of [...points, stream.length]) {
    pieces.push(scanner.write(stream.subarray(from, point)));
    from = point;
  }
  return { passed: Buffer.concat(pieces), status: scanner.status };
}

describe('the end of a supervised run in its output', () => {
  it("passes on every byte the program printed, in any pieces, and the status of the end line", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 0, max: 255 }), (printed, cuts, status) => {
        const stream = Buffer.concat([Buffer.from(printed), Buffer.from(`\n${TOKEN} ${status}\n`)]);
        expect(scan(stream, cuts)).toEqual({ passed: Buffer.from(printed), status });
      }),
    );
  });

  it('a line that looks like the end but has another token is the program s own output', () => {
    const printed = Buffer.from(`hello\n${TOKEN.replace('0', '1')} 0\nmore`);
    expect(scan(Buffer.concat([printed, Buffer.from(`\n${TOKEN} 3\n`)]), [7, 20])).toEqual({ passed: printed, status: 3 });
  });

  it('before the end line arrives whole there is no status, and the bytes that may start it are held back', () => {
    const scanner = new RunEndScanner(TOKEN);
    expect(scanner.write(Buffer.from(`partial\n${TOKEN.slice(0, 5)}`)).toString()).toBe('partial');
    expect(scanner.status).toBeNull();
    expect(scanner.write(Buffer.from(`${TOKEN.slice(5)} 1`)).toString()).toBe('');
    expect(scanner.status).toBeNull();
    expect(scanner.write(Buffer.from('37\nafter')).toString()).toBe('');
    expect(scanner.status).toBe(137);
  });
});

describe('what the supervisor runs', () => {
  it('runs the image s ENTRYPOINT then its CMD, as Docker joins them', () => {
    expect(imageCommand({ Entrypoint: null, Cmd: ['python3', '-u', 'server.py'] })).toEqual(['python3', '-u', 'server.py']);
    expect(imageCommand({ Entrypoint: ['java', '-jar'], Cmd: ['server.jar'] })).toEqual(['java', '-jar', 'server.jar']);
    expect(imageCommand({ Entrypoint: ['/bin/sh', '-c', 'node server.js'], Cmd: null })).toEqual(['/bin/sh', '-c', 'node server.js']);
    expect(imageCommand({})).toEqual([]);
    const entrypoint = supervisedEntrypoint(['python3', 'server.py']);
    expect(entrypoint.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(entrypoint.slice(-2)).toEqual(['python3', 'server.py']);
  });

  it('an image without /bin/sh is told from Docker s start error, and no other error is taken for it', () => {
    const noShell = 'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown';
    expect(lacksShell(new Error(noShell))).toBe(true);
    expect(lacksShell(new Error('exec: "python3": executable file not found in $PATH: unknown'))).toBe(false);
    expect(lacksShell(new Error('Conflict. The container name is already in use'))).toBe(false);
  });
});

/**
 * The checker's command line as a user meets it: --help, and every usage mistake answered
 * with exit code 2 and one line on stderr that says what to do instead (no report, no
 * stack trace). None of these starts a server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCheckerRun, linesOf, runChecker, stopCheckers } from './support/checker-run';

afterAll(stopCheckers);

const scratch = mkdtempSync(join(tmpdir(), 'charcount-check-usage-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function rubricFile(name: string, text: string): string {
  const file = join(scratch, name);
  writeFileSync(file, text);
  return file;
}

describe('--help', () => {
  it('prints the usage, the exit codes and the stage ids on stdout, and exits 0', async () => {
    const run = await runChecker(['--help']);
    expect(run.code, describeCheckerRun(run)).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^usage:\n/);
    expect(run.stdout).toContain('exit codes: 0 every stage passed, 1 a stage failed, 2 usage error, 3 ');
    expect(linesOf(run.stdout).at(-1)).toMatch(/^stages: listen, reply-text, /);
  });
});

const server = ['--', 'python3', 'server.py'];
const USAGE_ERRORS: ReadonlyArray<{ mistake: string; args: () => string[]; fix: RegExp }> = [
  { mistake: 'no server at all', args: () => [], fix: /give your server as -- COMMAND \(e\.g\. -- python3 server\.py\), --host H, or --submission DIR/ },
  { mistake: 'both --host and a command', args: () => ['--host', '127.0.0.1', ...server], fix: /give one of -- COMMAND, --host, --submission, not several/ },
  { mistake: 'an unknown --format', args: () => ['--format', 'xml', ...server], fix: /--format "xml" is not a format; give one of text, json, junit, gradescope, prairielearn, classroom/ },
  { mistake: 'an unknown --only stage', args: () => ['--only', 'listen,no-such-stage', ...server], fix: /--only "no-such-stage" is not a stage; the stages are: listen, / },
  { mistake: 'a protocol stage in --only without --level protocol', args: () => ['--only', 'shutdown', ...server], fix: /stage shutdown belongs to the protocol level; add --level protocol/ },
  { mistake: 'an unknown flag', args: () => ['--colour', ...server], fix: /'--colour'.*to start a program, put it after --/ },
  {
    mistake: 'a --rubric naming an unknown stage',
    args: () => ['--rubric', rubricFile('unknown-stage.json', '{"listen": 1, "reply_text": 2}'), ...server],
    fix: /names an unknown stage "reply_text"; the stages are: listen, /,
  },
  {
    mistake: 'a --rubric that is not JSON',
    args: () => ['--rubric', rubricFile('broken.json', '{"listen": 1,'), ...server],
    fix: /is not valid JSON .*; write an object such as \{"version": 2, "points": \{"listen": 1, "long-message": 3\}, "expectedReply": "Jumlah karakter: \{n\}"\}$/,
  },
  {
    mistake: 'a version 2 --rubric whose expectedReply has no {n}',
    args: () => ['--rubric', rubricFile('no-count.json', '{"version": 2, "expectedReply": "Jumlah karakter"}'), ...server],
    fix: /has "expectedReply": "Jumlah karakter"; give a text with \{n\} once where the count goes/,
  },
  {
    mistake: 'a --rubric of an unknown version',
    args: () => ['--rubric', rubricFile('version-3.json', '{"version": 3, "points": {}}'), ...server],
    fix: /has "version": 3; this checker reads version 2 \(or the points object alone, version 1\)/,
  },
  {
    mistake: 'a version 2 --rubric with a field it does not know',
    args: () => ['--rubric', rubricFile('extra-field.json', '{"version": 2, "point": {"listen": 2}}'), ...server],
    fix: /has an unknown field "point"; version 2 has "version", "points" and "expectedReply"/,
  },
  { mistake: 'an --expected-reply without {n}', args: () => ['--expected-reply', 'Jumlah karakter', ...server], fix: /--expected-reply "Jumlah karakter": give a text on one line with \{n\} once where the count goes/ },
  { mistake: 'a --rubric file that does not exist', args: () => ['--rubric', join(scratch, 'missing.json'), ...server], fix: /cannot read the rubric .*missing\.json: ENOENT; check the path given to --rubric/ },
  // Both name the fix, the command after -- (alone, -- reads as "nothing to check" first).
  { mistake: 'nothing after --', args: () => ['--'], fix: /-- python3 server\.py/ },
  { mistake: 'nothing after -- with --host', args: () => ['--host', '127.0.0.1', '--'], fix: /nothing after --; write the command that starts your server, e\.g\. -- python3 server\.py/ },
];

describe('usage errors', () => {
  it.each(USAGE_ERRORS)('$mistake: exit 2, one line on stderr naming the fix', async ({ args, fix }) => {
    const run = await runChecker(args());
    const context = describeCheckerRun(run);
    expect(run.code, context).toBe(2);
    expect(run.stdout, context).toBe('');
    const lines = linesOf(run.stderr);
    expect(lines, context).toHaveLength(1);
    expect(lines[0]).toMatch(/^charcount-check: /);
    expect(lines[0]).toMatch(fix);
  });
});

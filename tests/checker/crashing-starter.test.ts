/**
 * The starter is where students make their first mistakes, and it serves one client without
 * SO_REUSEADDR: a mistake that crashes it (a str given to sendall, a close() before sendall)
 * ends the process while the checker's client is still connected. The kernel closes the
 * server's end first, and that end holds port 12345 until the client ends too; the checker
 * ends it before starting the program again, so the restart binds, and the stage's diagnosis
 * is the program's own error, not "address already in use".
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, describeCheckerRun, parseReport, runChecker, stopCheckers } from './support/checker-run';
import { quietPort } from './support/ports';

const folder = mkdtempSync(join(tmpdir(), 'charcount-crashing-starter-'));
afterAll(async () => {
  await stopCheckers();
  rmSync(folder, { recursive: true, force: true });
});

const STARTER = readFileSync(join(ROOT, 'starter', 'python', 'server.py'), 'utf8');
const SEND_LINE = 'conn.sendall(("Jumlah karakter dalam kalimat tersebut adalah " + str(count)).encode())';

/** The starter with one line changed, as a student would change it. */
function starterWith(name: string, replacement: string): string {
  if (!STARTER.includes(SEND_LINE)) throw new Error(`starter/python/server.py no longer has the line this test changes: ${SEND_LINE}`);
  const file = join(folder, name);
  writeFileSync(file, STARTER.replace(SEND_LINE, replacement));
  return file;
}

const MISTAKES = [
  {
    mistake: 'forgets .encode()',
    file: () => starterWith('forgets_encode.py', 'conn.sendall("Jumlah karakter dalam kalimat tersebut adalah " + str(count))'),
    error: { en: 'TypeError', id: 'TypeError' },
  },
  {
    mistake: 'closes before sendall',
    file: () => starterWith('closes_first.py', `conn.close()\n${SEND_LINE}`),
    error: { en: 'Bad file descriptor', id: 'Bad file descriptor' },
  },
] as const;

describe('the starter with a mistake that crashes it', () => {
  for (const { mistake, file, error } of MISTAKES) {
    for (const language of ['en', 'id'] as const) {
      it(`${mistake}: reply-text fails with the program's own error as its diagnosis (--lang ${language}), and the restart never waits for the port`, async () => {
        const port = await quietPort();
        const run = await runChecker(['--port', String(port), '--only', 'reply-text', '--lang', language, '--format', 'json', '--', 'python3', file()]);
        const context = describeCheckerRun(run);
        const stage = parseReport(run).stages.find((candidate) => candidate.id === 'reply-text');
        expect(stage?.status, context).toBe('failed');
        const diagnoses = stage?.diagnoses.map((diagnosis) => diagnosis.text).join('\n') ?? '';
        expect(diagnoses, context).toContain(error[language]);
        expect(diagnoses, context).not.toContain('Address already in use');
        // The checker's own clients never hold the port against the restart (START_TEXTS closingWaiting / timeWaitWaiting).
        expect(run.stderr, context).not.toMatch(language === 'en' ? /is held by/ : /ditahan/);
      });
    }
  }
});

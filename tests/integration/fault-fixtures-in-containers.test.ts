/**
 * The real-code faults of tests/checker/servers/ (issue 19's list) checked in containers, as
 * charcount-check --submission and charcount-grade run them: each fixture is handed in as a
 * student would (its file as server.py, beside the module it imports), and must fail exactly
 * the stages the servers README says it fails as a command. The command-target run of the
 * same files is tests/checker/fixtures.test.ts; the two target kinds must agree.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_TIMING } from '../../checker/engine/timing';
import type { CheckReport } from '../../checker/model';
import { createSubmissionTarget } from '../../checker/targets/submission-target';
import { readServersTable } from '../checker/support/servers-readme';
import { concurrencyLimit } from '../checker/support/limit';
import { checkAssignment } from '../support/check-stages';
import { handInFixture } from './support/hand-in';
import { CHECKER_IMAGE, runLabels, SERVER_PORT } from './support/lab';

const runId = inject('integrationRunId');
/**
 * Issue 19's faults of real student code, and the one-client server whose restarts reuse the
 * container. binds-hostname.py is not here: it hard-codes 127.0.1.1, Debian's address for the
 * host name, which a command check must find on a laptop; in a container the host name resolves
 * to the loopback itself (checker-submission.test.ts checks a gethostname() server there).
 */
const FAULTS = [
  'keeps-reading.py',
  'count-in-middle.py',
  'count-first-echo.py',
  'own-sentence.py',
  'shared-buffer.py',
  'asks-port.py',
  'one-client-exits.py',
];
const table = new Map(readServersTable().map((row) => [row.file, row.assignment]));
const scratch = mkdtempSync(join(tmpdir(), 'charcount-fault-fixtures-'));
/** Two checks at a time: each holds a server container and a probe container on 2 cores. */
const inTurn = concurrencyLimit(2);
let checks = 0;

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const handIn = (file: string): string => handInFixture(scratch, file);

async function checkInContainers(file: string): Promise<{ report: CheckReport; output: string[] }> {
  const output: string[] = [];
  const target = await createSubmissionTarget({
    dir: handIn(file),
    port: SERVER_PORT,
    startTimeoutMs: DEFAULT_TIMING.startTimeoutMs,
    notice: () => {},
    onOutput: (line) => output.push(line),
    shownOutputLines: 200,
    probeImage: CHECKER_IMAGE,
    runId: `${runId}-fault-${++checks}`,
    labels: runLabels(runId),
    image: 'own',
  });
  try {
    const report = await checkAssignment(target);
    return { report, output };
  } finally {
    await target.dispose();
  }
}

const failedStages = (report: CheckReport): string[] => report.stages.filter((stage) => stage.status === 'failed').map((stage) => stage.id);
const explained = (report: CheckReport): string =>
  report.stages
    .filter((stage) => stage.status === 'failed')
    .map((stage) => `${stage.id}: ${stage.message}\n${stage.details.join('\n')}`)
    .join('\n');

describe('the real-code fault fixtures, in containers', () => {
  it.concurrent.each(FAULTS.filter((file) => table.get(file) !== null))(
    '%s fails in containers exactly the stages the servers README says it fails as a command',
    async (file) => {
      const { report } = await inTurn(() => checkInContainers(file));
      expect(failedStages(report).sort(), explained(report)).toEqual([...(table.get(file) ?? [])].sort());
    },
    300_000,
  );

  it.concurrent.each(FAULTS.filter((file) => table.get(file) === null))(
    '%s never listens in containers: listen fails with the keyboard diagnosis, and no other stage runs',
    async (file) => {
      const { report } = await inTurn(() => checkInContainers(file));
      const [listen, ...rest] = report.stages;
      expect(listen.id).toBe('listen');
      expect(listen.status).toBe('failed');
      expect(listen.diagnoses.map((diagnosis) => diagnosis.code)).toContain('reads-stdin');
      expect(rest.every((stage) => stage.status === 'skipped')).toBe(true);
    },
    300_000,
  );
});

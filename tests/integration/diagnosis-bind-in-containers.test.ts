/**
 * The bind errors of tests/checker/servers/ checked in containers, as charcount-check
 * --submission and charcount-grade run them: each fixture handed in as server.py beside the
 * module it imports. In the submission's own network nothing else holds the port, so the
 * program's own second bind is what "address in use" means there, and 192.0.2.10 is no address
 * of the container either. listen fails with the same diagnosis and hint as a command, in
 * English and in Indonesian (tests/checker/diagnosis-fixtures.test.ts asserts the command).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_TIMING } from '../../checker/engine/timing';
import type { CheckReport } from '../../checker/model';
import { createSubmissionTarget } from '../../checker/targets/submission-target';
import type { Language } from '../../language';
import { concurrencyLimit } from '../checker/support/limit';
import { checkStages } from '../support/check-stages';
import { handInFixture } from './support/hand-in';
import { CHECKER_IMAGE, runLabels, SERVER_PORT } from './support/lab';

const runId = inject('integrationRunId');
const scratch = mkdtempSync(join(tmpdir(), 'charcount-bind-diagnosis-'));
const inTurn = concurrencyLimit(2);
let checks = 0;

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const handIn = (file: string): string => handInFixture(scratch, file);

async function listenInContainers(file: string, language: Language): Promise<CheckReport['stages'][number]> {
  const target = await createSubmissionTarget({
    dir: handIn(file),
    port: SERVER_PORT,
    startTimeoutMs: DEFAULT_TIMING.startTimeoutMs,
    notice: () => {},
    onOutput: () => {},
    shownOutputLines: 200,
    probeImage: CHECKER_IMAGE,
    runId: `${runId}-bind-${++checks}`,
    labels: runLabels(runId),
    image: 'own',
    language,
  });
  try {
    const report = await checkStages(target, { language, only: ['listen'] });
    return report.stages[0]!;
  } finally {
    await target.dispose();
  }
}

const CASES = [
  {
    file: 'binds-port-twice.py',
    code: 'address-in-use',
    en: /^your server could not bind its port: it is already in use \("OSError: \[Errno 98\] Address already in use" \(server\.py, line 24\)\); the checker starts your program only while the port is free, so your program binds it a second time/,
    id: /^server Anda tidak dapat melakukan bind\(\) ke port-nya: port itu sudah dipakai \("OSError: \[Errno 98\] Address already in use" \(server\.py, baris 24\)\); pemeriksa menjalankan program Anda hanya selagi port itu kosong/,
    hint: { en: /^bind\(\) the port once: /, id: /^lakukan bind\(\) ke port itu sekali saja: / },
  },
  {
    file: 'binds-other-address.py',
    code: 'address-not-available',
    en: /^your server could not bind: the address it names is not one of this machine's \("OSError: \[Errno 99\] Cannot assign requested address" \(server\.py, line 21\)\)/,
    id: /^server Anda tidak dapat melakukan bind\(\): alamat yang disebutkannya bukan alamat komputer ini \("OSError: \[Errno 99\] Cannot assign requested address" \(server\.py, baris 21\)\)/,
    hint: { en: /^bind to "" \(every address of the machine\) or "127\.0\.0\.1"/, id: /^lakukan bind\(\) ke "" \(semua alamat komputer\) atau "127\.0\.0\.1"/ },
  },
];

describe('bind errors in containers', () => {
  it.concurrent.each(CASES)(
    '$file: listen fails with the $code diagnosis and its hint, in English and in Indonesian',
    async ({ file, code, en, id, hint }) => {
      const [english, indonesian] = await Promise.all([inTurn(() => listenInContainers(file, 'en')), inTurn(() => listenInContainers(file, 'id'))]);
      for (const stage of [english, indonesian]) {
        expect(stage.status, stage.details.join('\n')).toBe('failed');
        expect(stage.diagnoses.map((diagnosis) => diagnosis.code)).toEqual([code]);
      }
      expect(english.diagnoses[0]!.text).toMatch(en);
      expect(indonesian.diagnoses[0]!.text).toMatch(id);
      expect(english.hint?.text).toMatch(hint.en);
      expect(indonesian.hint?.text).toMatch(hint.id);
    },
    300_000,
  );
});

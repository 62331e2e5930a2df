/**
 * A check that failed because of Docker is the kit's error (retried, never a 0); one that
 * failed because of the student's files is the student's grade. The messages are Docker's own:
 * the student's captured from Docker 20.10.24 through the same API calls the checker makes,
 * the engine's from the reports they were seen in, and each is tested inside the checker's
 * real sentences in both languages.
 */
import { describe, expect, it } from 'vitest';
import { CONTAINER_TEXTS, type CheckReport } from '../../checker';
import { LANGUAGES } from '../../language';
import { dockerWords, engineFaultIn, isEngineFault } from '../../grader/docker-fault';

/** Docker's words for the engine failing (and where they were seen). */
const ENGINE: readonly string[] = [
  // issue 21: an image removed while another build used it; the same in moby/moby#36901.
  'failed to export image: failed to set parent sha256:c8116814dc90a9430c962f9d1b9f60ad9b322a98edfebb6c260e02c6d13adfaa: unknown parent image ID sha256:c8116814dc90a9430c962f9d1b9f60ad9b322a98edfebb6c260e02c6d13adfaa',
  // blue-oil/blueoil#901
  'unknown parent image ID sha256:ffc2bd785e6a71b19963d5166e698eea90db02f440bfbd5dcba5fc4d23134162',
  // nitin27may/mean-docker#13: the disk under Docker is full.
  'failed to register layer: Error processing tar file(exit status 1): write /usr/share/mime/audio/x-adpcm.xml: no space left on device',
  // boot2docker/boot2docker#1388
  'error creating overlay mount to /mnt/sda1/var/lib/docker/overlay2/83fc9f0b117631bc8a412c13c44db45801ecb056068df501e6c093c7bc893a55-init/merged: no such file or directory',
  // moby/moby#33974
  'layer does not exist',
  // Captured: dockerode when the daemon's socket is gone.
  'Docker refused to build it: connect ENOENT /var/run/docker.sock',
  'Docker refused to build it: connect ECONNREFUSED 127.0.0.1:2375',
  'Docker refused to build it: (HTTP code 500) server error - context deadline exceeded',
];

/** Docker's words for the student's own mistake (captured here). */
const STUDENT: readonly string[] = [
  "The command '/bin/sh -c exit 3' returned a non-zero code: 3",
  "The command '/bin/sh -c pip install flask' returned a non-zero code: 127",
  // A RUN command's own text may say anything; it is still the student's.
  "The command '/bin/sh -c echo no space left on device && exit 1' returned a non-zero code: 1",
  'Docker refused to build it: (HTTP code 400) unexpected - dockerfile parse error line 2: unknown instruction: FORM',
  'Docker refused to build it: (HTTP code 400) unexpected - the Dockerfile (Dockerfile) cannot be empty',
  'COPY failed: file not found in build context or excluded by .dockerignore: stat nothere.py: file does not exist',
  'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host',
  'invalid reference format: repository name must be lowercase',
  '(HTTP code 400) unexpected - failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "pythn": executable file not found in $PATH: unknown',
  '(HTTP code 400) unexpected - failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "./start.sh": stat ./start.sh: no such file or directory: unknown',
];

/** A report whose start failed with this reason, as runCheck makes it. */
function notStarted(reason: string): CheckReport {
  return { startError: reason, gradable: false, stages: [{ id: 'listen', status: 'failed', message: reason }] } as unknown as CheckReport;
}

describe("Docker's failures and the student's", () => {
  it.each(ENGINE)('calls the engine at fault when Docker says: %s', (words) => {
    expect(isEngineFault(words)).toBe(true);
  });

  it.each(STUDENT)('leaves it to the student when Docker says: %s', (words) => {
    expect(isEngineFault(words)).toBe(false);
  });

  it("finds Docker's words inside the checker's sentences in both languages, and nothing in the student's own words", () => {
    for (const language of LANGUAGES) {
      const say = CONTAINER_TEXTS[language];
      expect(dockerWords(say.notBuilt({ why: ENGINE[0]! }))).toBe(ENGINE[0]);
      expect(dockerWords(say.notBuiltSeeAbove({ why: STUDENT[0]! }))).toBe(STUDENT[0]);
      expect(dockerWords(say.containerNotStarted({ why: STUDENT[8]! }))).toBe(STUDENT[8]);
      expect(engineFaultIn(notStarted(say.notBuilt({ why: say.noImage() })))).toBe(say.noImage());
    }
    // A server that printed Docker-like words before it died is the student's.
    const died = CONTAINER_TEXTS.en.exitedBeforeListening({ exit: 'exited with code 1', memoryMib: null, lastWords: 'OSError: [Errno 28] No space left on device' });
    expect(engineFaultIn(notStarted(died))).toBeNull();
  });

  it('makes a report an error only when its failure is the engine\'s', () => {
    for (const language of LANGUAGES) {
      const say = CONTAINER_TEXTS[language];
      for (const words of ENGINE) expect(engineFaultIn(notStarted(say.notBuiltSeeAbove({ why: words })))).toBe(words);
      for (const words of STUDENT) expect(engineFaultIn(notStarted(say.notBuilt({ why: words })))).toBeNull();
      // A stage that could not start the container again, after others passed.
      const later = { startError: null, gradable: true, stages: [{ status: 'passed', message: 'passed' }, { status: 'failed', message: say.containerNotStarted({ why: ENGINE[2]! }) }] };
      expect(engineFaultIn(later as unknown as CheckReport)).toBe(ENGINE[2]);
    }
  });
});

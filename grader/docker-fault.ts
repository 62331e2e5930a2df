/**
 * Whether a check that "did not build" or whose container "could not start" failed because of
 * Docker itself (its disk, its image store, its daemon) rather than the student's files. Such
 * a check is the kit's failure: status `error`, tried once more, never a 0. Only Docker's own
 * words are read, the part the checker quotes inside its "did not build" and "could not
 * start" sentences (in either language), never the student's output. A RUN command that fails,
 * a Dockerfile Docker cannot parse, a COPY of a file that is not there, a CMD that names no
 * program: those stay the student's.
 */
import { CONTAINER_TEXTS, type CheckReport } from '../checker';
import { LANGUAGES } from '../language';

/**
 * Docker's words for the student's doing, whatever else they say: a RUN command that failed
 * (its text is the student's and may say anything), and a base image this machine does not
 * have (the build has no network to fetch it).
 */
const STUDENT_FIRST: readonly RegExp[] = [/^The command '.*' returned a non-zero code/s, /pull access denied|manifest unknown|registry-1\.docker\.io|dial tcp: lookup/i];

/** Docker's words for a failure of the engine, whatever the Dockerfile says. */
const ENGINE_FAULTS: readonly RegExp[] = [
  // An image the build stood on was removed meanwhile (issue 21's neighbour; moby#36901).
  /failed to export image/i,
  /unknown parent image ID/i,
  /layer does not exist/i,
  // The image store or its disk.
  /failed to register layer/i,
  /error creating overlay mount/i,
  /no space left on device/i,
  /input\/output error/i,
  /read-only file system/i,
  // The daemon, or the way to it.
  /Cannot connect to the Docker daemon/i,
  /context deadline exceeded/i,
  /i\/o timeout/i,
  /\b(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EAI_AGAIN)\b/,
  /connect (ENOENT|EACCES) /,
  /socket hang up/i,
  /the stream failed/i,
];

/** Docker's words for the student's own mistake; checked before the generic server error below. */
const STUDENT_FAULTS: readonly RegExp[] = [
  /dockerfile parse error/i,
  /executable file not found/i,
  /exec format error/i,
  /no such file or directory/i,
];

/** The daemon's internal errors not listed above (HTTP 500 from the API). */
const SERVER_ERROR = /\(HTTP code 5\d\d\)/;

/**
 * Checker sentences that quote Docker's words: each as the text before and after them, in both
 * languages; the longest ending first, so "did not build: X (the build's last lines are above)"
 * is not read as "did not build: X".
 */
const QUOTING: readonly { before: string; after: string }[] = LANGUAGES.flatMap((language) => {
  const say = CONTAINER_TEXTS[language];
  const MARK = '\u0000';
  return [say.notBuilt({ why: MARK }), say.notBuiltSeeAbove({ why: MARK }), say.containerNotStarted({ why: MARK })].map((text) => {
    const [before = '', after = ''] = text.split(MARK);
    return { before, after };
  });
}).sort((a, b) => b.after.length - a.after.length);

/** The checker's own words for a build that ended without an image or an error: the engine's doing. */
const NO_IMAGE: readonly string[] = LANGUAGES.map((language) => CONTAINER_TEXTS[language].noImage());

/** Docker's words inside one of the checker's sentences, or null when the text is not one of them. */
export function dockerWords(text: string): string | null {
  for (const { before, after } of QUOTING) {
    const start = text.indexOf(before);
    if (start < 0) continue;
    const rest = text.slice(start + before.length);
    if (after === '') return rest;
    const end = rest.lastIndexOf(after);
    if (end >= 0) return rest.slice(0, end);
  }
  return null;
}

/** Whether Docker's words say the engine failed. */
export function isEngineFault(words: string): boolean {
  if (NO_IMAGE.includes(words)) return true;
  if (STUDENT_FIRST.some((pattern) => pattern.test(words))) return false;
  if (ENGINE_FAULTS.some((pattern) => pattern.test(words))) return true;
  if (STUDENT_FAULTS.some((pattern) => pattern.test(words))) return false;
  return SERVER_ERROR.test(words);
}

/**
 * Docker's words when the report's failure is Docker's (the start error, or a stage's failure
 * to start the container again), else null.
 */
export function engineFaultIn(report: CheckReport): string | null {
  const texts = [report.startError, ...report.stages.filter((stage) => stage.status === 'failed').map((stage) => stage.message)];
  for (const text of texts) {
    const words = text === null ? null : dockerWords(text);
    if (words !== null && isEngineFault(words)) return words;
  }
  return null;
}

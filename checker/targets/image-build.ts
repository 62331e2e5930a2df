/**
 * Builds a submission's image through the Docker API with the daemon's classic builder, so
 * that its grade never depends on what else builds, runs or is removed at the same time:
 *
 * - No build cache (nocache): every intermediate image is this build's own, and its only
 *   parent is the tagged base image. With the cache on, builds of two submissions share the
 *   intermediate images of their common steps (every server.py gets the same generated
 *   prefix), and removing one submission's image removed a parent another build was about to
 *   use ("failed to set parent sha256:…: unknown parent image ID").
 * - The result is named by the image id the build produced, never looked up by a shared tag
 *   that another build of the same files may move meanwhile.
 * - Whatever else the build made (the images of a multi-stage Dockerfile's earlier stages,
 *   the steps of a build that failed or was stopped) is removed by id as soon as it is done.
 *
 * The build gets no network (nothing is fetched; RUN steps cannot reach out either), the
 * memory and CPU limits of the server and a time limit. The classic builder takes no process
 * or disk limit, so each RUN step's container gets them as it starts (RunStepGuard): the
 * server's process limit, set as soon as the build names the container, and a watch on what
 * it writes, which stops the step past buildDiskBytes. Only the last lines of its output are
 * kept, for a failure.
 */
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { readJsonLines } from '../probe/json-lines';
import type { SubmissionLimits } from './container-specs';
import { ProgramOutput } from './program-output';
import { RunStepGuard } from './run-step-guard';
import type { Language } from '../../language';
import { CONTAINER_TEXTS } from './container-texts';
import type { SubmissionSource } from './submission-source';

const KEPT_LINES = 20;
/** One JSON event of the build's progress; the student's RUN output comes in `stream`. */
const MAX_EVENT_BYTES = 1024 * 1024;

/** On every submission image, with the content hash of its folder. */
export const SUBMISSION_LABEL = 'org.charcount-lab.submission';

export interface BuildRequest {
  source: SubmissionSource;
  limits: SubmissionLimits;
  /** The image's tag, or null for none (the caller tags it once it knows the build succeeded). */
  tag: string | null;
  /** More labels on the image (a run's, a check's): how cleanup finds what a run built. */
  labels: Record<string, string>;
  /** The language of the reasons. */
  language: Language;
}

export type BuildResult =
  | { ok: true; imageId: string; ms: number }
  | { ok: false; reason: string; lastLines: string[] };

export async function buildImage(docker: Docker, request: BuildRequest, signal: AbortSignal): Promise<BuildResult> {
  const { source, limits } = request;
  const say = CONTAINER_TEXTS[request.language];
  const started = performance.now();
  const timeout = AbortSignal.timeout(limits.buildTimeoutMs);
  const abort = AbortSignal.any([signal, timeout]);
  let progress: NodeJS.ReadableStream;
  try {
    progress = await docker.buildImage(Readable.from([source.context]), {
      ...(request.tag === null ? {} : { t: request.tag }),
      labels: { ...request.labels, [SUBMISSION_LABEL]: contentHash(source) },
      networkmode: 'none',
      pull: false,
      nocache: true,
      rm: true,
      forcerm: true,
      memory: limits.memoryBytes,
      memswap: limits.memoryBytes,
      cpuperiod: CPU_PERIOD_US,
      cpuquota: Math.round(limits.cpus * CPU_PERIOD_US),
      abortSignal: abort,
    });
  } catch (error) {
    return { ok: false, reason: say.dockerRefused({ why: firstLine((error as Error).message) }), lastLines: [] };
  }
  const guard = new RunStepGuard(docker, limits, say);
  const outcome = await follow(progress as Readable, guard);
  await guard.done();
  if (guard.stopped !== null) outcome.error = guard.stopped;
  const imageId = outcome.error === null ? outcome.imageId : null;
  const exists = imageId !== null && (await docker.getImage(imageId).inspect().then(() => true, () => false));
  await removeImages(docker, outcome.made.filter((id) => !exists || !imageId.includes(id)));
  if (exists) return { ok: true, imageId, ms: performance.now() - started };
  const reason = timeout.aborted
    ? say.buildTooLong({ seconds: limits.buildTimeoutMs / 1000 })
    : signal.aborted
      ? say.buildStopped()
      : (outcome.error ?? say.noImage());
  return { ok: false, reason, lastLines: outcome.lines };
}

export function contentHash(source: SubmissionSource): string {
  return source.tag.slice(source.tag.indexOf(':') + 1);
}

/**
 * Removes images by id, the youngest first; one that is still some image's parent (a step of
 * the image that was kept) stays, and goes when that image is removed.
 */
export async function removeImages(docker: Docker, ids: readonly string[]): Promise<string[]> {
  const left: string[] = [];
  for (const id of [...ids].reverse()) {
    try {
      await docker.getImage(id).remove();
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      // 404: already gone (a younger one's removal took it along); 409: still a parent.
      if (status !== 404 && status !== 409) left.push(id);
    }
  }
  return left;
}

interface BuildOutcome {
  error: string | null;
  /** The last lines of output (escaped, cut). */
  lines: string[];
  /** The image the build produced, from its final aux event. */
  imageId: string | null;
  /** Every image a step of this build committed (short ids), oldest first; a FROM's base image is not among them. */
  made: string[];
}

const CPU_PERIOD_US = 100_000;
const STEP = /^Step \d+\/\d+ : (\S+)/i;
const COMMITTED = /^ ---> ([0-9a-f]{12})$/;
const RUNNING = /^ ---> Running in ([0-9a-f]{12})$/;

/** Reads the build's progress to its end; each RUN step's container goes to the guard as it is named. */
function follow(progress: Readable, guard: RunStepGuard): Promise<BuildOutcome> {
  // Program output's rules fit build output too; none of it is shown live.
  const output = new ProgramOutput({ shownLines: 0 }, () => {}, () => {});
  const text = output.stream();
  const outcome: BuildOutcome = { error: null, lines: [], imageId: null, made: [] };
  let instruction = '';
  let partial = '';
  const readStep = (chunk: string): void => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const step = STEP.exec(line);
      if (step) instruction = step[1]!.toUpperCase();
      const running = RUNNING.exec(line);
      if (running) guard.watch(running[1]!);
      const committed = COMMITTED.exec(line);
      // A FROM step names an existing image (the base, or an earlier stage already recorded).
      if (committed && instruction !== 'FROM' && instruction !== '') outcome.made.push(committed[1]!);
    }
  };
  return new Promise((resolve) => {
    readJsonLines(progress, MAX_EVENT_BYTES, {
      line: (value) => {
        const event = value as { stream?: unknown; error?: unknown; aux?: { ID?: unknown } } | undefined;
        if (typeof event?.stream === 'string') {
          text.write(Buffer.from(event.stream));
          readStep(event.stream);
        }
        if (typeof event?.aux?.ID === 'string') outcome.imageId = event.aux.ID;
        if (typeof event?.error === 'string') outcome.error = firstLine(event.error);
      },
      end: (reason) => {
        text.flush();
        readStep('\n');
        if (outcome.error === null && reason.startsWith('the stream failed')) outcome.error = reason;
        resolve({ ...outcome, lines: output.last(KEPT_LINES).filter((line) => line.trim() !== '') });
      },
    });
  });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

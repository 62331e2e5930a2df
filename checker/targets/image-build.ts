/**
 * Builds a submission's image through the Docker API, once per content: an image already
 * tagged with the context's hash is used as it is. The build gets no network (nothing is
 * fetched; the student's RUN steps cannot reach out either), the memory limit, a time limit
 * and the daemon's classic builder; only the last lines of its output are kept, for a failure.
 */
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { readJsonLines } from '../probe/json-lines';
import type { SubmissionLimits } from './container-specs';
import { ProgramOutput } from './program-output';
import type { SubmissionSource } from './submission-source';

const KEPT_LINES = 20;
/** One JSON event of the build's progress; the student's RUN output comes in `stream`. */
const MAX_EVENT_BYTES = 1024 * 1024;

export const SUBMISSION_LABEL = 'org.charcount-lab.submission';

export type BuildResult = { ok: true; built: boolean; ms: number } | { ok: false; reason: string; lastLines: string[] };

export async function ensureImage(docker: Docker, source: SubmissionSource, limits: SubmissionLimits, signal: AbortSignal): Promise<BuildResult> {
  const started = performance.now();
  if (await imageExists(docker, source.tag)) return { ok: true, built: false, ms: performance.now() - started };
  const timeout = AbortSignal.timeout(limits.buildTimeoutMs);
  const abort = AbortSignal.any([signal, timeout]);
  let progress: NodeJS.ReadableStream;
  try {
    progress = await docker.buildImage(Readable.from([source.context]), {
      t: source.tag,
      labels: { [SUBMISSION_LABEL]: source.tag.split(':')[1] ?? '' },
      networkmode: 'none',
      pull: false,
      rm: true,
      forcerm: true,
      memory: limits.memoryBytes,
      memswap: limits.memoryBytes,
      abortSignal: abort,
    });
  } catch (error) {
    return { ok: false, reason: `Docker refused to build it: ${firstLine((error as Error).message)}`, lastLines: [] };
  }
  const outcome = await follow(progress as Readable);
  if (outcome.error === null && (await imageExists(docker, source.tag))) return { ok: true, built: true, ms: performance.now() - started };
  const reason = timeout.aborted
    ? `the build took longer than ${limits.buildTimeoutMs / 1000} s`
    : signal.aborted
      ? 'the check was stopped during the build'
      : (outcome.error ?? 'the build ended without an image');
  return { ok: false, reason, lastLines: outcome.lines };
}

async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  return docker
    .getImage(tag)
    .inspect()
    .then(() => true)
    .catch(() => false);
}

/** Reads the build's progress to its end: the error, if any, and the last lines of output (escaped, cut). */
function follow(progress: Readable): Promise<{ error: string | null; lines: string[] }> {
  // Program output's rules fit build output too; none of it is shown live.
  const output = new ProgramOutput({ shownLines: 0 }, () => {}, () => {});
  const text = output.stream();
  let error: string | null = null;
  return new Promise((resolve) => {
    readJsonLines(progress, MAX_EVENT_BYTES, {
      line: (value) => {
        const event = value as { stream?: unknown; error?: unknown } | undefined;
        if (typeof event?.stream === 'string') text.write(Buffer.from(event.stream));
        if (typeof event?.error === 'string') error = firstLine(event.error);
      },
      end: (reason) => {
        text.flush();
        if (error === null && reason.startsWith('the stream failed')) error = reason;
        resolve({ error, lines: output.last(KEPT_LINES).filter((line) => line.trim() !== '') });
      },
    });
  });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

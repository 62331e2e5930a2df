/**
 * The image a `--submission` check runs its probe container from (checker/targets: the
 * checker's own image, $CHARCOUNT_CHECKER_IMAGE or charcount-lab-checker:latest). The bench
 * builds it from this working tree before the timed runs, untimed, so that the probe agent in
 * it is the code dist/ was compiled from; the layer cache makes that a few seconds when
 * nothing changed. An image the bench tagged where there was none is removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { ROOT } from './peers';

const DEFAULT_IMAGE = 'charcount-lab-checker:latest';
const BUILD_TIMEOUT_MS = 600_000;

export type CheckerImage = { ready: true; image: string; setup: string; release: () => void } | { ready: false; reason: string };

function docker(args: string[], timeout = 30_000): { ok: boolean; out: string } {
  const result = spawnSync('docker', args, { cwd: ROOT, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  const out = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  return { ok: result.status === 0, out: result.error ? result.error.message : out };
}

const lastLine = (text: string): string => text.split('\n').filter((l) => l.trim() !== '').pop()?.trim().slice(0, 200) ?? '';
const imageId = (image: string): string | null => {
  const found = docker(['image', 'inspect', '--format', '{{.Id}}', image]);
  return found.ok ? found.out : null;
};

export function prepareCheckerImage(): CheckerImage {
  const version = docker(['version', '--format', '{{.Server.Version}}']);
  if (!version.ok) return { ready: false, reason: `Docker is not reachable (${lastLine(version.out)})` };
  const chosen = process.env.CHARCOUNT_CHECKER_IMAGE;
  if (chosen) {
    if (imageId(chosen) === null) return { ready: false, reason: `CHARCOUNT_CHECKER_IMAGE names ${chosen}, which is not there: build it, or unset it to let the bench build ${DEFAULT_IMAGE}` };
    return { ready: true, image: chosen, setup: `probe image ${chosen} (CHARCOUNT_CHECKER_IMAGE), used as it is`, release: () => undefined };
  }
  const before = imageId(DEFAULT_IMAGE);
  const started = performance.now();
  const built = docker(['build', '--target', 'checker', '-t', DEFAULT_IMAGE, '.'], BUILD_TIMEOUT_MS);
  if (!built.ok) return { ready: false, reason: `the checker's image did not build (${lastLine(built.out)}); try docker build --target checker -t charcount-lab-checker .` };
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  // The image this build replaced is left without a tag: remove it unless something still uses it.
  if (before !== null && before !== imageId(DEFAULT_IMAGE)) {
    const tags = docker(['image', 'inspect', '--format', '{{len .RepoTags}}', before]);
    if (tags.ok && tags.out === '0') docker(['image', 'rm', before]);
  }
  // Untagged only: the layers stay in the build cache for the next run; an image someone else tagged too stays.
  const release = (): void => void (before === null && docker(['image', 'rm', DEFAULT_IMAGE]));
  return { ready: true, image: DEFAULT_IMAGE, setup: `probe image ${DEFAULT_IMAGE} built from this working tree in ${seconds} s (untimed)`, release };
}

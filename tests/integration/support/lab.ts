/**
 * What every integration test shares: where the project is, the image tags the global setup
 * builds, the labels that let a test (and the global teardown) find everything it started,
 * and a pull policy that never pulls.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { PullPolicy, type ImagePullPolicy } from 'testcontainers';
import { blankLabSettings } from '../../support/lab-settings';

// The reaper image (testcontainers/ryuk) would have to be pulled, and no test may pull an
// image: every test cleans up after itself instead. Set before testcontainers reads it.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

export const PROJECT_ROOT = resolve(__dirname, '..', '..', '..');
export const COMPOSE_FILE = 'docker-compose.yml';
export const CAPTURES_DIR = resolve(PROJECT_ROOT, 'captures');

/**
 * Fixed tags, built once per run by global-setup.ts; compose finds them through LAB_IMAGE_TAG.
 * Two checkouts testing at once on one Docker would share them: give one CHARCOUNT_IT_TAG.
 */
export const IMAGE_TAG = process.env.CHARCOUNT_IT_TAG || 'integration-test';
export const SERVER_IMAGE = `charcount-lab-server:${IMAGE_TAG}`;
export const CLIENT_IMAGE = `charcount-lab-client:${IMAGE_TAG}`;
export const CAPTURE_IMAGE = `charcount-lab-capture:${IMAGE_TAG}`;
/** charcount-check, and the probe agent of its --submission target. */
export const CHECKER_IMAGE = `charcount-lab-checker:${IMAGE_TAG}`;

export const SERVER_PORT = 12345;

/** The images exist locally (global setup built them); anything else is a bug, not a reason to pull. */
export const NEVER_PULL: ImagePullPolicy = PullPolicy.neverPull();

/**
 * One id per `vitest run`: the global setup makes it and provides it to the tests (inject),
 * so the global teardown can remove whatever a crashed test left behind, and only that.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    integrationRunId: string;
  }
}
export function newRunId(): string {
  return randomUUID().slice(0, 8);
}

/** Every container a test starts itself carries this label. */
export const RUN_LABEL = 'charcount-lab.integration-run';
export function runLabels(runId: string): Record<string, string> {
  return { [RUN_LABEL]: runId };
}

/** Compose projects of a run are named charcount-it-<run>-<purpose>-<random>. */
export function projectPrefix(runId: string): string {
  return `charcount-it-${runId}-`;
}
export function uniqueProjectName(runId: string, purpose: string): string {
  return `${projectPrefix(runId)}${purpose}-${randomUUID().slice(0, 6)}`;
}

/**
 * Every variable docker-compose.yml reads, set explicitly, so neither the developer's shell
 * nor a local .env file changes what the tests see: every server and client setting blank
 * ("the default"), and the compose file's own variables.
 */
export function composeEnvironment(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ...blankLabSettings(),
    LAB_IMAGE_TAG: IMAGE_TAG,
    HOST_PORT: '0',
    LAB_SUBNET: '',
    PORT: String(SERVER_PORT),
    CAPTURE_FILE: '',
    CAPTURE_INTERFACE: '',
    CAPTURE_FILTER: '',
    LOAD_CLIENTS: '',
    LOAD_CONCURRENCY: '',
    LOAD_REPEAT: '',
    ...overrides,
  };
}

/** The Indonesian reply the server sends by default. */
export function countReply(chars: number): string {
  return `Jumlah karakter dalam kalimat tersebut adalah ${chars}`;
}

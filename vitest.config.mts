import { defineConfig } from 'vitest/config';

const SERVER_MODES = [
  { name: 'plain', acceleration: 'off' },
  { name: 'accelerated', acceleration: 'on' },
] as const;

const ACCELERATED_ONLY = ['tests/loopback/shared-read-buffer.test.ts', 'tests/loopback/workers.test.ts'];
/**
 * Run once, with the plain server: the lifecycle table describes the plain server, the one
 * students read; the modules test sets each mode itself; the rest test what does not depend on
 * the server's mode (the notes checker, the client, the checker's probe agent).
 */
const PLAIN_ONLY = [
  'tests/loopback/lifecycle-table.test.ts',
  'tests/loopback/modules-per-mode.test.ts',
  'tests/loopback/notes-check.test.ts',
  'tests/loopback/client-commands.test.ts',
  'tests/loopback/client-run-transcript.test.ts',
  'tests/loopback/client-server-lost.test.ts',
  'tests/loopback/probe-agent.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // The exhaustive and property tests take a few seconds alone, longer on a busy 2-core machine.
          testTimeout: 60_000,
        },
      },
      // The loopback and hardening suites run once per server mode: the plain server
      // (ACCELERATION=off) is the oracle the accelerated one must agree with.
      ...SERVER_MODES.flatMap((mode) => [
        {
          test: {
            name: `loopback-${mode.name}`,
            include: ['tests/loopback/**/*.test.ts'],
            // The shared read buffer and the worker cluster are accelerators: their tests run once, with them on.
            exclude: mode.acceleration === 'off' ? ACCELERATED_ONLY : PLAIN_ONLY,
            env: { ACCELERATION: mode.acceleration },
            testTimeout: 30_000,
            hookTimeout: 30_000,
          },
        },
        {
          test: {
            name: `hardening-${mode.name}`,
            include: ['tests/hardening/**/*.test.ts'],
            env: { ACCELERATION: mode.acceleration },
            testTimeout: 120_000,
            hookTimeout: 60_000,
            fileParallelism: false,
          },
        },
      ]),
      {
        test: {
          // The checker against real servers (Python fixtures, the reference server, the classic
          // program): each check starts processes and waits on sockets, so files run one at a time.
          name: 'checker',
          include: ['tests/checker/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // charcount-grade's own parts (discovery, zips, outputs) and its report in Chromium.
          name: 'grader',
          include: ['tests/grader/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/integration/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

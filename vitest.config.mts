import { defineConfig } from 'vitest/config';

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
      {
        test: {
          name: 'loopback',
          include: ['tests/loopback/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'hardening',
          include: ['tests/hardening/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
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

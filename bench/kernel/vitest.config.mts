import { defineConfig } from 'vitest/config';

/** npm run bench:kernel: only the kernel benchmarks, none of the test projects. */
export default defineConfig({
  test: {
    include: [],
    benchmark: { include: ['bench/kernel/**/*.bench.ts'] },
  },
});

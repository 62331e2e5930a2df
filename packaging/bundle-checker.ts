#!/usr/bin/env node
/**
 * npm run package:checker [-- --out FILE]
 *
 * Writes dist/charcount-check.cjs: charcount-check and every runtime dependency in one
 * CommonJS file that any Node.js 22.22 or newer runs, with no npm install. The version and
 * commit are baked in (command-line/version.ts reads them). Docker's client (dockerode) is
 * inside too, but runs only for --submission.
 */
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './build-info';
import { bundleIntake, INTAKE_BUNDLE_FILE } from './bundle-intake';
import { bundleProgram } from './bundle-program';

const BUNDLE_FILE = join(ROOT, 'dist', 'charcount-check.cjs');
/** The promise made to students: a file small enough to hand out by any channel. */
export const BUNDLE_LIMIT_BYTES = 3_000_000;

/** Bundles charcount-check into `out`; returns its size in bytes. */
export function bundleChecker(out: string = BUNDLE_FILE): Promise<number> {
  return bundleProgram(
    {
      entry: join(ROOT, 'checker', 'main.ts'),
      out,
      says: 'bundled by npm run package:checker; the licenses of the packages bundled in are at the end of this file.',
      // ssh2 (under dockerode) tries optional native speed-ups and falls back without them,
      // as the checker's Docker image runs it (npm ci --ignore-scripts): left out here too.
      external: ['cpu-features', '*.node'],
    },
    'charcount-check',
  );
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' } }, strict: true });
  const out = values.out ?? BUNDLE_FILE;
  const size = await bundleChecker(out);
  if (size > BUNDLE_LIMIT_BYTES) throw new Error(`${out} is ${(size / 1e6).toFixed(2)} MB, over the ${BUNDLE_LIMIT_BYTES / 1e6} MB promised; see what grew with esbuild --analyze`);
  process.stdout.write(`package:checker: wrote ${out} (${(size / 1e6).toFixed(2)} MB); run it with node ${out} --help (Node.js 22.22 or newer)\n`);
  // The platforms' start-server.sh runs intake's choice of file from beside the checker.
  const intake = values.out === undefined ? INTAKE_BUNDLE_FILE : join(dirname(out), 'charcount-intake.cjs');
  const intakeSize = await bundleIntake(intake);
  process.stdout.write(
    `package:checker: wrote ${intake} (${(intakeSize / 1e6).toFixed(2)} MB) and 7zz.wasm beside it: what platforms/start-server.sh runs, to be copied beside it and charcount-check.cjs (platforms/README.md)\n`,
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`package:checker: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    process.exit(1);
  });
}

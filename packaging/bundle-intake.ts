/**
 * Writes dist/charcount-intake.cjs: intake's choice of the file that starts a submission's
 * server (intake/main.ts) in one CommonJS file with its dependencies, the one that
 * platforms/start-server.sh runs beside charcount-check.cjs, so a student, the grader and
 * Gradescope agree on what runs. 7-Zip (for a .7z or .rar inside a submission) is
 * WebAssembly that its loader reads from beside the bundle: 7zz.wasm is copied there too.
 */
import { appendFileSync, copyFileSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './build-info';
import { bundleProgram } from './bundle-program';

export const INTAKE_BUNDLE_FILE = join(ROOT, 'dist', 'charcount-intake.cjs');
/** The name 7-Zip's loader looks for in the bundle's own folder. */
export const SEVEN_ZIP_WASM = '7zz.wasm';

/** Bundles intake into `out`, with 7zz.wasm beside it; returns the bundle's size in bytes. */
export async function bundleIntake(out: string = INTAKE_BUNDLE_FILE): Promise<number> {
  await bundleProgram(
    { entry: join(ROOT, 'intake', 'main.ts'), out, says: "bundled by npm run package:checker: which file starts a submission's server." },
    'charcount-intake',
  );
  // 7zz.wasm holds unRAR's code as well, under its own license beside 7-Zip's.
  const unRar = readFileSync(require.resolve('7z-wasm/unRarLicense.txt'), 'utf8').trim().replaceAll('*/', '* /');
  appendFileSync(out, `/*\n7zz.wasm (beside this file) includes unRAR, under this license:\n\n${unRar}\n*/\n`);
  copyFileSync(require.resolve(`7z-wasm/${SEVEN_ZIP_WASM}`), join(dirname(out), SEVEN_ZIP_WASM));
  return statSync(out).size;
}

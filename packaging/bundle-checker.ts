#!/usr/bin/env node
/**
 * npm run package:checker [-- --out FILE]
 *
 * Writes dist/charcount-check.cjs: charcount-check and every runtime dependency in one
 * CommonJS file that any Node.js 22.22 or newer runs, with no npm install. The version and
 * commit are baked in (command-line/version.ts reads them). Docker's client (dockerode) is
 * inside too, but runs only for --submission.
 */
import { build } from 'esbuild';
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildInfo, ROOT } from './build-info';

export const BUNDLE_FILE = join(ROOT, 'dist', 'charcount-check.cjs');
/** The promise made to students: a file small enough to hand out by any channel. */
export const BUNDLE_LIMIT_BYTES = 3_000_000;

/** Bundles charcount-check into `out`; returns its size in bytes. */
export async function bundleChecker(out: string = BUNDLE_FILE): Promise<number> {
  const info = buildInfo();
  const result = await build({
    metafile: true,
    entryPoints: [join(ROOT, 'checker', 'main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22.22',
    minify: true,
    // The entry keeps its #! line, so the file runs as a program too. Stack traces of an internal error still name the functions.
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
    // ssh2 (under dockerode) tries optional native speed-ups and falls back without them,
    // as the checker's Docker image runs it (npm ci --ignore-scripts): left out here too.
    external: ['cpu-features', '*.node'],
    define: { CHARCOUNT_BUILD: JSON.stringify(info) },
    banner: { js: `// charcount-check ${info.version}${info.commit === null ? '' : ` (commit ${info.commit})`}, bundled by npm run package:checker; the licenses of the packages bundled in are at the end of this file.` },
  });
  appendFileSync(out, licenseNotices(Object.keys(result.metafile.inputs)));
  return statSync(out).size;
}

/** The packages a bundle took code from, each with its license file, as one closing comment. */
function licenseNotices(inputs: string[]): string {
  const packages = new Set<string>();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]!);
  }
  const notices = [...packages].sort().map((dir) => {
    const { name, version, license } = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    const file = existsSync(join(ROOT, dir)) ? readdirSync(join(ROOT, dir)).find((entry) => /^(licen[cs]e|copying)/i.test(entry)) : undefined;
    const text = file === undefined ? `(no license file; package.json says ${license ?? 'nothing'})` : readFileSync(join(ROOT, dir, file), 'utf8').trim();
    return `${name}@${version}\n\n${text}`;
  });
  return `\n/*\nPackages bundled in this file, and their licenses:\n\n${notices.join('\n\n---\n\n').replaceAll('*/', '* /')}\n*/\n`;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' } }, strict: true });
  const out = values.out ?? BUNDLE_FILE;
  const size = await bundleChecker(out);
  if (size > BUNDLE_LIMIT_BYTES) throw new Error(`${out} is ${(size / 1e6).toFixed(2)} MB, over the ${BUNDLE_LIMIT_BYTES / 1e6} MB promised; see what grew with esbuild --analyze`);
  process.stdout.write(`package:checker: wrote ${out} (${(size / 1e6).toFixed(2)} MB); run it with node ${out} --help (Node.js 22.22 or newer)\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`package:checker: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    process.exit(1);
  });
}

#!/usr/bin/env node
/**
 * npm pack's prepack step (and npm publish's): compiles the four programs afresh into dist/,
 * so nothing a deleted source left there is packed, and writes dist/build-info.json, the
 * commit --version prints when the package runs outside a clone.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildInfo, ROOT } from './build-info';

/** What tsconfig.build.json compiles and package.json's "files" packs. */
const PROGRAM_FOLDERS = ['accelerators', 'checker', 'client', 'command-line', 'grader', 'host-os', 'language', 'protocol', 'server', 'tools'];

for (const folder of PROGRAM_FOLDERS) rmSync(join(ROOT, 'dist', folder), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
const info = buildInfo();
writeFileSync(join(ROOT, 'dist', 'build-info.json'), `${JSON.stringify(info, null, 2)}\n`);
process.stdout.write(`prepack: built dist/ for charcount-lab ${info.version}${info.commit === null ? '' : ` (commit ${info.commit})`}\n`);

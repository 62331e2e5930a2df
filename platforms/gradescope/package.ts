#!/usr/bin/env node
/**
 * npm run package:gradescope -- [--out FILE] [--level assignment|protocol] [--rubric FILE]
 *
 * Writes the autograder zip a Gradescope programming assignment takes: setup.sh and
 * run_autograder at its root (platforms/gradescope/), the launcher every platform shares
 * (platforms/start-server.sh), charcount-check compiled with its production dependencies,
 * and the Node 24 binary that runs this packager, so that Gradescope's image build downloads
 * nothing. The level and rubric are baked in (checker-args, rubric.json).
 */
import { CHECK_LEVELS, loadRubric, type CheckLevel } from '../../checker';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { ZipFile } from 'yazl';
import { UsageError } from '../../command-line/usage-error';
import { checkerEntries, dependencyEntries, repositoryFile, textEntry, type BundleEntry } from './bundle';

const ROOT = resolve(__dirname, '..', '..');
const DEFAULT_OUT = join('dist', 'gradescope', 'autograder.zip');
/** Fixed times make the same inputs give the same zip, byte for byte. */
const MTIME = new Date('2020-01-01T00:00:00Z');
const REGULAR_FILE = 0o100000;
const NODE_MAJOR = 24;

const USAGE = `usage: npm run package:gradescope -- [--out FILE] [--level assignment|protocol] [--rubric FILE]
  --out FILE      where the zip goes (default ${DEFAULT_OUT})
  --level L       the checker's level for every submission (default assignment)
  --rubric FILE   points per stage, JSON: {"listen": 1, "long-message": 3}; others are worth 1
Upload the zip as the autograder of a Gradescope programming assignment (see platforms/README.md).`;

interface PackageOptions {
  out: string;
  level: CheckLevel;
  rubric: string | null;
  help: boolean;
}

function parseOptions(argv: string[]): PackageOptions {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { out: { type: 'string' }, level: { type: 'string' }, rubric: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (see --help)`);
  }
  const level = values.level ?? 'assignment';
  if (!(CHECK_LEVELS as readonly string[]).includes(level)) throw new UsageError(`--level ${JSON.stringify(level)} is not a level; give ${CHECK_LEVELS.join(' or ')}`);
  return { out: values.out ?? DEFAULT_OUT, level: level as CheckLevel, rubric: values.rubric ?? null, help: values.help ?? false };
}

/**
 * Gradescope runs Linux on x86-64; the zip carries this very Node binary, so it must be one
 * that runs there alone: Node 24, Linux x64, an official build (no shared libnode, as
 * distribution packages have).
 */
function nodeBinary(): string {
  const major = Number(process.versions.node.split('.')[0]);
  const shared = Object.entries(process.config.variables).some(([name, value]) => name.startsWith('node_shared') && value === true);
  if (process.platform !== 'linux' || process.arch !== 'x64' || major !== NODE_MAJOR || shared) {
    throw new UsageError(
      `the zip ships the Node binary running this packager, and this one (${process.version}, ${process.platform} ${process.arch}${shared ? ', shared libraries' : ''}) ` +
        `would not run on Gradescope; run it under an official Node ${NODE_MAJOR} on Linux x64, e.g. docker run --rm -v "$PWD":/src -w /src node:24-trixie-slim npm run package:gradescope`,
    );
  }
  return process.execPath;
}

function entries(options: PackageOptions, node: string): BundleEntry[] {
  if (!existsSync(join(ROOT, 'dist', 'checker', 'main.js'))) throw new UsageError('dist/checker/main.js is missing; run npm run build first (npm run package:gradescope does)');
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const rubric = options.rubric === null ? null : Object.fromEntries(loadRubric(options.rubric));
  const args = ['--level', options.level, ...(rubric === null ? [] : ['--rubric', '/autograder/source/rubric.json'])];
  return [
    repositoryFile(ROOT, 'platforms/gradescope/setup.sh', 'setup.sh', 0o755),
    repositoryFile(ROOT, 'platforms/gradescope/run_autograder', 'run_autograder', 0o755),
    repositoryFile(ROOT, 'platforms/start-server.sh', 'start-server.sh', 0o755),
    textEntry('checker-args', `${args.join('\n')}\n`),
    ...(rubric === null ? [] : [textEntry('rubric.json', `${JSON.stringify(rubric, null, 2)}\n`)]),
    { path: 'node/bin/node', source: { file: node }, mode: 0o755 },
    textEntry('node/VERSION', `${process.version}\n`),
    // The checker's code is CommonJS; its package.json says so, and gives its version.
    textEntry('charcount/package.json', `${JSON.stringify({ name: 'charcount-lab', version, private: true, type: 'commonjs' }, null, 2)}\n`),
    ...checkerEntries(ROOT, 'charcount'),
    ...dependencyEntries(ROOT, 'charcount'),
  ];
}

async function writeZip(out: string, list: BundleEntry[]): Promise<void> {
  mkdirSync(dirname(out), { recursive: true });
  const zip = new ZipFile();
  for (const entry of list) {
    const options = { mtime: MTIME, mode: REGULAR_FILE | entry.mode, compress: true };
    if ('file' in entry.source) zip.addFile(entry.source.file, entry.path, options);
    else zip.addBuffer(entry.source.bytes, entry.path, options);
  }
  zip.end();
  const file = createWriteStream(out);
  zip.outputStream.pipe(file);
  await finished(file);
}

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const list = entries(options, nodeBinary());
  await writeZip(options.out, list);
  const megabytes = (statSync(options.out).size / 1e6).toFixed(1);
  process.stdout.write(
    `package:gradescope: wrote ${options.out} (${megabytes} MB, ${list.length} files: Node ${process.version}, charcount-check, level ${options.level}, ` +
      `${options.rubric === null ? 'every stage worth 1 point' : `rubric ${options.rubric}`}); upload it as a Gradescope programming assignment's autograder\n`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`package:gradescope: ${error.message}\n`);
    process.exit(2);
  }
  const text = error instanceof Error ? error.message : String(error);
  process.stderr.write(`package:gradescope: could not write the zip: ${text.split('\n')[0]}\n`);
  process.exit(1);
});

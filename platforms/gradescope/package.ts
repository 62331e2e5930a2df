#!/usr/bin/env node
/**
 * npm run package:gradescope -- [--out FILE] [--level assignment|protocol] [--rubric FILE]
 *   [--points N] [--expected-reply TEMPLATE] [--lang id|en]
 *
 * Writes the autograder zip a Gradescope programming assignment takes: setup.sh and
 * run_autograder at its root (platforms/gradescope/), the launcher every platform shares
 * (platforms/start-server.sh) behind your-server (what students read as checked),
 * charcount-check as one bundled file (packaging/bundle-checker.ts), intake's choice of the
 * file to run beside it (packaging/bundle-intake.ts), and the Node 24 binary
 * that runs this packager, so that Gradescope's image build downloads nothing. The checker's
 * options are baked in (checker-args, and rubric.json in version 2: the points and the reply
 * the assignment demands, --expected-reply before the rubric's own).
 */
import { DEFAULT_EXPECTED_REPLY, levelOption, readRubric, stagesOf, type CheckLevel } from '../../checker';
import { expectedReplyOption, languageOption } from '../../command-line/option-values';
import type { Language } from '../../language';
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { ZipFile } from 'yazl';
import { UsageError } from '../../command-line/usage-error';
import { bundleChecker } from '../../packaging/bundle-checker';
import { bundleIntake, SEVEN_ZIP_WASM } from '../../packaging/bundle-intake';
import { repositoryFile, textEntry, type BundleEntry } from './bundle';
import { scaledPoints } from './points';

const ROOT = resolve(__dirname, '..', '..');
const DEFAULT_OUT = join('dist', 'gradescope', 'autograder.zip');
/** Fixed times make the same inputs give the same zip, byte for byte. */
const MTIME = new Date('2020-01-01T00:00:00Z');
const REGULAR_FILE = 0o100000;
const NODE_MAJOR = 24;

const USAGE = `usage: npm run package:gradescope -- [--out FILE] [--level assignment|protocol] [--rubric FILE] [--points N]
                                  [--expected-reply TEMPLATE] [--lang id|en]
  --out FILE                 where the zip goes (default ${DEFAULT_OUT})
  --level L                  the checker's level for every submission (default assignment)
  --rubric FILE              the rubric: points per stage, JSON {"listen": 1, "long-message": 3} (others are
                             worth 1), or version 2 {"version": 2, "points": {...}, "expectedReply": "... {n}"}
  --points N                 the assignment's points in Gradescope: the stages' points (1 each, or the
                             rubric's) are scaled to add up to N
  --expected-reply TEMPLATE  the reply the assignment demands, {n} standing for the count (default: the
                             rubric's, else "${DEFAULT_EXPECTED_REPLY}")
  --lang id|en               the language of the feedback students read (default: the checker's, from the image's locale)
Upload the zip as the autograder of a Gradescope programming assignment (see platforms/README.md).`;

interface PackageOptions {
  out: string;
  level: CheckLevel;
  rubric: string | null;
  points: number | null;
  expectedReply: string | null;
  lang: Language | null;
  help: boolean;
}

/** What rubric.json in the zip holds: the checker reads it with --rubric. */
interface ZipRubric {
  points: Map<string, number> | null;
  expectedReply: string | null;
}

function parseOptions(argv: string[]): PackageOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        level: { type: 'string' },
        rubric: { type: 'string' },
        points: { type: 'string' },
        'expected-reply': { type: 'string' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (see --help)`);
  }
  const points = values.points === undefined ? null : Number(values.points);
  if (points !== null && !(Number.isFinite(points) && points > 0)) throw new UsageError(`--points ${JSON.stringify(values.points)} is not a number of points; give the assignment's points, e.g. --points 100`);
  return {
    out: values.out ?? DEFAULT_OUT,
    level: levelOption(values.level),
    rubric: values.rubric ?? null,
    points,
    expectedReply: expectedReplyOption(values['expected-reply'], DEFAULT_EXPECTED_REPLY),
    lang: languageOption(values.lang, 'en') ?? null,
    help: values.help ?? false,
  };
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

/**
 * What rubric.json carries: the points per stage (null when every stage is worth 1, as the
 * checker has it) and the reply to demand, --expected-reply before the rubric's own (null for
 * the checker's default), as charcount-check and charcount-grade take them.
 */
function zipRubric(options: PackageOptions): ZipRubric {
  const rubric = options.rubric === null ? null : readRubric(options.rubric);
  const expectedReply = options.expectedReply ?? rubric?.expectedReply ?? null;
  const given = rubric === null || (rubric.points.size === 0 && options.points === null) ? null : rubric.points;
  if (options.points === null) return { points: given, expectedReply };
  const stageIds = stagesOf(options.level).map((stage) => stage.id);
  try {
    return { points: scaledPoints(stageIds, given ?? new Map(), options.points), expectedReply };
  } catch (error) {
    throw new UsageError(`--points ${options.points}: ${(error as Error).message} in ${options.rubric}; give some stage points`);
  }
}

const hasRubric = (rubric: ZipRubric): boolean => rubric.points !== null || rubric.expectedReply !== null;

/** rubric.json, version 2 (checker/schemas/rubric.schema.json). */
function rubricJson(rubric: ZipRubric): string {
  const body = { version: 2, points: Object.fromEntries(rubric.points ?? []), ...(rubric.expectedReply === null ? {} : { expectedReply: rubric.expectedReply }) };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** The checker's arguments for every submission, one per line in checker-args. */
function checkerArgs(options: PackageOptions, rubric: ZipRubric): string[] {
  return ['--level', options.level, ...(hasRubric(rubric) ? ['--rubric', '/autograder/source/rubric.json'] : []), ...(options.lang === null ? [] : ['--lang', options.lang])];
}

/** The bundled checker parses the baked-in arguments (with --help, so it checks nothing): a bad one stops the packager, not a student's submission. */
function acceptedByChecker(node: string, bundle: string, args: string[]): void {
  if (args.some((arg) => arg.includes('\n'))) throw new UsageError('an option given to the checker holds a line break; give each on one line');
  const parsed = spawnSync(node, [bundle, ...args, '--help'], { encoding: 'utf8' });
  if (parsed.status !== 0) throw new UsageError(parsed.stderr.trim().split('\n')[0]!.replace(/^charcount-check: /u, ''));
}

function entries(node: string, bundle: string, rubric: ZipRubric, args: string[]): BundleEntry[] {
  const beside = dirname(bundle);
  return [
    repositoryFile(ROOT, 'platforms/gradescope/setup.sh', 'setup.sh', 0o755),
    repositoryFile(ROOT, 'platforms/gradescope/run_autograder', 'run_autograder', 0o755),
    repositoryFile(ROOT, 'platforms/gradescope/your-server', 'bin/your-server', 0o755),
    repositoryFile(ROOT, 'platforms/start-server.sh', 'start-server.sh', 0o755),
    textEntry('checker-args', `${args.join('\n')}\n`),
    ...(hasRubric(rubric) ? [textEntry('rubric.json', rubricJson(rubric))] : []),
    { path: 'node/bin/node', source: { file: node }, mode: 0o755 },
    textEntry('node/VERSION', `${process.version}\n`),
    { path: 'charcount-check.cjs', source: { file: bundle }, mode: 0o644 },
    // start-server.sh asks intake which file to run, as charcount-grade does.
    { path: 'charcount-intake.cjs', source: { file: join(beside, 'charcount-intake.cjs') }, mode: 0o644 },
    { path: SEVEN_ZIP_WASM, source: { file: join(beside, SEVEN_ZIP_WASM) }, mode: 0o644 },
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
  const node = nodeBinary();
  const rubric = zipRubric(options);
  const args = checkerArgs(options, rubric);
  const scratch = mkdtempSync(join(tmpdir(), 'charcount-gradescope-'));
  try {
    const bundle = join(scratch, 'charcount-check.cjs');
    await bundleChecker(bundle);
    await bundleIntake(join(scratch, 'charcount-intake.cjs'));
    // rubric.json is checked by readRubric above; with --help the checker does not read it.
    acceptedByChecker(node, bundle, args);
    const list = entries(node, bundle, rubric, args);
    await writeZip(options.out, list);
    const megabytes = (statSync(options.out).size / 1e6).toFixed(1);
    const stages = stagesOf(options.level);
    const maxPoints = stages.reduce((sum, stage) => sum + (rubric.points?.get(stage.id) ?? 1), 0);
    process.stdout.write(
      `package:gradescope: wrote ${options.out} (${megabytes} MB, ${list.length} files: Node ${process.version}, charcount-check, level ${options.level}, ` +
        `${rubric.points === null ? 'every stage worth 1 point' : options.rubric === null ? 'points scaled' : `rubric ${options.rubric}`}` +
        `${rubric.expectedReply === null ? '' : `, expected reply ${JSON.stringify(rubric.expectedReply)}`}); ` +
        `upload it as a Gradescope programming assignment's autograder, with ${Math.round(maxPoints * 100) / 100} points\n`,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
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

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
import { expectedReplyOption, langFlag, languageOption } from '../../command-line/option-values';
import { chooseLanguage, type Language } from '../../language';
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
import { PACKAGE_TEXTS } from './package-texts';
import { scaledPoints } from './points';

const ROOT = resolve(__dirname, '..', '..');
const DEFAULT_OUT = join('dist', 'gradescope', 'autograder.zip');
/** Fixed times make the same inputs give the same zip, byte for byte. */
const MTIME = new Date('2020-01-01T00:00:00Z');
const REGULAR_FILE = 0o100000;
const NODE_MAJOR = 24;

interface PackageOptions {
  out: string;
  level: CheckLevel;
  rubric: string | null;
  points: number | null;
  expectedReply: string | null;
  lang: Language | null;
  help: boolean;
  /** What the packager speaks: --lang, else the environment's (chooseLanguage). */
  language: Language;
}

/** What rubric.json in the zip holds: the checker reads it with --rubric. */
interface ZipRubric {
  points: Map<string, number> | null;
  expectedReply: string | null;
}

function parseOptions(argv: string[]): PackageOptions {
  const environment = chooseLanguage(undefined);
  const lang = languageOption(langFlag(argv), environment) ?? null;
  const language = lang ?? environment;
  const say = PACKAGE_TEXTS[language];
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
    throw new UsageError(parseArgsMistake(error as Error & { code?: string }, language));
  }
  const points = values.points === undefined ? null : Number(values.points);
  if (points !== null && !(Number.isFinite(points) && points > 0)) throw new UsageError(say.notPoints({ value: JSON.stringify(values.points) }));
  return {
    out: values.out ?? DEFAULT_OUT,
    level: levelOption(values.level, language),
    rubric: values.rubric ?? null,
    points,
    expectedReply: expectedReplyOption(values['expected-reply'], DEFAULT_EXPECTED_REPLY, language),
    lang,
    help: values.help ?? false,
    language,
  };
}

/** node:util parseArgs explains a mistake in English; say it in the packager's language, naming the option. */
function parseArgsMistake(error: Error & { code?: string }, language: Language): string {
  const say = PACKAGE_TEXTS[language];
  const named = /'([^']*)'/.exec(error.message)?.[1] ?? error.message.split('\n')[0]!;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return say.missingValue({ option: named.split(' ')[0] ?? named });
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return say.unexpectedArgument({ argument: `'${named}'` });
  return say.unknownOption({ option: `'${named}'` });
}

/**
 * Gradescope runs Linux on x86-64; the zip carries this very Node binary, so it must be one
 * that runs there alone: Node 24, Linux x64, an official build (no shared libnode, as
 * distribution packages have).
 */
function nodeBinary(language: Language): string {
  const major = Number(process.versions.node.split('.')[0]);
  const shared = Object.entries(process.config.variables).some(([name, value]) => name.startsWith('node_shared') && value === true);
  if (process.platform !== 'linux' || process.arch !== 'x64' || major !== NODE_MAJOR || shared) {
    throw new UsageError(PACKAGE_TEXTS[language].wrongNode({ node: `${process.version}, ${process.platform} ${process.arch}`, shared, major: NODE_MAJOR }));
  }
  return process.execPath;
}

/**
 * What rubric.json carries: the points per stage (null when every stage is worth 1, as the
 * checker has it) and the reply to demand, --expected-reply before the rubric's own (null for
 * the checker's default), as charcount-check and charcount-grade take them.
 */
function zipRubric(options: PackageOptions): ZipRubric {
  const rubric = options.rubric === null ? null : readRubric(options.rubric, options.language);
  const expectedReply = options.expectedReply ?? rubric?.expectedReply ?? null;
  const given = rubric === null || (rubric.points.size === 0 && options.points === null) ? null : rubric.points;
  if (options.points === null) return { points: given, expectedReply };
  const stageIds = stagesOf(options.level).map((stage) => stage.id);
  try {
    return { points: scaledPoints(stageIds, given ?? new Map(), options.points), expectedReply };
  } catch {
    // scaledPoints refuses only a rubric whose stages are all worth 0.
    throw new UsageError(PACKAGE_TEXTS[options.language].nothingToScale({ points: options.points, rubric: options.rubric ?? '--rubric' }));
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
function acceptedByChecker(node: string, bundle: string, args: string[], language: Language): void {
  if (args.some((arg) => arg.includes('\n'))) throw new UsageError(PACKAGE_TEXTS[language].lineBreak());
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

/** The packager's language, once its options are read; the environment's for a failure before. */
let packagerLanguage: Language | undefined;

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  packagerLanguage = options.language;
  const say = PACKAGE_TEXTS[options.language];
  if (options.help) {
    process.stdout.write(`${say.usage({ defaultOut: DEFAULT_OUT, defaultReply: DEFAULT_EXPECTED_REPLY })}\n`);
    return;
  }
  const node = nodeBinary(options.language);
  const rubric = zipRubric(options);
  const args = checkerArgs(options, rubric);
  const scratch = mkdtempSync(join(tmpdir(), 'charcount-gradescope-'));
  try {
    const bundle = join(scratch, 'charcount-check.cjs');
    await bundleChecker(bundle);
    await bundleIntake(join(scratch, 'charcount-intake.cjs'));
    // rubric.json is checked by readRubric above; with --help the checker does not read it.
    acceptedByChecker(node, bundle, args, options.language);
    const list = entries(node, bundle, rubric, args);
    await writeZip(options.out, list);
    const megabytes = (statSync(options.out).size / 1e6).toFixed(1);
    const stages = stagesOf(options.level);
    const maxPoints = stages.reduce((sum, stage) => sum + (rubric.points?.get(stage.id) ?? 1), 0);
    const points = rubric.points === null ? 'one-each' : options.rubric === null ? 'scaled' : 'rubric';
    const wrote = say.wrote({
      out: options.out,
      megabytes,
      files: list.length,
      node: process.version,
      level: options.level,
      points,
      rubric: options.rubric,
      reply: rubric.expectedReply,
      maxPoints: Math.round(maxPoints * 100) / 100,
    });
    process.stdout.write(`package:gradescope: ${wrote}\n`);
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
  process.stderr.write(`package:gradescope: ${PACKAGE_TEXTS[packagerLanguage ?? chooseLanguage(undefined)].couldNotWrite({ error: text.split('\n')[0]! })}\n`);
  process.exit(1);
});

#!/usr/bin/env node
/**
 * charcount-server: reads its settings, listens, and answers every line with its number of
 * characters until SIGTERM or Ctrl-C. Reading order: this file, charcount-server.ts (the
 * listening socket), client-connection.ts (one client), config.ts, logger.ts, healthcheck.ts.
 * The speed tricks are not here: accelerators/ holds them, loaded only with ACCELERATION=on.
 */
import { config as loadDotenv } from 'dotenv';
import { asksForVersion, versionLine } from '../command-line/version';
import { CharCountServer } from './charcount-server';
import { ConfigError, parseServerConfig, serverUsage, type ParsedCommandLine } from './config';
import { Logger } from './logger';
import { withinOpenFileLimit } from './open-file-limit';
import { exitWithError, runUntilStopped } from './run-until-stopped';
import { PLAIN_SEAMS } from './seams';

const EXIT_USAGE = 2;

function parseOrExit(argv: string[]): ParsedCommandLine {
  try {
    return parseServerConfig(argv, process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    exitWithError(error.message, EXIT_USAGE);
  }
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const argv = process.argv.slice(2);
  if (asksForVersion(argv)) {
    process.stdout.write(`${versionLine('charcount-server')}\n`);
    return;
  }
  const { config, help } = parseOrExit(argv);
  if (help) {
    process.stdout.write(`${serverUsage()}\n`);
    return;
  }
  const logger = new Logger(config.logLevel, config.logFormat);
  if (config.acceleration === 'on') {
    // Loaded only when asked for: with ACCELERATION=off nothing outside server/ and protocol/ runs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runAccelerated } = require('../accelerators') as typeof import('../accelerators');
    await runAccelerated(config, logger, argv);
    return;
  }
  await runUntilStopped(new CharCountServer(withinOpenFileLimit(config, logger), logger, PLAIN_SEAMS), logger);
}

void main();

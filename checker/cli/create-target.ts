/**
 * Turns the command line's choice of target into a Target. The submission target is loaded
 * only for --submission: it brings dockerode (and ssh2, protobufjs...), which would cost
 * every other start, --help included, a few hundred milliseconds.
 */
import { createCommandTarget } from '../targets/command-target';
import { createHostTarget } from '../targets/host-target';
import type { Target } from '../targets/target';
import type { LivePrinter } from './live-printer';
import type { CheckOptions } from './options';

const SHOWN_OUTPUT_LINES = 200;

export async function createTarget(options: CheckOptions, live: LivePrinter): Promise<Target> {
  const { target } = options;
  // What a target that starts the student's program needs, whether it runs here or in a container.
  const program = {
    language: options.language,
    port: options.port,
    startTimeoutMs: options.timing.startTimeoutMs,
    notice: live.notice,
    onOutput: live.programOutput,
    shownOutputLines: SHOWN_OUTPUT_LINES,
  };
  switch (target.kind) {
    case 'command':
      return createCommandTarget({ command: target.command, ...program });
    case 'host':
      return createHostTarget(target.host, options.port);
    case 'submission': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createSubmissionTarget } = require('../targets/submission-target') as typeof import('../targets/submission-target');
      return createSubmissionTarget({ dir: target.dir, ...program });
    }
  }
}

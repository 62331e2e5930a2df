/** Turns the command line's choice of target into a Target. */
import { createCommandTarget } from '../targets/command-target';
import { createHostTarget } from '../targets/host-target';
import { createSubmissionTarget } from '../targets/submission-target';
import type { Target } from '../targets/target';
import type { LivePrinter } from './live-printer';
import type { CheckOptions } from './options';

const SHOWN_OUTPUT_LINES = 200;

export async function createTarget(options: CheckOptions, live: LivePrinter): Promise<Target> {
  const { target } = options;
  switch (target.kind) {
    case 'command':
      return createCommandTarget({
        command: target.command,
        port: options.port,
        startTimeoutMs: options.timing.startTimeoutMs,
        notice: live.notice,
        onOutput: live.programOutput,
        shownOutputLines: SHOWN_OUTPUT_LINES,
      });
    case 'host':
      return createHostTarget(target.host, options.port);
    case 'submission':
      return createSubmissionTarget({
        dir: target.dir,
        port: options.port,
        startTimeoutMs: options.timing.startTimeoutMs,
        notice: live.notice,
        onOutput: live.programOutput,
        shownOutputLines: SHOWN_OUTPUT_LINES,
      });
  }
}

/**
 * What the instructor watches. At a terminal: a progress bar (done/total, ETA, the submissions
 * being graded now) with each finished submission's line printed above it. Otherwise (a pipe,
 * a CI log): only one line per finished submission, as it finishes.
 */
import { visibleText } from '../checker';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { Language } from '../language';
import type { SubmissionOutcome } from './outcome';
import { RUN_TEXTS } from './run-texts';

export interface Progress {
  started(name: string): void;
  finished(outcome: SubmissionOutcome): void;
  /** A line of the run's own (warnings, the summary). */
  line(text: string): void;
  stop(): void;
}

const MAX_FAILED_SHOWN = 4;

/** "[3/8] bob: 5/8, failed count-unicode, long-message, split-character (5.2 s)" */
function finishedLine(outcome: SubmissionOutcome, done: number, total: number, language: Language = 'en'): string {
  const say = RUN_TEXTS[language];
  const { grade } = outcome;
  const prefix = `[${done}/${total}] ${visibleText(grade.name)}: `;
  if (grade.status !== 'graded') return `${prefix}${grade.status}: ${visibleText(grade.reason ?? '')}`;
  const score = `${grade.score}/${grade.maxScore}`;
  if (outcome.reused) return `${prefix}${score}, ${say.unchanged()}`;
  const time = ` (${say.seconds({ seconds: (outcome.durationMs / 1000).toFixed(1) })})`;
  if (grade.score === 0 && grade.reason !== null) return `${prefix}${score}: ${visibleText(grade.reason)}${time}`;
  const failed = grade.stages.filter((stage) => stage.status === 'failed').map((stage) => stage.id);
  if (failed.length === 0 && grade.reason === null) return `${prefix}${score}, ${say.allPassed()}${time}`;
  const shown = failed.length > MAX_FAILED_SHOWN ? say.andMore({ shown: failed.slice(0, MAX_FAILED_SHOWN).join(', '), more: failed.length - MAX_FAILED_SHOWN }) : failed.join(', ');
  const why = grade.reason === null ? '' : `; ${visibleText(grade.reason)}`;
  return `${prefix}${score}, ${say.failedStages({ stages: shown })}${why}${time}`;
}

export function createProgress(stream: NodeJS.WriteStream, total: number, language: Language = 'en'): Progress {
  let done = 0;
  const current = new Set<string>();
  if (stream.isTTY !== true) {
    return {
      started: () => {},
      finished: (outcome) => stream.write(`${finishedLine(outcome, ++done, total, language)}\n`),
      line: (text) => stream.write(`${text}\n`),
      stop: () => {},
    };
  }
  const bars = new MultiBar(
    {
      stream,
      format: `${RUN_TEXTS[language].bar()} {bar} {value}/{total} | ETA {eta_formatted} | {current}`,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      // The ETA follows the last few submissions' pace, not the whole run's.
      etaBuffer: 8,
      fps: 4,
      autopadding: true,
    },
    Presets.shades_classic,
  );
  const bar: SingleBar = bars.create(total, 0, { current: '' });
  let stopped = false;
  const showCurrent = (): void => {
    const width = Math.max(20, (stream.columns ?? 80) - 60);
    const names = [...current].map(visibleText).join(', ');
    bar.update({ current: names.length > width ? `${names.slice(0, width - 1)}…` : names });
  };
  return {
    started(name) {
      current.add(name);
      showCurrent();
    },
    finished(outcome) {
      current.delete(outcome.grade.name);
      bars.log(`${finishedLine(outcome, ++done, total, language)}\n`);
      bar.increment(1);
      showCurrent();
    },
    line(text) {
      // After the bar has stopped, a line goes straight to the terminal.
      if (stopped) stream.write(`${text}\n`);
      else bars.log(`${text}\n`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      // A last render prints the lines logged since the previous one (the bar redraws a few times a second).
      bars.update();
      bars.stop();
    },
  };
}

/** The soak's command line: how long, how many clients at a time, how many samples, which seed. */
import { parseArgs } from 'node:util';

export interface SoakOptions {
  minutes: number;
  concurrency: number;
  samples: number;
  /** Seeds the churn's choices and its generated scenarios, so --seed replays a run. */
  seed: number;
}

/** Reads process.argv; prints the usage and exits 0 for --help, prints what is wrong and exits 2 for values out of range. */
export function soakOptions(): SoakOptions {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '2' },
      concurrency: { type: 'string', default: '20' },
      samples: { type: 'string', default: '12' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write('usage: npm run soak -- [--minutes N] [--concurrency C] [--samples S] [--seed N]\n');
    process.exit(0);
  }
  const minutes = Number(values.minutes);
  const concurrency = Number(values.concurrency);
  const samples = Number(values.samples);
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  if (!(minutes > 0 && minutes <= 24 * 60) || !(concurrency >= 1 && concurrency <= 1000) || !(samples >= 2 && samples <= 1000)) {
    process.stderr.write('soak: --minutes must be in (0, 1440], --concurrency in [1, 1000], --samples in [2, 1000]\n');
    process.exit(2);
  }
  return { minutes, concurrency, samples, seed };
}

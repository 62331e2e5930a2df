/**
 * Soak: churns connections against the real compiled server for N minutes and reports, over
 * time, its RSS, open file descriptors, heap (after a forced GC) and active handles. Not part
 * of `npm test`.
 *
 *   npm run soak -- --minutes 10                  (default 2 minutes, 20 clients at a time)
 *   npm run soak -- --minutes 30 --concurrency 50 --samples 30 --seed 42
 *   ACCELERATION=on npm run soak                  (the accelerated server; default the plain one)
 *
 * The server gets no other setting from the shell or a .env: the soak chooses them all.
 *
 * Each client, one after another, does one of the behaviours in soak/behaviours.ts (scripted
 * exchanges checked against the reference model, classic messages, resets, floods,
 * half-closes, silence); soak/churn.ts runs them. At each sample (soak/sampling.ts) the churn
 * pauses, every connection finishes, the server's garbage is collected and everything is
 * measured, so the samples compare like with like. Exit status 0 when heap and handles stay
 * flat and every reply was right; 1 otherwise.
 */
import { Churn } from './soak/churn';
import { soakOptions } from './soak/options';
import { header, summarize, verdictLine } from './soak/report';
import { sampleThroughout } from './soak/sampling';
import { startSoakServer, stopSoakServer } from './soak/server';

async function main(): Promise<number> {
  const options = soakOptions();
  const server = await startSoakServer();
  process.stdout.write(header(options, server));
  const churn = new Churn(options.seed, options.concurrency);
  const history = await sampleThroughout(server, churn, options);
  const verdict = summarize(history, churn, server);
  await stopSoakServer(server);
  process.stdout.write(verdictLine(verdict, churn));
  return verdict.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

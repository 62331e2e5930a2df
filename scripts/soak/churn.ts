/**
 * The load: `concurrency` clients, each running one behaviour after another (chosen by
 * weight, with a seeded generator so --seed replays the same churn), and the tally of what
 * they saw.
 */
import fc from 'fast-check';
import { strictScenario, type Scenario } from '../../tests/hardening/scenarios';
import { BEHAVIOURS, type Behaviour, type ChurnContext } from './behaviours';

const TOTAL_WEIGHT = BEHAVIOURS.reduce((n, behaviour) => n + behaviour.weight, 0);
/** More problems than this are counted but not kept: the first ones say what went wrong. */
const KEPT_PROBLEMS = 20;

export class Churn {
  readonly stats = { connections: 0, messages: 0, mismatches: 0, failures: 0, kinds: new Map<string, number>() };
  readonly problems: string[] = [];
  private state: number;
  /** Generated exchanges, written back to back: the soak measures the server, not the timing of writes. */
  private readonly scenarios: Scenario[];
  private readonly context: ChurnContext;

  constructor(
    seed: number,
    private readonly concurrency: number,
  ) {
    this.state = seed || 1;
    this.scenarios = fc
      .sample(strictScenario({ maxMessages: 6, maxRun: 4000, runWeight: 1, maxDelayMs: 1 }), { seed, numRuns: 300 })
      .map((scenario) => ({ ...scenario, steps: scenario.steps.map((step) => ('bytes' in step ? { ...step, delayMs: 0 } : step)) }));
    this.context = {
      rand: (n) => this.rand(n),
      scenario: () => this.scenarios[this.rand(this.scenarios.length)],
      checked: (messages, right, problem) => {
        this.stats.messages += messages;
        if (right) return;
        this.stats.mismatches++;
        this.problem(problem());
      },
    };
  }

  problem(text: string): void {
    if (this.problems.length < KEPT_PROBLEMS) this.problems.push(text);
  }

  /** Runs the clients until `until` (a performance.now() time); resolves when every connection is over. */
  async run(port: number, until: number): Promise<void> {
    await Promise.all(
      Array.from({ length: this.concurrency }, async () => {
        while (performance.now() < until) {
          const behaviour = this.pick();
          this.stats.connections++;
          this.stats.kinds.set(behaviour.name, (this.stats.kinds.get(behaviour.name) ?? 0) + 1);
          try {
            await behaviour.run(port, this.context);
          } catch (error) {
            this.stats.failures++;
            this.problem(`${behaviour.name}: ${(error as Error).message}`);
          }
        }
      }),
    );
  }

  /** A small deterministic PRNG (xorshift). */
  private rand(n: number): number {
    this.state ^= this.state << 13;
    this.state ^= this.state >>> 17;
    this.state ^= this.state << 5;
    return (this.state >>> 0) % n;
  }

  private pick(): Behaviour {
    let r = this.rand(TOTAL_WEIGHT);
    for (const behaviour of BEHAVIOURS) {
      if (r < behaviour.weight) return behaviour;
      r -= behaviour.weight;
    }
    return BEHAVIOURS[0];
  }
}

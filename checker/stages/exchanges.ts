/** The exchanges several stages are made of. */
import type { SendPlan } from '../engine/probe';
import type { StageContext } from '../engine/stage-context';

export interface ExchangeOptions {
  plan?: SendPlan;
  sameProcess?: boolean;
  label?: string;
  timeoutMs?: number;
}

/**
 * One client sends one message the way the assignment's client does, then half-closes (the
 * message is over), and must get a reply with the count `chars`.
 */
export async function countedAfterHalfClose(context: StageContext, message: Uint8Array | string, chars: number, options: ExchangeOptions = {}): Promise<void> {
  await context.exchange(async () => {
    const client = await context.open(options);
    await client.send(message, { ...options.plan, thenHalfClose: true });
    await client.expectCount(chars, context.expectedReplyFor(chars), message, options.timeoutMs);
    client.release();
  }, options);
}

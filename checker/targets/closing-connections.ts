/**
 * A restarted server that cannot bind because the checker's own earlier connections still
 * hold its port (TIME_WAIT, or a goodbye still in progress) must not fail a stage: the wait
 * for them to go, shared by the command and the submission targets.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { timeWaitSentence, type PortHolders } from '../../server/port-holders';
import type { Notice } from './target';

/** Connections still closing are gone within a second or so; look again this often. */
const CLOSING_POLL_MS = 500;

/**
 * Waits while connections alone hold the port (nothing listens), saying so once per wait;
 * true when it waited and a new start may bind, false when something else is the cause.
 */
export async function waitOutClosingConnections(holders: PortHolders | null, port: number, deadline: number, notice: Notice): Promise<boolean> {
  const remaining = deadline - performance.now();
  if (holders === null || holders.listening > 0 || holders.timeWait + holders.closing === 0 || remaining <= 0) return false;
  if (holders.timeWait > 0) {
    notice(`${timeWaitSentence(`port ${port}`, port, holders)}; waiting, then starting your server again`);
    await sleep(Math.min(holders.timeWaitExpiresInMs + 200, remaining));
  } else {
    notice(`port ${port} is held by ${holders.closing} connection(s) still closing; waiting, then starting your server again`);
    await sleep(Math.min(CLOSING_POLL_MS, remaining));
  }
  return true;
}

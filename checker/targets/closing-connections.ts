/**
 * A restarted server that cannot bind because the checker's own earlier connections still
 * hold its port (TIME_WAIT, or a goodbye still in progress) must not fail a stage: the wait
 * for them to go, shared by the command and the submission targets.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Language } from '../../language';
import type { PortHolders } from '../../server/port-holders';
import { START_TEXTS } from '../messages/start-texts';
import type { Notice } from './target';

/** Connections still closing are gone within a second or so; look again this often. */
const CLOSING_POLL_MS = 500;

/**
 * Waits while connections alone hold the port (nothing listens), saying so once per wait;
 * true when it waited and a new start may bind, false when something else is the cause.
 */
export async function waitOutClosingConnections(holders: PortHolders | null, port: number, deadline: number, notice: Notice, language: Language): Promise<boolean> {
  const remaining = deadline - performance.now();
  if (holders === null || holders.listening > 0 || holders.timeWait + holders.closing === 0 || remaining <= 0) return false;
  if (holders.timeWait > 0) {
    const seconds = Math.max(1, Math.ceil(holders.timeWaitExpiresInMs / 1000));
    notice(START_TEXTS[language].timeWaitWaiting({ port, connections: holders.timeWait, seconds }));
    await sleep(Math.min(holders.timeWaitExpiresInMs + 200, remaining));
  } else {
    notice(START_TEXTS[language].closingWaiting({ port, connections: holders.closing }));
    await sleep(Math.min(CLOSING_POLL_MS, remaining));
  }
  return true;
}

/** What a stage's record says other clients had in flight while one client's message was out. */
import type { RecordEvent } from '../model';

/**
 * The messages other clients of the stage had sent, and not yet had answered, when `client`'s
 * message went out (`sentAt`: how many events other than receives the record then held;
 * receives are placed by their time, so they can land before it later), and those they sent after it: what a server that
 * mixes its clients' bytes may have counted. Each is the other client's sends since its last
 * reply; one the record keeps only in part (a long message) cannot be recounted and is left out.
 */
export function otherMessagesInFlight(record: readonly RecordEvent[], client: string, sentAt: number): Uint8Array[] {
  const pending = new Map<string, Buffer[] | 'partial'>();
  let index = 0;
  for (const event of record) {
    if (event.kind === 'receive') continue;
    if (event.kind === 'reply' && index < sentAt) pending.delete(event.client);
    index++;
    if (event.kind !== 'send' || event.client === client) continue;
    const pieces = pending.get(event.client) ?? [];
    if (pieces === 'partial' || event.bytes.omitted > 0) pending.set(event.client, 'partial');
    else pending.set(event.client, [...pieces, Buffer.from(event.bytes.base64, 'base64')]);
  }
  return [...pending.values()].flatMap((pieces) => (pieces === 'partial' ? [] : [Buffer.concat(pieces)]));
}

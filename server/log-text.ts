/** "172.18.0.3:51234" or "[2001:db8::1]:51234"; IPv4 clients of a dual-stack socket are shown as plain IPv4. */
export function describePeer(address: string | undefined, port: number | undefined): string {
  if (address === undefined) return 'unknown peer';
  const plain = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  return plain.includes(':') ? `[${plain}]:${port}` : `${plain}:${port}`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

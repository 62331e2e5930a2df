/**
 * Where the probes connect, from the addresses listening on the port: "localhost" while a
 * loopback or wildcard address listens (as the assignment's client connects), else the address
 * itself (127.0.1.1, where Debian maps the host name that gethostname() returns). The same
 * rule for a command on this machine and for a submission in its container.
 */
export function probeAddress(listening: readonly string[]): string {
  const everyLoopback = ['127.0.0.1', '::1', '0.0.0.0', '::'];
  if (listening.length === 0 || listening.some((address) => everyLoopback.includes(address))) return 'localhost';
  return listening.find((address) => address.startsWith('127.')) ?? listening[0]!;
}

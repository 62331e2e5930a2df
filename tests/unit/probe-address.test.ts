/** Where the probes connect (a command's, a submission's), from the addresses found listening on the port. */
import { describe, expect, it } from 'vitest';
import { probeAddress } from '../../checker/targets/probe-address';

describe('the address the probes connect to', () => {
  it.each([
    [['127.0.0.1'], 'localhost'],
    [['0.0.0.0'], 'localhost'],
    [['::'], 'localhost'],
    [['::1'], 'localhost'],
    [['127.0.1.1'], '127.0.1.1'],
    [['192.168.1.20', '127.0.1.1'], '127.0.1.1'],
    [['192.168.1.20'], '192.168.1.20'],
    [['127.0.1.1', '0.0.0.0'], 'localhost'],
  ])('listening on %j: %s', (listening, expected) => {
    expect(probeAddress(listening)).toBe(expected);
  });
});

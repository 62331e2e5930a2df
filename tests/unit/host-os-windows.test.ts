/**
 * host-os on Windows: readiness from `netstat -ano`, read by its address columns (the state
 * words and headings are translated), never by connecting. The English and German tables are
 * in the layout Windows 10 and 11 print (CRLF, two-space indent, PID last); no Windows machine
 * was at hand to record one, so they are written out here in that layout. The Wine table was
 * recorded from Wine 8.0's netstat (Debian's wine64) while a Windows Node server listened:
 * it lists connections only, no listening socket and no PID.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { netstatListening } from '../../host-os/windows-netstat';

const ENGLISH = [
  '',
  'Active Connections',
  '',
  '  Proto  Local Address          Foreign Address        State           PID',
  '  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1036',
  '  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       4',
  '  TCP    127.0.0.1:12345        0.0.0.0:0              LISTENING       8420',
  '  TCP    127.0.0.1:12345        127.0.0.1:50412        ESTABLISHED     8420',
  '  TCP    127.0.0.1:50412        127.0.0.1:12345        ESTABLISHED     9112',
  '  TCP    127.0.0.1:50398        127.0.0.1:12345        TIME_WAIT       0',
  '  TCP    192.168.1.23:2345      0.0.0.0:0              LISTENING       3300',
  '  TCP    [::]:135               [::]:0                 LISTENING       1036',
  '  TCP    [::1]:12345            [::]:0                 LISTENING       8420',
  '  UDP    0.0.0.0:12345          *:*                                    7000',
  '',
].join('\r\n');

const GERMAN = [
  '',
  'Aktive Verbindungen',
  '',
  '  Proto  Lokale Adresse         Remoteadresse          Status           PID',
  '  TCP    0.0.0.0:135            0.0.0.0:0              ABHÖREN         1036',
  '  TCP    0.0.0.0:12345          0.0.0.0:0              ABHÖREN         8420',
  '  TCP    127.0.0.1:50412        127.0.0.1:12345        HERGESTELLT     9112',
  '',
].join('\r\n');

describe('netstatListening', () => {
  it('lists the local addresses listening on the port, IPv4 and IPv6, by the address columns', () => {
    expect(netstatListening(ENGLISH, 12345)).toEqual(['127.0.0.1', '::1']);
  });

  it('does not take a connection to or from the port, a TIME_WAIT, a UDP socket or a port that merely ends in the digits as listening', () => {
    expect(netstatListening(ENGLISH, 2345)).toEqual(['192.168.1.23']);
    expect(netstatListening(ENGLISH, 50412)).toEqual([]);
    expect(netstatListening(ENGLISH, 345)).toEqual([]);
  });

  it('reads a German table, its state words translated, the same way', () => {
    expect(netstatListening(GERMAN, 12345)).toEqual(['0.0.0.0']);
    expect(netstatListening(GERMAN, 54321)).toEqual([]);
  });

  it('says it cannot tell (null) for a table with no listening socket at all, as Wine\'s netstat prints', () => {
    const wine = readFileSync(join(__dirname, 'fixtures', 'wine-8.0-netstat-ano.txt'), 'utf8');
    expect(wine).toContain('Active Connections');
    expect(netstatListening(wine, 12345)).toBeNull();
    expect(netstatListening('', 12345)).toBeNull();
  });
});

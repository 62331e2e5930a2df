/**
 * Ladder diagrams drawn from synthetic captures and read back as XML, the way a browser or
 * Inkscape would get them: one arrow and one <title> per segment, the labels (flags,
 * relative seq/ack, length, the payload and the reply), the marks for what the protocol
 * did, resets, retransmissions and zero windows in their own style, compressed gaps, and
 * nothing that renders differently elsewhere (no script, every font list ends generic).
 */
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../tools/capture-file';
import { ladderOf, type LadderEvent } from '../../tools/ladder';
import { ladderSvg } from '../../tools/ladder-svg';
import { tcpConnections } from '../../tools/tcp-connections';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST } from '../../tools/tcp-segment';
import {
  CLIENT_ISN,
  LINK,
  pcapFile,
  pcapngSection,
  records,
  SERVER_ISN,
  SESSION,
  T0,
  type SyntheticPacket,
} from './support/synthetic-captures';

function parsed(svg: string): Document {
  const problems: string[] = [];
  const document = new DOMParser({ onError: (level, message) => problems.push(`${level}: ${message}`) }).parseFromString(svg, 'image/svg+xml');
  expect(problems).toEqual([]);
  return document;
}

function diagram(packets: SyntheticPacket[], events: LadderEvent[] = [], file = pcapFile(records(packets, LINK.ETHERNET), LINK.ETHERNET)): Document {
  const [connection] = tcpConnections(readCapture(file).segments);
  return parsed(ladderSvg(ladderOf(connection!, events), { title: 'captures/lab.pcap, connection 1 of 1' }));
}

const elements = (root: Document | Element, tag: string): Element[] => Array.from(root.getElementsByTagName(tag));
const withClass = (root: Document | Element, tag: string, name: string): Element[] => elements(root, tag).filter((element) => element.getAttribute('class') === name);
const segments = (document: Document): Element[] => withClass(document, 'g', 'segment');
const texts = (root: Document | Element): string[] => elements(root, 'text').map((text) => text.textContent ?? '');
const arrowOf = (segment: Element): Element => withClass(segment, 'line', 'arrow')[0]!;

/** Each arrow as a reader sees it: its title, then every text drawn with it. */
function described(document: Document): { title: string; texts: string[] }[] {
  return segments(document).map((segment) => ({ title: elements(segment, 'title')[0]!.textContent!, texts: texts(segment) }));
}

describe('a ladder diagram', () => {
  const session = diagram(SESSION);

  it('has one arrow and one <title> per segment, and is as big as it says', () => {
    expect(segments(session)).toHaveLength(SESSION.length);
    for (const segment of segments(session)) {
      expect(withClass(segment, 'line', 'arrow')).toHaveLength(1);
      expect(elements(segment, 'title')).toHaveLength(1);
      expect(Array.from(segment.childNodes).find((node) => node.nodeType === node.ELEMENT_NODE)?.nodeName, 'the title comes first').toBe('title');
    }
    expect(elements(session, 'title')).toHaveLength(SESSION.length);
    const svg = session.documentElement!;
    expect(svg.getAttribute('viewBox')).toBe(`0 0 ${svg.getAttribute('width')} ${svg.getAttribute('height')}`);
  });

  it('heads the lifelines with address and port, and draws time down an axis', () => {
    expect(texts(session)).toEqual(expect.arrayContaining(['client', '172.27.0.3:48738', 'server', '172.27.0.2:12345', 'time (ms)']));
    const starts = segments(session).map((segment) => Number(arrowOf(segment).getAttribute('y1')));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(new Set(starts).size).toBe(starts.length);
  });

  it("labels each arrow with flags, relative seq/ack and length, the client's payload and the server's reply, and what it marks", () => {
    expect(described(session)).toEqual([
      { title: 'packet 1, client → server: SYN, seq 0, no ack, length 0, at 0.000 ms', texts: ['0.000', 'SYN seq=0 len=0'] },
      { title: 'packet 2, server → client: SYN+ACK, seq 0, ack 1, length 0, at 0.050 ms', texts: ['0.050', 'SYN+ACK seq=0 ack=1 len=0'] },
      { title: 'packet 3, client → server: ACK, seq 1, ack 1, length 0, at 0.083 ms; handshake complete', texts: ['0.083', 'ACK seq=1 ack=1 len=0', 'handshake complete'] },
      {
        title: 'packet 4, client → server: PSH+ACK, seq 1, ack 1, length 11, at 1.687 ms; message 1 complete (LF)',
        texts: ['1.687', 'PSH+ACK seq=1 ack=1 len=11', '"Halo dunia\\n"', 'message 1 complete (LF)'],
      },
      {
        title: 'packet 5, server → client: PSH+ACK, seq 1, ack 12, length 49, at 2.224 ms',
        texts: ['2.224', 'PSH+ACK seq=1 ack=12 len=49', '"Jumlah karakter dalam kalimat tersebut adalah 10\\n"'],
      },
      {
        title: 'packet 6, client → server: FIN+ACK, seq 12, ack 50, length 0, at 3.972 ms; half-close: the client sends no more',
        texts: ['3.972', 'FIN+ACK seq=12 ack=50 len=0', 'half-close: the client sends no more'],
      },
      {
        title: 'packet 7, server → client: FIN+ACK, seq 50, ack 13, length 0, at 4.248 ms; close: the client (first FIN) goes to TIME_WAIT',
        texts: ['4.248', 'FIN+ACK seq=50 ack=13 len=0', 'close: the client (first FIN) goes to', '  TIME_WAIT'],
      },
      { title: 'packet 8, client → server: ACK, seq 13, ack 51, length 0, at 4.311 ms', texts: ['4.311', 'ACK seq=13 ack=51 len=0'] },
    ]);
  });

  it('runs no script, loads nothing, and names a generic font family after every font it asks for', () => {
    const svg = ladderSvg(ladderOf(tcpConnections(readCapture(pcapFile(records(SESSION, LINK.ETHERNET), LINK.ETHERNET)).segments)[0]!), { title: 'x' });
    expect(svg).not.toMatch(/<script|\bon[a-z]+=|href=|@import|url\(/i);
    const fonts = [...svg.matchAll(/font-family="([^"]*)"/g)].map((match) => match[1]!);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/, (monospace|sans-serif)$/);
  });

  it('escapes what the payload holds, and the file stays well-formed XML', () => {
    const hostile = SESSION.map((packet, i) => (i === 3 ? { ...packet, payload: '<b>&"\'\n' } : packet));
    const document = diagram(hostile.slice(0, 4));
    expect(texts(segments(document)[3]!)).toContain('"<b>&\\"\'\\n"');
  });
});

describe('what the protocol did, marked beside the arrows', () => {
  const classic: SyntheticPacket[] = [
    ...SESSION.slice(0, 3),
    { timeUs: T0 + 1687, from: 'client', flags: TCP_PSH | TCP_ACK, seq: CLIENT_ISN + 1, ack: SERVER_ISN + 1, payload: 'Halo dunia' },
    { timeUs: T0 + 1720, from: 'server', flags: TCP_ACK, seq: SERVER_ISN + 1, ack: CLIENT_ISN + 11 },
    { timeUs: T0 + 151_720, from: 'server', flags: TCP_PSH | TCP_ACK, seq: SERVER_ISN + 1, ack: CLIENT_ISN + 11, payload: 'Jumlah karakter dalam kalimat tersebut adalah 10\n' },
  ];

  it('shows a 150 ms quiet period as a marked gap, and the reply as answered after it', () => {
    const document = diagram(classic);
    const gaps = withClass(document, 'g', 'gap');
    expect(gaps).toHaveLength(1);
    expect(texts(gaps[0]!)).toEqual(['+150.0 ms']);
    expect(described(document)[5]!.title).toMatch(/; message 1 answered after quiet period \(150 ms without data\)$/);
    const [before, after] = [4, 5].map((i) => Number(arrowOf(segments(document)[i]!).getAttribute('y1')));
    const [first, second] = [2, 3].map((i) => Number(arrowOf(segments(document)[i]!).getAttribute('y1')));
    expect(after! - before!).toBeGreaterThan(second! - first! + 20);
  });

  it('says where pipelined messages end and a half-close ends the last one', () => {
    const pipelined: SyntheticPacket[] = [
      ...SESSION.slice(0, 3),
      { timeUs: T0 + 1000, from: 'client', flags: TCP_PSH | TCP_ACK, seq: CLIENT_ISN + 1, ack: SERVER_ISN + 1, payload: 'satu\ndua\ntiga\nempat' },
      { timeUs: T0 + 1100, from: 'client', flags: TCP_FIN | TCP_ACK, seq: CLIENT_ISN + 20, ack: SERVER_ISN + 1 },
    ];
    const notes = described(diagram(pipelined)).map((arrow) => arrow.texts.slice(-1)[0]);
    expect(notes[3]).toBe('messages 1–3 complete (LF)');
    expect(described(diagram(pipelined))[4]!.title).toMatch(/; message 4 complete \(FIN\); half-close: the client sends no more$/);
  });

  it('draws a reset in red and says what it means; a SYN answered by RST is a port nothing listens on', () => {
    const reset = [...SESSION.slice(0, 4), { timeUs: T0 + 2000, from: 'server' as const, flags: TCP_RST | TCP_ACK, seq: SERVER_ISN + 1, ack: CLIENT_ISN + 12, window: 0 }];
    const arrow = segments(diagram(reset))[4]!;
    expect(arrow.getAttribute('data-kinds')).toBe('reset');
    expect(arrowOf(arrow).getAttribute('stroke')).toBe('#b91c1c');
    expect(texts(arrow)).toEqual(['2.000', 'RST+ACK seq=1 ack=12 len=0', 'reset by the server: the connection ends at', '  once, no TIME_WAIT']);
    const refused = diagram([SESSION[0]!, { timeUs: T0 + 20, from: 'server', flags: TCP_RST | TCP_ACK, seq: 0, ack: CLIENT_ISN + 1 }]);
    expect(texts(segments(refused)[1]!)).toContain('reset: nothing listens on this port');
  });

  it('draws a retransmission dashed, and a zero window dotted with win=0 in its label', () => {
    const retransmitted = [...SESSION.slice(0, 4), { ...SESSION[3]!, timeUs: T0 + 201_687 }];
    const again = segments(diagram(retransmitted))[4]!;
    expect(again.getAttribute('data-kinds')).toBe('retransmission');
    expect(arrowOf(again).getAttribute('stroke-dasharray')).toBe('7 4');
    expect(texts(again)).toContain('retransmission: seq 1 sent again');
    expect(texts(again)).not.toContain('message 2 complete (LF)');

    const full = [...SESSION.slice(0, 4), { timeUs: T0 + 1700, from: 'server' as const, flags: TCP_ACK, seq: SERVER_ISN + 1, ack: CLIENT_ISN + 12, window: 0 }];
    const zero = segments(diagram(full))[4]!;
    expect(zero.getAttribute('data-kinds')).toBe('zero-window');
    expect(arrowOf(zero).getAttribute('stroke-dasharray')).toBe('2 3');
    expect(texts(zero)).toEqual(['1.700', 'ACK seq=1 ack=12 win=0 len=0', "zero window: the server's receive buffer is", '  full']);
  });

  it('has a legend for every style', () => {
    const legend = withClass(diagram(SESSION), 'g', 'legend')[0]!;
    expect(texts(legend)).toEqual([
      'client → server',
      'server → client',
      'ACK only (thin)',
      'RST: reset',
      'retransmission',
      'zero window (win=0)',
      '+150.0 ms on the time axis: a gap of that length, drawn shorter',
    ]);
  });

  it('draws an event from outside the capture (a signal from a log) at its time', () => {
    const document = diagram(SESSION, [{ timeMs: 3, text: 'SIGTERM (server log)' }]);
    const event = withClass(document, 'g', 'event')[0]!;
    expect(texts(event)).toEqual(['3.000', 'SIGTERM (server log)']);
    const y = Number(elements(event, 'line')[0]!.getAttribute('y1'));
    expect(y).toBeGreaterThan(Number(arrowOf(segments(document)[4]!).getAttribute('y1')));
    expect(y).toBeLessThan(Number(arrowOf(segments(document)[5]!).getAttribute('y1')));
  });
});

describe('diagrams from every kind of capture', () => {
  it.each(Object.entries(LINK))('draws the session from a pcap of link type %s', (_name, linkType) => {
    const document = diagram(SESSION, [], pcapFile(records(SESSION, linkType), linkType));
    expect(segments(document).map((segment) => segment.getAttribute('data-flags'))).toEqual(['SYN', 'SYN+ACK', 'ACK', 'PSH+ACK', 'PSH+ACK', 'FIN+ACK', 'FIN+ACK', 'ACK']);
  });

  it('draws the session from a pcapng Wireshark saved, over two interfaces', () => {
    const packets = SESSION.map((packet, i) => ({ interfaceId: i % 2, timeUs: packet.timeUs, data: records([packet], i % 2 ? LINK.LINUX_SLL2 : LINK.ETHERNET)[0]!.data }));
    const document = diagram(SESSION, [], pcapngSection([{ linkType: LINK.ETHERNET }, { linkType: LINK.LINUX_SLL2, tsresol: 9 }], packets));
    expect(segments(document).map((segment) => segment.getAttribute('data-len'))).toEqual(['0', '0', '0', '11', '49', '0', '0', '0']);
  });

  it('says so when the capture started after the handshake', () => {
    expect(texts(diagram(SESSION.slice(3)))).toContain('capture started after the handshake: numbers relative to the first packet seen');
  });
});


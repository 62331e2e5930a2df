/**
 * A ladder diagram of one captured TCP connection as a standalone SVG, drawn by the shared
 * sequence-diagram/ module: the client's and the server's lifelines, headed with
 * address:port, time running down beside an axis, one sloped arrow per segment. Long gaps
 * are compressed and marked (a 150 ms quiet period shows as a break labelled with its
 * length). Each arrow's <title> names the segment: direction, flags, seq, ack and length.
 */
import { sequenceSvg, type SequenceArrow, type Stroke } from '../sequence-diagram/sequence-svg';
import type { ArrowKind, Ladder, LadderArrow } from './ladder';
import type { Endpoint } from './tcp-connections';

const DASHES: Record<Exclude<ArrowKind, 'reset'>, string> = { retransmission: '7 4', 'zero-window': '2 3' };

export interface LadderSvgOptions {
  /** The line above the lifelines, e.g. "captures/lab.pcap, connection 1 of 2". */
  title: string;
  /** A second, smaller line under it. */
  subtitle?: string;
}

const endpointText = ({ address, port }: Endpoint): string => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);

function stroke(arrow: LadderArrow): Stroke {
  const reset = arrow.kinds.includes('reset');
  const control = arrow.packet.length > 0 || /SYN|FIN|RST/.test(arrow.packet.flags);
  const dash = arrow.kinds.find((kind): kind is keyof typeof DASHES => kind in DASHES);
  return {
    color: reset ? 'reset' : arrow.fromClient ? 'left' : 'right',
    width: reset ? 2.6 : control ? 1.8 : 1.1,
    ...(dash ? { dash: DASHES[dash] } : {}),
  };
}

/** The tooltip: direction, flags, seq, ack and length in words, then the time and what the arrow marks. */
function arrowTitle(arrow: LadderArrow): string {
  const { packet } = arrow;
  const ack = packet.ack === undefined ? 'no ack' : `ack ${packet.ack}`;
  const kinds = arrow.kinds.length > 0 ? ` [${arrow.kinds.join(', ')}]` : '';
  const notes = arrow.notes.length > 0 ? `; ${arrow.notes.join('; ')}` : '';
  return `packet ${packet.index}, ${packet.direction}: ${packet.flags}, seq ${packet.seq}, ${ack}, length ${packet.length}${kinds}, at ${packet.timeMs.toFixed(3)} ms${notes}`;
}

function sequenceArrow(arrow: LadderArrow): SequenceArrow {
  const { packet } = arrow;
  return {
    ...stroke(arrow),
    timeMs: packet.timeMs,
    fromLeft: arrow.fromClient,
    label: arrow.label,
    text: arrow.text,
    notes: arrow.notes,
    title: arrowTitle(arrow),
    data: [
      ['packet', String(packet.index)],
      ['direction', arrow.fromClient ? 'client-to-server' : 'server-to-client'],
      ['flags', packet.flags],
      ['seq', String(packet.seq)],
      ['ack', packet.ack === undefined ? '' : String(packet.ack)],
      ['len', String(packet.length)],
      ['kinds', arrow.kinds.join(' ')],
    ],
  };
}

const LEGEND: { label: string; stroke: Stroke }[] = [
  { label: 'client → server', stroke: { color: 'left', width: 1.8 } },
  { label: 'server → client', stroke: { color: 'right', width: 1.8 } },
  { label: 'ACK only (thin)', stroke: { color: 'left', width: 1.1 } },
  { label: 'RST: reset', stroke: { color: 'reset', width: 2.6 } },
  { label: 'retransmission', stroke: { color: 'text', width: 1.8, dash: DASHES.retransmission } },
  { label: 'zero window (win=0)', stroke: { color: 'text', width: 1.8, dash: DASHES['zero-window'] } },
];

/** The whole diagram, one connection. */
export function ladderSvg(ladder: Ladder, options: LadderSvgOptions): string {
  const summary = `Ladder diagram of a TCP connection between client ${endpointText(ladder.client)} and server ${endpointText(ladder.server)}: ${ladder.arrows.length} segments`;
  return sequenceSvg(
    {
      left: { label: 'client', detail: endpointText(ladder.client) },
      right: { label: 'server', detail: endpointText(ladder.server) },
      arrows: ladder.arrows.map(sequenceArrow),
      events: ladder.events,
    },
    {
      ...options,
      summary,
      description: `${summary}. ${[options.title, options.subtitle].filter(Boolean).join(' ')}. Time runs downward; each arrow's title names its direction, flags, sequence and acknowledgement numbers and length.`,
      axisLabel: 'time (ms)',
      timeDecimals: 3,
      ...(ladder.sawHandshake ? {} : { topNote: 'capture started after the handshake: numbers relative to the first packet seen' }),
      legend: LEGEND,
      gapNote: '+150.0 ms on the time axis: a gap of that length, drawn shorter',
    },
  );
}

/**
 * A failed stage's record drawn as a sequence diagram (sequence-diagram/), in the report's
 * language: the checker's clients on the left, the student's server on the right; connects,
 * the bytes each way (escaped as the trace shows them), FIN and RST as arrows; timeouts,
 * replies read and the program's start, output and exit as events across.
 */
import { escapePieces } from '../../protocol';
import type { Language } from '../../language';
import { sequenceSvg, type SequenceArrow, type SequenceEvent, type Stroke } from '../../sequence-diagram/sequence-svg';
import { ENDING_NAMES } from '../messages/diagnosis-texts';
import { CONNECT_FAILURES, HTML_TEXTS } from '../messages/html-texts';
import type { RecordedBytes, RecordEvent, StageResult } from '../model';
import { visibleText } from './visible-text';

/** How much of the bytes an arrow shows under it. */
const PREVIEW_CHARS = 56;

const CHECKER: Stroke = { color: 'left', width: 1.8 };
const SERVER: Stroke = { color: 'right', width: 1.8 };
const RESET: Stroke = { color: 'reset', width: 2.6 };

/** The bytes as the trace shows them: escaped, quoted, cut at PREVIEW_CHARS with an ellipsis. */
function bytesPreview(recorded: RecordedBytes): string {
  const pieces = escapePieces(Buffer.from(recorded.base64, 'base64'));
  let shown = '';
  for (const piece of pieces) {
    if ([...shown].length + [...piece.text].length > PREVIEW_CHARS) return `"${shown}"…`;
    shown += piece.text;
  }
  return `"${shown}"`;
}

function arrow(event: RecordEvent, stroke: Stroke, fromLeft: boolean, label: string, text: string[] = [], notes: string[] = []): SequenceArrow {
  return {
    ...stroke,
    timeMs: event.at,
    fromLeft,
    label,
    text,
    notes,
    title: [label, ...text, ...notes].join(' '),
    data: [['kind', event.kind]],
  };
}

function bytesArrow(event: RecordEvent & { bytes: RecordedBytes }, stroke: Stroke, fromLeft: boolean, label: string, language: Language): SequenceArrow {
  const notes = event.bytes.omitted > 0 ? [HTML_TEXTS[language].omitted({ bytes: event.bytes.omitted })] : [];
  return arrow(event, stroke, fromLeft, label, [bytesPreview(event.bytes)], notes);
}

function drawn(event: RecordEvent, language: Language): SequenceArrow | SequenceEvent | null {
  const say = HTML_TEXTS[language];
  const at = (text: string): SequenceEvent => ({ timeMs: event.at, text: visibleText(text) });
  switch (event.kind) {
    case 'step':
      return null;
    case 'connect':
      return arrow(event, CHECKER, true, say.connect({ client: event.client }), [event.address]);
    case 'connect-failed':
      return arrow(event, RESET, true, say.connectFailed({ client: event.client, reason: CONNECT_FAILURES[language][event.reason]() }));
    case 'send':
      return bytesArrow(event, CHECKER, true, say.send({ client: event.client, bytes: event.bytes.length }), language);
    case 'receive':
      return bytesArrow(event, SERVER, false, say.receive({ client: event.client, bytes: event.bytes.length }), language);
    case 'fin-sent':
      return arrow(event, CHECKER, true, say.finSent({ client: event.client }));
    case 'fin-received':
      return arrow(event, SERVER, false, say.finReceived({ client: event.client }));
    case 'rst-sent':
      return arrow(event, RESET, true, say.rstSent({ client: event.client }));
    case 'rst-received':
      return arrow(event, RESET, false, say.rstReceived({ client: event.client }));
    case 'timeout':
      return at(say.timeout({ client: event.client, ms: Math.round(event.waitedMs) }));
    case 'reply':
      return at(say.reply({ client: event.client, ending: ENDING_NAMES[language][event.ending](), ms: Math.round(event.elapsedMs) }));
    case 'program-start':
      return at(say.programStart());
    case 'program-output':
      return at(`[your_server] ${event.line}`);
    case 'program-exit':
      return at(event.signal !== null ? say.programKilled({ signal: event.signal }) : say.programExit({ code: event.code ?? 0 }));
  }
}

/** The stage's diagram as inline SVG, or null when its record holds nothing to draw. */
export function recordDiagram(stage: StageResult, target: string, language: Language): string | null {
  const say = HTML_TEXTS[language];
  const items = stage.record.map((event) => drawn(event, language)).filter((item) => item !== null);
  const arrows = items.filter((item): item is SequenceArrow => 'fromLeft' in item);
  const events = items.filter((item): item is SequenceEvent => !('fromLeft' in item));
  if (arrows.length === 0 && events.length === 0) return null;
  return sequenceSvg(
    { left: { label: 'charcount-check', detail: say.checker() }, right: { label: say.yourServer(), detail: visibleText(target).slice(0, 32) }, arrows, events },
    {
      title: visibleText(`${stage.id}: ${stage.title}`),
      summary: say.diagramSummary({ stage: stage.id, arrows: arrows.length }),
      description: say.diagramDescription(),
      axisLabel: say.axis(),
      timeDecimals: 0,
      legend: [
        { label: say.legendChecker(), stroke: CHECKER },
        { label: say.legendServer(), stroke: SERVER },
        { label: say.legendReset(), stroke: RESET },
      ],
      gapNote: say.legendGap(),
    },
  );
}

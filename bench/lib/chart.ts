/** The chart of lab-notes/performance.md: each peer's throughput relative to C, per scenario, on a log scale. */
import { generatorBound, num } from './format';
import { PEER_LABELS, type PeerId } from './peer-labels';
import { find, headline, type BenchResults } from './results';

const PEER_ORDER: PeerId[] = ['ours', 'ours-on', 'c', 'python', 'naive', 'sink'];

interface Bar {
  peer: PeerId;
  value: number;
  text: string;
  bound: boolean;
}

const COLORS: Record<PeerId, string> = { ours: '#2f6fdf', 'ours-on': '#14407f', 'ours-2w': '#7fa8ef', c: '#555555', python: '#e0a100', naive: '#d0453a', 'naive-nodelay': '#f0908a', sink: '#4caf50' };

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Throughput of each peer relative to C, per scenario, on a log scale. */
export function renderSvg(results: BenchResults): string {
  const groups: { label: string; bars: Bar[] }[] = [];
  for (const s of results.scenarios) {
    if (['big', 'idle', 'classic'].includes(s.id)) continue;
    const c = find(results, s.id, 'c');
    const cValue = s.id === 'pingpong' ? c?.msgsPerSec?.median : headline(s.id, c).value;
    if (!cValue) continue;
    const bars: Bar[] = [];
    for (const peer of PEER_ORDER) {
      if (peer === 'c') continue;
      const x = find(results, s.id, peer);
      const v = s.id === 'pingpong' ? x?.msgsPerSec?.median : headline(s.id, x).value;
      if (!v) continue;
      // A generator-bound ratio is not a result: no bar, only the words.
      const bound = generatorBound(x) || generatorBound(c);
      bars.push({ peer, value: v / cValue, text: bound ? `${PEER_LABELS[peer]}: generator-bound, not a result` : `${num(v / cValue, 2)}×`, bound });
    }
    const unit = s.id === 'lines1m' ? 'MB/s' : s.id === 'churn' ? 'connections/s' : 'msg/s';
    groups.push({ label: `${s.number}. ${s.title} (${unit})`, bars });
  }
  const all = groups.flatMap((g) => g.bars.filter((b) => !b.bound).map((b) => b.value));
  const minLog = Math.floor(Math.log10(Math.min(0.1, ...all)));
  const maxLog = Math.max(0.5, Math.log10(Math.max(1.5, ...all)));
  const left = 20;
  const plotLeft = 20;
  const plotWidth = 560;
  const width = plotLeft + plotWidth + 120;
  const barH = 13;
  const x = (v: number): number => plotLeft + ((Math.log10(v) - minLog) / (maxLog - minLog)) * plotWidth;
  const parts: string[] = [];
  let y = 72;
  for (const g of groups) {
    parts.push(`<text x="${left}" y="${y}" class="g">${escapeXml(g.label)}</text>`);
    y += 6;
    for (const b of g.bars) {
      if (b.bound) {
        parts.push(`<text x="${plotLeft + 4}" y="${y + barH - 3}" class="v">${escapeXml(b.text)}</text>`);
      } else {
        const w = Math.max(1, x(b.value) - plotLeft);
        parts.push(`<rect x="${plotLeft}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${COLORS[b.peer]}"><title>${escapeXml(PEER_LABELS[b.peer])}: ${b.text}</title></rect>`);
        parts.push(`<text x="${(plotLeft + w + 4).toFixed(1)}" y="${y + barH - 3}" class="v">${b.text}</text>`);
      }
      y += barH + 2;
    }
    y += 16;
  }
  const height = y + 20;
  const ticks: string[] = [];
  for (let e = minLog; e <= Math.floor(maxLog); e++) {
    const v = 10 ** e;
    const tx = x(v);
    ticks.push(`<line x1="${tx.toFixed(1)}" y1="54" x2="${tx.toFixed(1)}" y2="${height - 22}" class="${e === 0 ? 'one' : 'grid'}"/>`);
    ticks.push(`<text x="${tx.toFixed(1)}" y="${height - 8}" class="t">${v >= 1 ? v : v.toString()}×</text>`);
  }
  const legend = PEER_ORDER.filter((p) => p !== 'c' && groups.some((g) => g.bars.some((b) => b.peer === p)))
    .map((p, i) => `<rect x="${left + (i % 3) * 235}" y="${24 + Math.floor(i / 3) * 14}" width="10" height="10" fill="${COLORS[p]}"/><text x="${left + (i % 3) * 235 + 14}" y="${33 + Math.floor(i / 3) * 14}" class="l">${escapeXml(PEER_LABELS[p])}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">
<style>.g{font-size:12px;font-weight:bold;fill:#222}.v{font-size:11px;fill:#222}.t{font-size:11px;fill:#555;text-anchor:middle}.l{font-size:11px;fill:#222}.grid{stroke:#ddd}.one{stroke:#555;stroke-dasharray:4 3}</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="${left}" y="16" font-size="13" font-weight="bold">Throughput relative to the C epoll server in the same run (log scale; C = 1×, dashed)</text>
${legend}
${ticks.join('\n')}
${parts.join('\n')}
</svg>
`;
}

/**
 * What the trace says when a probe's write fails or its probe agent is gone, from the facts
 * the probes give (checker/probe/connection-lost.ts), in both languages. The operating
 * system's own words and the agent's technical detail stay as they came, quoted.
 */
import { bilingual, type Language } from '../../language';
import { ENGINE_TEXTS } from '../engine/engine-texts';
import { ConnectionLost, ProbeAgentGone, type AgentGoneKind } from '../probe/connection-lost';

const quoted = (text: string | null): string => (text === null ? '' : ` ("${text}")`);

const AGENT_GONE: Record<Language, Record<AgentGoneKind, string>> = {
  en: { ended: 'its pipe ended', failed: 'its pipe failed', garbled: 'it sent something that is not an answer', closed: 'the checker had closed it' },
  id: { ended: 'pipanya berakhir', failed: 'pipanya gagal', garbled: 'agen mengirim sesuatu yang bukan jawaban', closed: 'pemeriksa sudah menutupnya' },
};

/** The pipe's error, or what the agent sent instead of an answer, quoted; nothing for an agent that simply ended. */
const detailOf = (p: { kind: AgentGoneKind; detail: string }): string => (p.kind === 'failed' || p.kind === 'garbled' ? `: "${p.detail}"` : '');

export const PROBE_TEXTS = bilingual({
  /** As in "expected to send 12 bytes, but got …". */
  gotReset: {
    en: (p: { osError: string | null }) => `a connection the server had already reset (RST)${quoted(p.osError)}`,
    id: (p) => `koneksi yang sudah di-reset oleh server (RST)${quoted(p.osError)}`,
  },
  gotClosed: {
    en: () => 'a connection that was already closed',
    id: () => 'koneksi yang sudah tertutup',
  },
  gotWriteFailed: {
    en: (p: { osError: string | null }) => `a write the operating system refused${quoted(p.osError)}`,
    id: (p) => `penulisan yang ditolak oleh sistem operasi${quoted(p.osError)}`,
  },
  /** A fact, as in "an error inside the checker: …; please report it". */
  agentGone: {
    en: (p: { kind: AgentGoneKind; detail: string }) => `the checker's probe agent has stopped (${AGENT_GONE.en[p.kind]}${detailOf(p)})`,
    id: (p: { kind: AgentGoneKind; detail: string }) => `agen probe milik pemeriksa telah berhenti (${AGENT_GONE.id[p.kind]}${detailOf(p)})`,
  },
  /** Any other error, its message quoted as the program gave it. */
  gotOtherError: {
    en: (p: { message: string }) => `an error: "${p.message}"`,
    id: (p) => `error: "${p.message}"`,
  },
});

/** A failed write (or writes) as the trace says it after "but got". */
export function describeWriteError(language: Language, error: unknown): string {
  const say = PROBE_TEXTS[language];
  if (error instanceof ConnectionLost) {
    if (error.kind === 'reset') return say.gotReset({ osError: error.osError });
    if (error.kind === 'closed') return say.gotClosed();
    return say.gotWriteFailed({ osError: error.osError });
  }
  if (error instanceof ProbeAgentGone) return ENGINE_TEXTS[language].gotCheckerError({ error: say.agentGone({ kind: error.kind, detail: error.detail }) });
  return say.gotOtherError({ message: error instanceof Error ? error.message : String(error) });
}

/** An error the stage did not expect, for "an error inside the checker: …": the agent's end in words, anything else quoted. */
export function describeUnexpectedError(language: Language, error: unknown): string {
  if (error instanceof ProbeAgentGone) return PROBE_TEXTS[language].agentGone({ kind: error.kind, detail: error.detail });
  return `"${error instanceof Error ? error.message : String(error)}"`;
}

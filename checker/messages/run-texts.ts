/** The lines charcount-check itself says around a check (an interruption, a report it cannot write), in both languages. */
import { bilingual, type Language } from '../../language';

export const RUN_TEXTS = bilingual({
  interrupted: {
    en: () => 'interrupted; stopping your server',
    id: () => 'dihentikan; server Anda sedang dihentikan',
  },
  /** The operating system's error code (ENOENT, EACCES) is quoted as it said it. */
  cannotWriteReport: {
    en: (p: { file: string; error: string }) => `cannot write the report to ${p.file}: ${p.error}; check --out`,
    id: (p) => `laporan tidak dapat ditulis ke ${p.file}: ${p.error}; periksa --out`,
  },
  /** A bug of the checker's own: its error message quoted, the stack on the lines after. */
  internalError: {
    en: (p: { error: string }) => `internal error of the checker, please report it with the lines below: "${p.error}"`,
    id: (p) => `error internal pada pemeriksa; mohon laporkan beserta baris-baris di bawah ini: "${p.error}"`,
  },
});

/** What charcount-check prints for an error of its own: one line in the reader's language, then the stack as Node gave it. */
export function internalErrorLines(error: unknown, language: Language): string[] {
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error && error.stack !== undefined ? error.stack.split('\n') : [];
  return [RUN_TEXTS[language].internalError({ error: message.split('\n')[0]! }), ...stack];
}

/** The lines charcount-check itself says around a check (an interruption, a report it cannot write), in both languages. */
import { bilingual } from '../../language';

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
});

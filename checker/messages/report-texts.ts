/**
 * The words every report format puts around a stage's own texts: the header, the lines of a
 * failure's findings and hint, the start error, the summary, and the platform exports' extra
 * lines. Status words (PASS, FAIL, SKIP), stage ids and option names stay English in both
 * languages: students grep for them, and rubrics name them.
 */
import { bilingual } from '../../language';

export const REPORT_TEXTS = bilingual({
  header: {
    en: (p: { target: string; level: string; seed: number }) => `charcount-check: checking ${p.target} (level ${p.level}, seed ${p.seed})`,
    id: (p) => `charcount-check: memeriksa ${p.target} (tingkat ${p.level}, seed ${p.seed})`,
  },
  startError: {
    en: (p: { reason: string }) => `could not check the server: ${p.reason}`,
    id: (p) => `server tidak dapat diperiksa: ${p.reason}`,
  },
  summary: {
    en: (p: { score: number; maxScore: number; passed: number; failed: number; skipped: number; seed: number }) =>
      `score ${p.score}/${p.maxScore}, ${p.passed} passed, ${p.failed} failed, ${p.skipped} skipped; seed ${p.seed} (rerun with --seed ${p.seed})`,
    id: (p) => `skor ${p.score}/${p.maxScore}, ${p.passed} lulus, ${p.failed} gagal, ${p.skipped} dilewati; seed ${p.seed} (ulangi dengan --seed ${p.seed})`,
  },
  /** One cause the checker found, in a failure's trace, before the hint. */
  finding: {
    en: (p: { text: string }) => `found: ${p.text}`,
    id: (p) => `ditemukan: ${p.text}`,
  },
  hint: {
    en: (p: { text: string; link: string }) => `hint: ${p.text} (${p.link})`,
    id: (p) => `petunjuk: ${p.text} (${p.link})`,
  },
  /** Gradescope's top-level output, for a stage that does not apply to this target. */
  notScoredHere: {
    en: (p: { stage: string; why: string }) => `not scored here: ${p.stage}: ${p.why}`,
    id: (p) => `tidak dinilai di sini: ${p.stage}: ${p.why}`,
  },
});

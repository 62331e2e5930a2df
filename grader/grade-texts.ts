/**
 * What the grader itself says about one submission, in both languages: the reasons in
 * grades.json, grades.csv, the report and the feedback when the kit (or Docker) failed or the
 * time ran out. The checker's own texts come from the checker; Docker's words are quoted as
 * they came.
 */
import { bilingual } from '../language';

export const GRADE_TEXTS = bilingual({
  graderFailed: {
    en: (p: { why: string }) => `the grader failed on this submission (${p.why}); please report it, and grade it again with --force`,
    id: (p) => `penilai gagal pada kiriman ini (${p.why}); laporkan masalah ini, lalu nilai ulang dengan --force`,
  },
  dockerFailed: {
    en: (p: { why: string }) =>
      `Docker failed while grading this submission, which is not the submission's fault (Docker said: ${p.why}); check Docker (disk space, docker info), then grade it again with --force`,
    id: (p) =>
      `Docker gagal saat menilai kiriman ini, dan itu bukan kesalahan kiriman (kata Docker: ${p.why}); periksa Docker (ruang disk, docker info), lalu nilai ulang dengan --force`,
  },
  timedOut: {
    en: (p: { seconds: number }) =>
      `the whole check took longer than the ${p.seconds} s a submission may take (build, starts and stages together), so it was stopped`,
    id: (p) => `seluruh pemeriksaan memakan waktu lebih dari ${p.seconds} detik yang diberikan untuk satu kiriman (build, setiap start, dan semua tahap), sehingga dihentikan`,
  },
  notApplicable: {
    en: (p: { why: string }) => `not applicable: ${p.why}`,
    id: (p) => `tidak berlaku: ${p.why}`,
  },
  notRun: {
    en: (p: { reason: string; stage: string }) => `not run: ${p.reason} during stage ${p.stage}`,
    id: (p) => `tidak dijalankan: ${p.reason} pada tahap ${p.stage}`,
  },
  nothingHandedIn: {
    en: () => 'nothing was handed in',
    id: () => 'tidak ada yang dikumpulkan',
  },
  notInDownload: {
    en: () => 'no submission was found in the download for this participant of the grading worksheet',
    id: () => 'tidak ada kiriman peserta lembar penilaian ini dalam unduhan',
  },
  hint: {
    en: (p: { text: string; link: string }) => `hint: ${p.text} (${p.link})`,
    id: (p) => `petunjuk: ${p.text} (${p.link})`,
  },
});

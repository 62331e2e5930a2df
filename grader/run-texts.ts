/**
 * What charcount-grade prints while it runs, in both languages: the run's first line, each
 * finished submission's line, warnings, the summary, Ctrl-C. Status words (graded, error,
 * missing), stage ids, file names and commands stay English: they are what the files hold.
 */
import { bilingual } from '../language';

export const RUN_TEXTS = bilingual({
  started: {
    en: (p: { count: number; from: string; kind: string; level: string; seed: number; jobs: number; label: string }) =>
      `charcount-grade: ${p.count} submissions from ${p.from} (${p.kind}); level ${p.level}, seed ${p.seed}, ${p.jobs} at once; containers labelled ${p.label}`,
    id: (p) => `charcount-grade: ${p.count} kiriman dari ${p.from} (${p.kind}); level ${p.level}, seed ${p.seed}, ${p.jobs} sekaligus; label container ${p.label}`,
  },
  settingsChanged: {
    en: (p: { out: string }) => `the level, rubric, limits, seed, expected reply or language differ from the last run in ${p.out}: every submission is graded again`,
    id: (p) => `level, rubrik, batas, seed, balasan yang dituntut, atau bahasa berbeda dengan penilaian terakhir di ${p.out}: setiap kiriman dinilai ulang`,
  },
  noSubmissions: {
    en: (p: { from: string }) => `${p.from} holds no student folders; give the folder (or .zip) with one folder per student`,
    id: (p) => `${p.from} tidak berisi folder mahasiswa; berikan folder (atau .zip) yang berisi satu folder per mahasiswa`,
  },
  warning: { en: (p: { text: string }) => `warning: ${p.text}`, id: (p) => `peringatan: ${p.text}` },
  retrying: {
    en: (p: { name: string; reason: string }) => `retrying ${p.name} once: ${p.reason}`,
    id: (p) => `mencoba ${p.name} sekali lagi: ${p.reason}`,
  },
  interrupted: {
    en: (p: { done: number; total: number; out: string }) =>
      `interrupted: every container of the run is removed, and the images it built; ${p.done} of ${p.total} submissions are done and kept in ${p.out} (run the same command again to grade the rest)`,
    id: (p) =>
      `dihentikan: semua container penilaian ini sudah dihapus, begitu pula image yang dibangunnya; ${p.done} dari ${p.total} kiriman selesai dan disimpan di ${p.out} (jalankan perintah yang sama lagi untuk menilai sisanya)`,
  },
  worksheetWritten: {
    en: (p: { file: string; filled: number; ungraded: number }) =>
      `wrote ${p.file}: ${p.filled} grades filled in, ${p.ungraded} participants left without one (the comment says why); upload it with "Upload grading worksheet"`,
    id: (p) =>
      `menulis ${p.file}: ${p.filled} nilai diisi, ${p.ungraded} peserta dibiarkan tanpa nilai (komentarnya menyebut penyebabnya); unggah dengan "Upload grading worksheet" di Moodle`,
  },
  worksheetUnreadable: {
    en: (p: { file: string; why: string }) => `cannot read --moodle-worksheet ${p.file} (${p.why}); give the CSV file from Moodle's "Download grading worksheet"`,
    id: (p) => `--moodle-worksheet ${p.file} tidak dapat dibaca (${p.why}); berikan file CSV dari "Download grading worksheet" di Moodle`,
  },
  worksheetProblem: {
    en: (p: { file: string; problem: string }) => `--moodle-worksheet ${p.file}: ${p.problem}`,
    id: (p) => `--moodle-worksheet ${p.file}: ${p.problem}`,
  },
  finished: {
    en: (p: { graded: number; total: number; errors: number; absent: number; reused: number; seconds: string; grades: string }) =>
      `graded ${p.graded} of ${p.total} submissions (${p.errors} could not be graded${p.absent > 0 ? `, ${p.absent} of them participants of the worksheet with nothing in the download` : ''}, ` +
      `${p.reused} unchanged since the last run) in ${p.seconds} s; wrote ${p.grades}, grades.csv, report.html and feedback/`,
    id: (p) =>
      `menilai ${p.graded} dari ${p.total} kiriman (${p.errors} tidak dapat dinilai${p.absent > 0 ? `, ${p.absent} di antaranya peserta lembar penilaian yang tidak ada di unduhan` : ''}, ` +
      `${p.reused} tidak berubah sejak penilaian terakhir) dalam ${p.seconds} detik; menulis ${p.grades}, grades.csv, report.html, dan feedback/`,
  },
  // One finished submission: "[3/8] bob: 5/8, failed count-unicode, long-message (5.2 s)".
  unchanged: { en: () => 'unchanged since the last run (not graded again)', id: () => 'tidak berubah sejak penilaian terakhir (tidak dinilai ulang)' },
  allPassed: { en: () => 'every stage passed', id: () => 'semua tahap lulus' },
  failedStages: { en: (p: { stages: string }) => `failed ${p.stages}`, id: (p) => `gagal di ${p.stages}` },
  andMore: { en: (p: { shown: string; more: number }) => `${p.shown} and ${p.more} more`, id: (p) => `${p.shown}, dan ${p.more} lagi` },
  seconds: { en: (p: { seconds: string }) => `${p.seconds} s`, id: (p) => `${p.seconds} detik` },
  bar: { en: () => 'grading', id: () => 'menilai' },
  // Ctrl-C and the other signals that stop a run.
  stopping: {
    en: (p: { signal: string }) => `charcount-grade: ${p.signal}: stopping; removing the run's containers and images (again to quit at once)`,
    id: (p) => `charcount-grade: ${p.signal}: berhenti; menghapus container dan image penilaian ini (tekan lagi untuk langsung keluar)`,
  },
  quitEarly: {
    en: (p: { label: string }) => `charcount-grade: quit before cleaning up; remove what is left with: docker rm -f $(docker ps -aq --filter label=${p.label})`,
    id: (p) => `charcount-grade: keluar sebelum membersihkan; hapus sisanya dengan: docker rm -f $(docker ps -aq --filter label=${p.label})`,
  },
  internalError: {
    en: (p: { stack: string }) => `charcount-grade: internal error, please report it: ${p.stack}`,
    id: (p) => `charcount-grade: kesalahan internal, mohon laporkan: ${p.stack}`,
  },
});

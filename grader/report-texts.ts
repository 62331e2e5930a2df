/**
 * Every word report.html shows the instructor, in both languages: headings, the summary, the
 * settings, the table's headings and cells, the charts' labels and titles, the stage lists.
 * Stage ids, status values in the files and commands stay English.
 */
import { bilingual } from '../language';

/** "1 submission", "3 submissions"; Indonesian has one form. */
const submissionsEn = (count: number): string => `${count} submission${count === 1 ? '' : 's'}`;

export const REPORT_TEXTS = bilingual({
  title: {
    en: (p: { level: string; seed: number }) => `charcount-grade report: level ${p.level}, seed ${p.seed}`,
    id: (p) => `laporan charcount-grade: level ${p.level}, seed ${p.seed}`,
  },
  heading: { en: () => 'charcount-grade report', id: () => 'Laporan charcount-grade' },
  summary: {
    en: (p: { total: number; graded: number; errors: number; mean: string; median: string; full: number }) =>
      `${submissionsEn(p.total)}: ${p.graded} graded, ${p.errors} ${p.errors === 1 ? 'error' : 'errors'}; mean score ${p.mean}, median ${p.median}, ${p.full} with full marks`,
    id: (p) => `${p.total} kiriman: ${p.graded} dinilai, ${p.errors} error; nilai rata-rata ${p.mean}, median ${p.median}, ${p.full} dengan nilai penuh`,
  },
  scoreDistribution: { en: () => 'Score distribution', id: () => 'Sebaran nilai' },
  passRates: { en: () => 'Pass rate of each stage', id: () => 'Tingkat kelulusan setiap tahap' },
  whoFailed: { en: () => 'Who did not pass each stage', id: () => 'Siapa yang tidak lulus setiap tahap' },
  whoFailedHelp: {
    en: () => "Click a stage for the list of students; a name opens that student's feedback file.",
    id: () => 'Klik sebuah tahap untuk melihat daftar mahasiswanya; sebuah nama membuka file umpan balik mahasiswa itu.',
  },
  submissions: { en: () => 'Submissions', id: () => 'Kiriman' },
  submissionsHelp: {
    en: () => "Click a heading to sort by it; a name opens that student's feedback file (the folder's name on hover). Errors and missing submissions have no score.",
    id: () =>
      'Klik judul kolom untuk mengurutkan menurut kolom itu; sebuah nama membuka file umpan balik mahasiswa itu (nama foldernya tampil saat kursor di atasnya). Kiriman dengan error dan yang tidak dikumpulkan tidak mempunyai nilai.',
  },
  settings: { en: () => 'Settings', id: () => 'Pengaturan' },
  // The settings list: its terms, then its values.
  level: { en: () => 'level', id: () => 'level' },
  seed: { en: () => 'seed', id: () => 'seed' },
  jobs: { en: () => 'jobs', id: () => 'bersamaan' },
  rubric: { en: () => 'rubric', id: () => 'rubrik' },
  limits: { en: () => 'limits', id: () => 'batas' },
  started: { en: () => 'started', id: () => 'mulai' },
  finished: { en: () => 'finished', id: () => 'selesai' },
  checker: { en: () => 'checker', id: () => 'pemeriksa' },
  replaysInputs: { en: () => "replays a student's inputs", id: () => 'mengulangi masukan seorang mahasiswa' },
  noRubric: { en: () => 'none (every stage worth 1 point)', id: () => 'tidak ada (setiap tahap bernilai 1 poin)' },
  versionUnknown: { en: () => 'version unknown', id: () => 'versi tidak diketahui' },
  memory: { en: (p: { mib: string }) => `memory ${p.mib} MiB`, id: (p) => `memori ${p.mib} MiB` },
  processes: { en: (p: { count: number }) => `${p.count} processes`, id: (p) => `${p.count} proses` },
  cpu: { en: (p: { share: string }) => `${p.share} CPU`, id: (p) => `${p.share} CPU` },
  tmp: { en: (p: { mib: string }) => `/tmp ${p.mib} MiB`, id: (p) => `/tmp ${p.mib} MiB` },
  buildLimit: { en: (p: { time: string }) => `build ${p.time}`, id: (p) => `build ${p.time}` },
  startLimit: { en: (p: { time: string }) => `start ${p.time}`, id: (p) => `mulai ${p.time}` },
  stageLimit: { en: (p: { time: string }) => `stage ${p.time}`, id: (p) => `tahap ${p.time}` },
  submissionLimit: { en: (p: { time: string }) => `submission ${p.time}`, id: (p) => `kiriman ${p.time}` },
  outputKept: { en: (p: { kib: string }) => `output kept ${p.kib} KiB`, id: (p) => `keluaran disimpan ${p.kib} KiB` },
  seconds: { en: (p: { seconds: string }) => `${p.seconds} s`, id: (p) => `${p.seconds} detik` },
  // The table: headings, their tooltips, and the cells.
  submissionHeading: { en: () => 'submission', id: () => 'kiriman' },
  submissionTip: { en: () => 'the submission folder; the link opens its feedback file', id: () => 'folder kiriman; tautannya membuka file umpan baliknya' },
  statusHeading: { en: () => 'status', id: () => 'status' },
  statusTip: {
    en: () => 'graded; error when the kit could not run it (no grade, never a 0); missing when nothing was handed in',
    id: () => 'dinilai; error jika kit tidak dapat menjalankannya (tanpa nilai, tidak pernah 0); tidak ada jika tidak ada yang dikumpulkan',
  },
  graded: { en: () => 'graded', id: () => 'dinilai' },
  error: { en: () => 'error', id: () => 'error' },
  missing: { en: () => 'missing', id: () => 'tidak ada' },
  fileHeading: { en: () => 'file', id: () => 'file' },
  fileTip: { en: () => 'the file that ran; hover for why that one', id: () => 'file yang dijalankan; arahkan kursor untuk melihat alasannya' },
  timeHeading: { en: () => 'time', id: () => 'waktu' },
  timeTip: { en: () => 'how long its check took, build included', id: () => 'lama pemeriksaannya, termasuk build' },
  scoreHeading: { en: () => 'score', id: () => 'nilai' },
  scoreTip: { en: () => 'points earned out of the maximum', id: () => 'poin yang diperoleh dari poin maksimum' },
  percentTip: { en: () => 'score as a percentage of the maximum', id: () => 'nilai sebagai persentase dari maksimum' },
  reasonHeading: { en: () => 'reason', id: () => 'penyebab' },
  reasonTip: { en: () => 'why it could not be graded, or why it earned nothing', id: () => 'mengapa kiriman tidak dapat dinilai, atau mengapa tidak memperoleh poin' },
  pass: { en: () => 'pass', id: () => 'lulus' },
  fail: { en: () => 'fail', id: () => 'gagal' },
  notRun: { en: () => 'not run', id: () => 'tidak dijalankan' },
  notApplicable: { en: () => 'n/a', id: () => 't/b' },
  // The charts.
  scoreBar: {
    en: (p: { range: string; count: number }) => `score ${p.range}: ${submissionsEn(p.count)}`,
    id: (p) => `nilai ${p.range}: ${p.count} kiriman`,
  },
  errorBar: { en: (p: { count: number }) => `not graded (error): ${submissionsEn(p.count)}`, id: (p) => `tidak dinilai (error): ${p.count} kiriman` },
  missingBar: { en: (p: { count: number }) => `nothing handed in: ${submissionsEn(p.count)}`, id: (p) => `tidak ada yang dikumpulkan: ${p.count} kiriman` },
  scoreChartTitle: { en: () => 'Score distribution: submissions per score', id: () => 'Sebaran nilai: jumlah kiriman per nilai' },
  stageRate: {
    en: (p: { id: string; passed: number; scored: number; percent: string }) =>
      `${p.id}: passed by ${p.passed} of ${p.scored} graded submission${p.scored === 1 ? '' : 's'} (${p.percent})`,
    id: (p) => `${p.id}: lulus oleh ${p.passed} dari ${p.scored} kiriman yang dinilai (${p.percent})`,
  },
  stageChartTitle: { en: () => 'Pass rate of each stage among graded submissions', id: () => 'Tingkat kelulusan setiap tahap di antara kiriman yang dinilai' },
  // The stage lists.
  notPassedBy: {
    en: (p: { failed: number; graded: number }) => `not passed by ${p.failed} student${p.failed === 1 ? '' : 's'} of ${p.graded}`,
    id: (p) => `tidak lulus: ${p.failed} dari ${p.graded} mahasiswa`,
  },
  everyonePassed: { en: () => 'everyone passed it', id: () => 'semua lulus' },
});

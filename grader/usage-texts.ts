/**
 * charcount-grade's --help and its usage errors, in both languages. Option names, status
 * words, file names and examples of commands stay English: they are what an instructor types
 * and reads in the files.
 */
import { bilingual } from '../language';

export interface GradeUsageFacts {
  cpus: number;
  memoryMib: number;
  pids: number;
  cpuShare: number;
  startTimeoutS: number;
  stageTimeoutS: number;
  submissionTimeoutS: number;
  outputKib: number;
  expectedReply: string;
}

export const GRADE_USAGE_TEXTS = bilingual({
  usage: {
    en: (p: GradeUsageFacts) => `usage: charcount-grade SUBMISSIONS [options]
  SUBMISSIONS                 a folder with one folder per student, or a .zip of such folders (an LMS
                              bulk download); each folder needs server.py (run on python:3.13-slim) or a
                              Dockerfile, and its name becomes the submission's name
options:
  --out DIR                   where grades.json, grades.csv, feedback/ and report.html go (default grades)
  --jobs N                    submissions graded at once (default: the number of CPUs, ${p.cpus} here)
  --level assignment|protocol the checker's level (default assignment)
  --rubric FILE               the rubric: points per stage, JSON {"listen": 1, "long-message": 3} (others are
                              worth 1), or version 2 {"version": 2, "points": {...}, "expectedReply": "... {n}"}
  --seed N                    the random inputs (default: the last run's in --out, else a new one)
  --force                     grade every submission again, even one unchanged since the last run in --out
  --entry GLOB                in every submission, run the one file that GLOB matches (e.g. 'soal1*.py');
                              a submission with no match is read as usual
  --entries FILE              a CSV file "submission,file": the file to run in one student's submission
                              (submission: the folder name, the participant id or the student's name)
  --moodle-worksheet FILE     Moodle's grading worksheet (CSV): write a copy with each grade and feedback
                              comment filled in, moodle-worksheet.csv in --out, ready to upload
  --lang id|en                the language of everything the grader says, the feedback and the report
                              (default: from LC_ALL, LC_MESSAGES, LANG, else the system's language)
  --notes-url URL             where the feedback's links to the lab notes point (default: CHARCOUNT_NOTES_URL,
                              else the repository's lab notes when package.json names it, else no links)
  --expected-reply TEMPLATE   the reply reply-text demands, {n} standing for the count (default: the
                              rubric's, else "${p.expectedReply}")
limits on each submission:
  --memory MIB                memory, /tmp included (default ${p.memoryMib})
  --pids N                    processes and threads (default ${p.pids})
  --cpus X                    CPU share, e.g. 0.5 (default ${p.cpuShare})
  --start-timeout S           how long the server may take to listen (default ${p.startTimeoutS})
  --stage-timeout S           how long one stage may take (default ${p.stageTimeoutS})
  --submission-timeout S      how long the whole submission may take, build included (default ${p.submissionTimeoutS})
  --output-kib N              how much of the server's output its feedback keeps (default ${p.outputKib})
  --help                      this text
exit codes: 0 every submission graded, 1 some could not be graded (status "error" in grades.json),
  2 usage error, 3 Docker or the checker's image is missing, 130 interrupted (Ctrl-C)`,
    id: (p) => `cara pakai: charcount-grade KIRIMAN [opsi]
  KIRIMAN                     folder berisi satu folder per mahasiswa, atau .zip berisi folder-folder itu
                              (unduhan massal dari LMS); setiap folder memerlukan server.py (dijalankan di
                              python:3.13-slim) atau Dockerfile, dan namanya menjadi nama kiriman
opsi:
  --out FOLDER                tempat grades.json, grades.csv, feedback/ dan report.html ditulis (bawaan grades)
  --jobs N                    jumlah kiriman yang dinilai bersamaan (bawaan: jumlah CPU, di sini ${p.cpus})
  --level assignment|protocol tingkat pemeriksa (bawaan assignment)
  --rubric FILE               rubrik: poin per tahap, JSON {"listen": 1, "long-message": 3} (tahap lain bernilai
                              1), atau versi 2 {"version": 2, "points": {...}, "expectedReply": "... {n}"}
  --seed N                    masukan acak (bawaan: milik penilaian terakhir di --out, atau yang baru)
  --force                     nilai ulang setiap kiriman, juga yang tidak berubah sejak penilaian terakhir di --out
  --entry GLOB                di setiap kiriman, jalankan satu file yang cocok dengan GLOB (misalnya 'soal1*.py');
                              kiriman tanpa file yang cocok dibaca seperti biasa
  --entries FILE              file CSV "submission,file": file yang dijalankan dari kiriman seorang mahasiswa
                              (submission: nama folder, ID peserta, atau nama mahasiswa)
  --moodle-worksheet FILE     lembar penilaian Moodle (CSV): tulis salinannya dengan nilai dan komentar umpan
                              balik setiap mahasiswa, moodle-worksheet.csv di --out, siap diunggah
  --lang id|en                bahasa semua yang dikatakan penilai, umpan balik, dan laporan (bawaan: dari
                              LC_ALL, LC_MESSAGES, LANG, atau bahasa sistem)
  --notes-url URL             alamat catatan praktikum yang ditautkan umpan balik (bawaan: CHARCOUNT_NOTES_URL,
                              atau catatan praktikum repositori jika package.json menyebutnya, jika tidak tanpa tautan)
  --expected-reply TEMPLAT    balasan yang dituntut reply-text, {n} menggantikan jumlahnya (bawaan: milik
                              rubrik, atau "${p.expectedReply}")
batas untuk setiap kiriman:
  --memory MIB                memori, termasuk /tmp (bawaan ${p.memoryMib})
  --pids N                    jumlah proses dan thread (bawaan ${p.pids})
  --cpus X                    bagian CPU, misalnya 0.5 (bawaan ${p.cpuShare})
  --start-timeout S           berapa lama server boleh bersiap sampai mendengarkan (bawaan ${p.startTimeoutS})
  --stage-timeout S           berapa lama satu tahap boleh berjalan (bawaan ${p.stageTimeoutS})
  --submission-timeout S      berapa lama seluruh kiriman boleh diperiksa, termasuk build (bawaan ${p.submissionTimeoutS})
  --output-kib N              berapa banyak keluaran server yang disimpan di umpan baliknya (bawaan ${p.outputKib})
  --help                      teks ini
kode keluar: 0 semua kiriman dinilai, 1 ada yang tidak dapat dinilai (status "error" di grades.json),
  2 kesalahan pemakaian, 3 Docker atau image pemeriksa tidak tersedia, 130 dihentikan (Ctrl-C)`,
  },
  unknownOption: {
    en: (p: { option: string }) => `unknown option ${p.option} (see --help)`,
    id: (p) => `opsi ${p.option} tidak dikenal (lihat --help)`,
  },
  missingValue: {
    en: (p: { option: string }) => `${p.option} needs a value, e.g. ${p.option} VALUE (see --help)`,
    id: (p) => `${p.option} memerlukan nilai, misalnya ${p.option} NILAI (lihat --help)`,
  },
  nothingToGrade: {
    en: () => 'nothing to grade; give the folder of submissions (one folder per student) or its .zip, e.g. charcount-grade submissions.zip',
    id: () => 'tidak ada yang dinilai; berikan folder kiriman (satu folder per mahasiswa) atau .zip-nya, misalnya charcount-grade submissions.zip',
  },
  severalClasses: {
    en: (p: { count: number; given: string }) => `give one folder or .zip of submissions, not ${p.count} (${p.given})`,
    id: (p) => `berikan satu folder atau .zip kiriman, bukan ${p.count} (${p.given})`,
  },
});

/**
 * What the Gradescope packager (npm run package:gradescope) says, in both languages: its
 * --help, its usage errors and its last line. Option names, file names and commands stay
 * English: they are what the instructor types.
 */
import { bilingual } from '../../language';

export const PACKAGE_TEXTS = bilingual({
  usage: {
    en: (p: { defaultOut: string; defaultReply: string }) => `usage: npm run package:gradescope -- [--out FILE] [--level assignment|protocol] [--rubric FILE] [--points N]
                                  [--expected-reply TEMPLATE] [--lang id|en]
  --out FILE                 where the zip goes (default ${p.defaultOut})
  --level L                  the checker's level for every submission (default assignment)
  --rubric FILE              the rubric: points per stage, JSON {"listen": 1, "long-message": 3} (others are
                             worth 1), or version 2 {"version": 2, "points": {...}, "expectedReply": "... {n}"}
  --points N                 the assignment's points in Gradescope: the stages' points (1 each, or the
                             rubric's) are scaled to add up to N
  --expected-reply TEMPLATE  the reply the assignment demands, {n} standing for the count (default: the
                             rubric's, else "${p.defaultReply}")
  --lang id|en               the language of the feedback students read (default: the checker's, from the image's locale)
Upload the zip as the autograder of a Gradescope programming assignment (see platforms/README.md).`,
    id: (p) => `cara pakai: npm run package:gradescope -- [--out FILE] [--level assignment|protocol] [--rubric FILE] [--points N]
                                       [--expected-reply TEMPLATE] [--lang id|en]
  --out FILE                 tempat zip ditulis (bawaan ${p.defaultOut})
  --level L                  tingkat pemeriksa untuk setiap kiriman (bawaan assignment)
  --rubric FILE              rubrik: poin per tahap, JSON {"listen": 1, "long-message": 3} (tahap lain
                             bernilai 1), atau versi 2 {"version": 2, "points": {...}, "expectedReply": "... {n}"}
  --points N                 poin tugas di Gradescope: poin tahap-tahap (masing-masing 1, atau menurut
                             rubrik) diskalakan agar jumlahnya N
  --expected-reply TEMPLATE  balasan yang dituntut tugas, {n} menggantikan jumlahnya (bawaan: yang ada di
                             rubrik, jika tidak ada "${p.defaultReply}")
  --lang id|en               bahasa umpan balik yang dibaca mahasiswa (bawaan: bahasa pemeriksa, dari locale image)
Unggah zip ini sebagai autograder sebuah programming assignment di Gradescope (lihat platforms/README.md).`,
  },
  unknownOption: {
    en: (p: { option: string }) => `unknown option ${p.option} (see --help)`,
    id: (p) => `opsi ${p.option} tidak dikenal (lihat --help)`,
  },
  missingValue: {
    en: (p: { option: string }) => `${p.option} needs a value, e.g. ${p.option} VALUE (see --help)`,
    id: (p) => `${p.option} memerlukan nilai, misalnya ${p.option} NILAI (lihat --help)`,
  },
  unexpectedArgument: {
    en: (p: { argument: string }) => `unexpected argument ${p.argument}: the packager takes only options (see --help)`,
    id: (p) => `argumen ${p.argument} tidak diharapkan: pembuat paket ini hanya menerima opsi (lihat --help)`,
  },
  notPoints: {
    en: (p: { value: string }) => `--points ${p.value} is not a number of points; give the assignment's points, e.g. --points 100`,
    id: (p) => `--points ${p.value} bukan jumlah poin; berikan poin tugas, misalnya --points 100`,
  },
  nothingToScale: {
    en: (p: { points: number; rubric: string }) => `--points ${p.points}: every stage is worth 0 points in ${p.rubric}, so there is nothing to scale; give some stage points`,
    id: (p) => `--points ${p.points}: setiap tahap bernilai 0 poin di ${p.rubric}, sehingga tidak ada yang dapat diskalakan; berikan poin pada beberapa tahap`,
  },
  wrongNode: {
    en: (p: { node: string; shared: boolean; major: number }) =>
      `the zip ships the Node binary running this packager, and this one (${p.node}${p.shared ? ', shared libraries' : ''}) would not run on Gradescope; run it under an official Node ${p.major} on Linux x64, e.g. docker run --rm -v "$PWD":/src -w /src node:24-trixie-slim npm run package:gradescope`,
    id: (p) =>
      `zip ini membawa program Node yang menjalankan pembuat paket ini, dan yang ini (${p.node}${p.shared ? ', pustaka bersama' : ''}) tidak akan berjalan di Gradescope; jalankan dengan Node ${p.major} resmi di Linux x64, misalnya docker run --rm -v "$PWD":/src -w /src node:24-trixie-slim npm run package:gradescope`,
  },
  lineBreak: {
    en: () => 'an option given to the checker holds a line break; give each on one line',
    id: () => 'sebuah opsi untuk pemeriksa memuat baris baru; tulis setiap opsi dalam satu baris',
  },
  /** The last line: what was written and what to do with it. */
  wrote: {
    en: (p: { out: string; megabytes: string; files: number; node: string; level: string; points: PointsSource; rubric: string | null; reply: string | null; maxPoints: number }) =>
      `wrote ${p.out} (${p.megabytes} MB, ${p.files} files: Node ${p.node}, charcount-check, level ${p.level}, ` +
      `${p.points === 'one-each' ? 'every stage worth 1 point' : p.points === 'scaled' ? 'points scaled' : `rubric ${p.rubric}`}` +
      `${p.reply === null ? '' : `, expected reply ${JSON.stringify(p.reply)}`}); upload it as a Gradescope programming assignment's autograder, with ${p.maxPoints} points`,
    id: (p: { out: string; megabytes: string; files: number; node: string; level: string; points: PointsSource; rubric: string | null; reply: string | null; maxPoints: number }) =>
      `${p.out} telah ditulis (${p.megabytes} MB, ${p.files} file: Node ${p.node}, charcount-check, tingkat ${p.level}, ` +
      `${p.points === 'one-each' ? 'setiap tahap bernilai 1 poin' : p.points === 'scaled' ? 'poin diskalakan' : `rubrik ${p.rubric}`}` +
      `${p.reply === null ? '' : `, balasan yang diharapkan ${JSON.stringify(p.reply)}`}); unggah zip ini sebagai autograder sebuah programming assignment di Gradescope, dengan ${p.maxPoints} poin`,
  },
  /** `error`: the first line of what went wrong, as the program or the operating system said it. */
  couldNotWrite: {
    en: (p: { error: string }) => `could not write the zip: ${p.error}`,
    id: (p) => `zip tidak dapat ditulis: "${p.error}"`,
  },
});

/** Where the stages' points come from: 1 each, scaled by --points, or the rubric's. */
export type PointsSource = 'one-each' | 'scaled' | 'rubric';

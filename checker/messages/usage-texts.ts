/**
 * charcount-check's --help and its usage errors, in both languages. Option names, stage ids,
 * format names and examples of commands stay English: they are what a student types.
 */
import { bilingual } from '../../language';

export interface UsageFacts {
  formats: string;
  stages: string;
  startTimeoutS: number;
  expectedReply: string;
}

export const USAGE_TEXTS = bilingual({
  usage: {
    en: (p: UsageFacts) => `usage:
  charcount-check [options] -- COMMAND [ARGS...]   start your server and check it, e.g. -- python3 server.py
  charcount-check [options] --host H [--port P]   check a server that is already running
  charcount-check [options] --submission DIR      build DIR (its Dockerfile, or server.py on python:3.13-slim)
                                                  into a container and check it there (needs Docker)
options:
  --level assignment|protocol   assignment (default): the assignment done right; protocol: the kit's whole protocol
  --port P                      the port your server listens on (default 12345; your program also gets PORT)
  --only ID[,ID...]             run only these stages
  --format ${p.formats}
                                the report's format (default text)
  --out FILE                    write the report to FILE (default: standard output)
  --rubric FILE                 points per stage, JSON: {"listen": 1, "long-message": 3}; others are worth 1
  --seed N                      replay the random inputs of an earlier run (every report prints its seed)
  --verbose                     show every byte exchanged
  --start-timeout S             how long your server may take to listen (default ${p.startTimeoutS})
  --expected-reply TEMPLATE     the reply reply-text demands, {n} standing for the count
                                (default "${p.expectedReply}")
  --lang id|en                  the language of everything the checker says (default: from LC_ALL, LC_MESSAGES,
                                LANG, else the system's language)
  --notes-url URL               where the lab notes that hints link to are (default: CHARCOUNT_NOTES_URL; else relative
                                paths in a clone; else the address the checker was built with)
  --version                     the checker's version
  --help                        this text
environment:
  CHARCOUNT_SUBMISSION=DIR      the folder to check when no target is given (the compose check service sets it)
  CHARCOUNT_NOTES_URL=URL       where hints link when no --notes-url is given (a lab PC, an LMS, .env for compose)
  NO_COLOR, FORCE_COLOR         colour of the status words, as most tools read them
exit codes: 0 every stage passed, 1 a stage failed, 2 usage error, 3 your server could not be started or built
stages: ${p.stages}`,
    id: (p) => `cara pakai:
  charcount-check [opsi] -- PERINTAH [ARGUMEN...]  jalankan server Anda dan periksa, misalnya -- python3 server.py
  charcount-check [opsi] --host H [--port P]      periksa server yang sudah berjalan
  charcount-check [opsi] --submission FOLDER      bangun FOLDER (Dockerfile-nya, atau server.py di python:3.13-slim)
                                                  menjadi container dan periksa di sana (memerlukan Docker)
opsi:
  --level assignment|protocol   assignment (bawaan): tugasnya dikerjakan dengan benar; protocol: seluruh protokol kit ini
  --port P                      port yang didengarkan server Anda (bawaan 12345; program Anda juga mendapat PORT)
  --only ID[,ID...]             jalankan tahap-tahap ini saja
  --format ${p.formats}
                                format laporan (bawaan text)
  --out FILE                    tulis laporan ke FILE (bawaan: keluaran standar)
  --rubric FILE                 poin per tahap, JSON: {"listen": 1, "long-message": 3}; tahap lain bernilai 1
  --seed N                      ulangi masukan acak dari pemeriksaan sebelumnya (setiap laporan mencetak seed-nya)
  --verbose                     tampilkan setiap byte yang dipertukarkan
  --start-timeout S             berapa lama server Anda boleh bersiap sampai mendengarkan (bawaan ${p.startTimeoutS})
  --expected-reply TEMPLAT      balasan yang dituntut reply-text, {n} menggantikan jumlahnya
                                (bawaan "${p.expectedReply}")
  --lang id|en                  bahasa semua yang dikatakan pemeriksa (bawaan: dari LC_ALL, LC_MESSAGES, LANG,
                                atau bahasa sistem)
  --notes-url URL               lokasi catatan praktikum yang ditautkan petunjuk (bawaan: CHARCOUNT_NOTES_URL; atau path
                                relatif di clone repositori; atau alamat yang dibawa pemeriksa sejak di-build)
  --version                     versi pemeriksa
  --help                        teks ini
variabel lingkungan:
  CHARCOUNT_SUBMISSION=FOLDER   folder yang diperiksa jika tidak ada target yang diberikan (diisi oleh layanan check di compose)
  CHARCOUNT_NOTES_URL=URL       tujuan tautan petunjuk jika --notes-url tidak diberikan (PC lab, LMS, .env untuk compose)
  NO_COLOR, FORCE_COLOR         warna kata status, seperti dibaca kebanyakan program
kode keluar: 0 semua tahap lulus, 1 ada tahap yang gagal, 2 kesalahan pemakaian, 3 server Anda tidak dapat dijalankan atau dibangun
tahap: ${p.stages}`,
  },
  unknownOption: {
    en: (p: { option: string }) => `unknown option ${p.option}; to start a program, put it after --, e.g. charcount-check -- python3 server.py (see --help)`,
    id: (p) => `opsi ${p.option} tidak dikenal; untuk menjalankan program, tulis sesudah --, misalnya charcount-check -- python3 server.py (lihat --help)`,
  },
  missingValue: {
    en: (p: { option: string }) => `${p.option} needs a value, e.g. ${p.option} VALUE (see --help)`,
    id: (p) => `${p.option} memerlukan nilai, misalnya ${p.option} NILAI (lihat --help)`,
  },
  unexpectedArgument: {
    en: (p: { argument: string }) => `unexpected argument ${p.argument}; to start a program, put it after --, e.g. charcount-check -- python3 server.py (see --help)`,
    id: (p) => `argumen ${p.argument} tidak diharapkan; untuk menjalankan program, tulis sesudah --, misalnya charcount-check -- python3 server.py (lihat --help)`,
  },
  nothingAfterDashes: {
    en: () => 'nothing after --; write the command that starts your server, e.g. -- python3 server.py',
    id: () => 'tidak ada apa pun sesudah --; tulis perintah yang menjalankan server Anda, misalnya -- python3 server.py',
  },
  nothingToCheck: {
    en: () => 'nothing to check; give your server as -- COMMAND (e.g. -- python3 server.py), --host H, or --submission DIR',
    id: () => 'tidak ada yang diperiksa; berikan server Anda sebagai -- PERINTAH (misalnya -- python3 server.py), --host H, atau --submission FOLDER',
  },
  severalTargets: {
    en: () => 'give one of -- COMMAND, --host, --submission, not several',
    id: () => 'berikan salah satu dari -- PERINTAH, --host, --submission, jangan lebih dari satu',
  },
  notAFormat: {
    en: (p: { value: string; formats: string }) => `--format ${p.value} is not a format; give one of ${p.formats}`,
    id: (p) => `--format ${p.value} bukan format yang dikenal; berikan salah satu dari ${p.formats}`,
  },
  notAStage: {
    en: (p: { value: string; stages: string }) => `--only ${p.value} is not a stage; the stages are: ${p.stages}`,
    id: (p) => `--only ${p.value} bukan tahap yang dikenal; tahap-tahapnya: ${p.stages}`,
  },
  protocolStage: {
    en: (p: { stage: string }) => `stage ${p.stage} belongs to the protocol level; add --level protocol`,
    id: (p) => `tahap ${p.stage} termasuk tingkat protocol; tambahkan --level protocol`,
  },
});

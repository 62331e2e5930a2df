/** Why a submission folder cannot be built, in both languages: each says what to change in the folder. */
import { bilingual } from '../../language';

export const SUBMISSION_TEXTS = bilingual({
  noSuchFolder: {
    en: (p: { dir: string }) => `--submission ${p.dir}: no such folder; give the folder that holds your server.py or Dockerfile`,
    id: (p) => `--submission ${p.dir}: folder itu tidak ada; berikan folder yang berisi server.py atau Dockerfile Anda`,
  },
  mustCompile: {
    en: (p: { file: string; language: string }) =>
      `${p.file} starts a TCP server, but ${p.language} must be compiled first: add a Dockerfile that compiles and starts it (or, for Gradescope, GitHub Classroom and GitLab, a start.sh)`,
    id: (p) =>
      `${p.file} menjalankan server TCP, tetapi ${p.language} harus dikompilasi dahulu: tambahkan Dockerfile yang mengompilasi dan menjalankannya (atau, untuk Gradescope, GitHub Classroom, dan GitLab, sebuah start.sh)`,
  },
  unreadableNotebook: {
    en: (p: { file: string; why: string }) => `${p.file} cannot be read as a notebook (${p.why}); save it again from Jupyter, or hand in its code as a .py file`,
    id: (p) => `${p.file} tidak dapat dibaca sebagai notebook (${p.why}); simpan ulang dari Jupyter, atau serahkan kodenya sebagai berkas .py`,
  },
  tooBig: {
    en: (p: { dir: string; mib: number; files: number }) =>
      `${p.dir} holds more than ${p.mib} MiB or ${p.files} files: a submission is source code; remove virtual environments (.venv), build output and data files, or name them in a .dockerignore`,
    id: (p) =>
      `${p.dir} berisi lebih dari ${p.mib} MiB atau ${p.files} berkas: pengumpulan berisi kode sumber; hapus virtual environment (.venv), hasil build, dan berkas data, atau sebutkan semuanya di .dockerignore`,
  },
  unreadable: {
    en: (p: { path: string; why: string }) => `cannot read ${p.path} (${p.why}); make the files of your submission readable`,
    id: (p) => `${p.path} tidak dapat dibaca (${p.why}); buat berkas-berkas pengumpulan Anda dapat dibaca`,
  },
  pathTooLong: {
    en: (p: { path: string }) => `${p.path}: the path (or link target) is too long to build; shorten it`,
    id: (p) => `${p.path}: path (atau target link) itu terlalu panjang untuk di-build; perpendek`,
  },
});

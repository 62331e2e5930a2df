/**
 * What opening a class says (grader/class-source.ts): a SUBMISSIONS argument that is neither a
 * folder nor a .zip, a class folder that cannot be read, a submission that cannot be copied or
 * whose --entry pattern is ambiguous, entries that belong to no student. In both languages;
 * names of files and the operating system's error codes stay as they came.
 */
import { bilingual, LANGUAGES } from '../language';

export const CLASS_TEXTS = bilingual({
  noSuchClass: {
    en: (p: { given: string }) => `${p.given}: no such folder or .zip file; give the folder with one folder per student, or its .zip`,
    id: (p) => `${p.given}: folder atau file .zip itu tidak ada; berikan folder yang berisi satu folder per mahasiswa, atau .zip-nya`,
  },
  notAClass: {
    en: (p: { given: string }) => `${p.given} is neither a folder nor a .zip file; give the folder with one folder per student, or its .zip`,
    id: (p) => `${p.given} bukan folder dan bukan file .zip; berikan folder yang berisi satu folder per mahasiswa, atau .zip-nya`,
  },
  /** `error`: the operating system's code (EACCES), as it gave it. */
  unreadableClass: {
    en: (p: { folder: string; error: string }) => `cannot read the class folder ${p.folder} (${p.error}); check its permissions`,
    id: (p) => `folder kelas ${p.folder} tidak dapat dibaca (${p.error}); periksa izin aksesnya`,
  },
  notCopied: {
    en: (p: { error: string }) => `the submission could not be copied to be graded (${p.error}); check its files' permissions`,
    id: (p) => `kiriman ini tidak dapat disalin untuk dinilai (${p.error}); periksa izin akses file-filenya`,
  },
  entryGlobAmbiguous: {
    en: (p: { glob: string; count: number; files: string }) => `--entry ${p.glob} matches ${p.count} files (${p.files}): make the pattern match one, or name this submission's file in --entries`,
    id: (p) => `--entry ${p.glob} cocok dengan ${p.count} file (${p.files}): buat pola yang cocok dengan satu file saja, atau sebutkan file kiriman ini di --entries`,
  },
  /** After a rejected entry of a class zip that no student folder holds. */
  noOwner: {
    en: (p: { text: string }) => `${p.text} (it belongs to no student folder)`,
    id: (p) => `${p.text} (entri ini bukan milik folder mahasiswa mana pun)`,
  },
  moreRejected: {
    en: (p: { count: number }) => `; and ${p.count} more entries`,
    id: (p) => `; dan ${p.count} entri lainnya`,
  },
  /** A class folder's entry that is a link: the student's submission is an error. */
  linkNotFolder: {
    en: (p: { name: string }) => `${p.name} is a symbolic link, not a folder: put the submission's files in a real folder`,
    id: (p) => `${p.name} adalah symbolic link, bukan folder: letakkan file kiriman di folder sungguhan`,
  },
  /** Files beside the student folders (the instructor's warning); `names`: a few of them, `more`: how many others. */
  looseFiles: {
    en: (p: { count: number; names: string; more: number }) =>
      `left out ${p.count} file(s) beside the student folders (${p.names}${p.more > 0 ? ` and ${p.more} more` : ''}): each submission must be a folder, or every file carry Moodle's prefix`,
    id: (p) =>
      `${p.count} file di samping folder mahasiswa tidak diikutkan (${p.names}${p.more > 0 ? ` dan ${p.more} lainnya` : ''}): setiap kiriman harus berupa folder, atau setiap file harus memakai awalan dari Moodle`,
  },
  /** --entries FILE that cannot be read; `error` is the operating system's code. */
  entriesUnreadable: {
    en: (p: { file: string; error: string }) => `cannot read --entries ${p.file} (${p.error}); give a CSV file of lines "submission,file"`,
    id: (p) => `--entries ${p.file} tidak dapat dibaca (${p.error}); berikan file CSV berisi baris "submission,file"`,
  },
  entriesBadLine: {
    en: (p: { file: string; line: number }) => `--entries ${p.file}, line ${p.line}: write "submission,file" (for example "Budi Santoso_123456_assignsubmission_file_,tugas1/soal1.py")`,
    id: (p) => `--entries ${p.file}, baris ${p.line}: tulis "submission,file" (misalnya "Budi Santoso_123456_assignsubmission_file_,tugas1/soal1.py")`,
  },
  /** --out that cannot be written; `error` is the operating system's code. */
  outUnwritable: {
    en: (p: { dir: string; error: string }) => `cannot write to ${p.dir} (${p.error}); give another folder with --out`,
    id: (p) => `${p.dir} tidak dapat ditulisi (${p.error}); berikan folder lain dengan --out`,
  },
  /** The notes a submission's feedback lists about its archives: one unpacked, and what could not be. */
  unpackedNote: {
    en: (p: { archive: string }) => `unpacked ${p.archive}`,
    id: (p) => `diekstrak: ${p.archive}`,
  },
  archiveProblemNote: {
    en: (p: { problem: string }) => `archive: ${p.problem}`,
    id: (p) => `arsip: ${p.problem}`,
  },
});

/** Whether a note says an archive was unpacked (the file that ran came from it), in either language. */
export function isUnpackedNote(note: string): boolean {
  return LANGUAGES.some((language) => note.startsWith(CLASS_TEXTS[language].unpackedNote({ archive: '' })));
}

/** The problem an archive note tells (what could not be unpacked), in either language; null for any other note. */
export function archiveProblemOf(note: string): string | null {
  for (const language of LANGUAGES) {
    const prefix = CLASS_TEXTS[language].archiveProblemNote({ problem: '' });
    if (note.startsWith(prefix)) return note.slice(prefix.length);
  }
  return null;
}

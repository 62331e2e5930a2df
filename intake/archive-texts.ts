/**
 * What unpacking a class zip or a student's own archive says, in both languages: why an entry
 * was left out, why an archive could not be read. These reach the grader's feedback for the
 * student and its grade report, and start-server.sh's one line, in the run's language. Names of
 * files and entries, and the errors of the unpacking library or the operating system, stay as
 * they came, quoted or in parentheses.
 */
import { bilingual, type Language } from '../language';

/** A class zip ("zip") or an archive inside a submission ("archive"): the name the texts give it. */
export type Packed = 'zip' | 'archive';

const PACKED: Record<Language, Record<Packed, string>> = { en: { zip: 'zip', archive: 'archive' }, id: { zip: 'zip', archive: 'arsip' } };

export const ARCHIVE_TEXTS = bilingual({
  /** Why planEntry rejects an entry, after "…was not unpacked: ". */
  controlCharacters: {
    en: () => 'its name holds control characters',
    id: () => 'namanya memuat karakter kontrol',
  },
  absolutePath: {
    en: () => 'it has an absolute path, which would put it outside the folder the zip is unpacked in',
    id: () => 'path-nya absolut, sehingga file itu akan berada di luar folder tempat zip diekstrak',
  },
  climbsOut: {
    en: () => 'its path climbs out with "..", which would put it outside the folder the zip is unpacked in',
    id: () => 'path-nya naik keluar dengan "..", sehingga file itu akan berada di luar folder tempat zip diekstrak',
  },
  encrypted: {
    en: () => 'it is encrypted; zip the submissions without a password',
    id: () => 'file itu terenkripsi; buat zip kiriman tanpa kata sandi',
  },
  tooLarge: {
    en: (p: { size: string; limit: string }) => `it unpacks to ${p.size} MiB, more than the ${p.limit} MiB a submission may hold: a submission is source code (leave out virtual environments, builds and data)`,
    id: (p) => `file itu berukuran ${p.size} MiB setelah diekstrak, lebih dari ${p.limit} MiB yang boleh dimuat sebuah kiriman: kiriman berisi kode sumber (jangan sertakan virtual environment, hasil build, dan data)`,
  },
  /** Entries left out that a submission can do without. */
  isLink: {
    en: (p: { path: string; packed: Packed }) => `${p.path} is a link in the ${PACKED.en[p.packed]}; links are not unpacked, so it is missing (make it a real file)`,
    id: (p: { path: string; packed: Packed }) => `${p.path} adalah link di dalam ${PACKED.id[p.packed]}; link tidak diekstrak, jadi file itu tidak ada (jadikan file biasa)`,
  },
  notRegular: {
    en: (p: { path: string }) => `${p.path} is not a regular file (a device or pipe); it was left out`,
    id: (p) => `${p.path} bukan file biasa (sebuah device atau pipe); file itu tidak diekstrak`,
  },
  /** An entry of a class zip, or of a student's archive, that was left out. */
  zipEntryRejected: {
    en: (p: { entry: string; reason: string }) => `the zip entry "${p.entry}" was not unpacked: ${p.reason}`,
    id: (p) => `entri zip "${p.entry}" tidak diekstrak: ${p.reason}`,
  },
  archiveEntryRejected: {
    en: (p: { entry: string; archive: string; reason: string }) => `the entry "${p.entry}" of ${p.archive} was not unpacked: ${p.reason}`,
    id: (p) => `entri "${p.entry}" dari ${p.archive} tidak diekstrak: ${p.reason}`,
  },
  archiveEntryDamaged: {
    en: (p: { entry: string; archive: string }) => `the entry "${p.entry}" of ${p.archive} could not be unpacked (the archive is damaged)`,
    id: (p) => `entri "${p.entry}" dari ${p.archive} tidak dapat diekstrak (arsipnya rusak)`,
  },
  /** `error`: the operating system's code (EACCES), as it gave it. */
  notMadeFolder: {
    en: (p: { error: string }) => `it could not be made a folder (${p.error})`,
    id: (p) => `folder untuknya tidak dapat dibuat ("${p.error}")`,
  },
  notWritten: {
    en: (p: { error: string }) => `it could not be unpacked (${p.error})`,
    id: (p) => `file itu tidak dapat diekstrak ("${p.error}")`,
  },
  heldTwice: {
    en: (p: { packed: Packed }) => `the ${PACKED.en[p.packed]} holds this path twice`,
    id: (p: { packed: Packed }) => `${PACKED.id[p.packed]} memuat path ini dua kali`,
  },
  /**
   * A whole archive that could not be read: `format` names it ("a zip", "a tar archive"), `error`
   * is the unpacking library's words (quoted in Indonesian), null when it gave none: a tar that
   * yields nothing holds nothing, a 7z or rar is damaged.
   */
  unreadableArchive: {
    en: (p: { archive: string; format: ArchiveFormat; error: string | null }) =>
      `cannot read ${p.archive} as ${FORMATS.en[p.format]} (${p.error ?? (p.format === 'tar' ? 'it holds nothing' : 'it is damaged')})`,
    id: (p: { archive: string; format: ArchiveFormat; error: string | null }) =>
      `${p.archive} tidak dapat dibaca sebagai ${FORMATS.id[p.format]} (${p.error === null ? (p.format === 'tar' ? 'isinya kosong' : 'arsipnya rusak') : `"${p.error}"`})`,
  },
  sevenZipDidNotStart: {
    en: (p: { archive: string; error: string }) => `cannot open ${p.archive}: 7-Zip did not start (${p.error}); unpack it and hand in its files`,
    id: (p) => `${p.archive} tidak dapat dibuka: 7-Zip tidak dapat dijalankan ("${p.error}"); ekstrak arsip itu dan kumpulkan file-filenya`,
  },
  archiveTooBig: {
    en: (p: { archive: string; mib: number; files: number | null }) => `${p.archive} unpacks to more than a submission may hold (${p.mib} MiB${p.files === null ? '' : `, ${p.files} files`})`,
    id: (p) => `${p.archive} setelah diekstrak lebih besar daripada yang boleh dimuat sebuah kiriman (${p.mib} MiB${p.files === null ? '' : `, ${p.files} file`})`,
  },
  archiveTooManyFiles: {
    en: (p: { archive: string; files: number }) => `${p.archive} holds more than ${p.files} files`,
    id: (p) => `${p.archive} memuat lebih dari ${p.files} file`,
  },
  /** A submission's archive after others: what is left of the submission's limits was not enough. */
  overSubmissionBudget: {
    en: (p: { archive: string; mib: number; files: number }) => `${p.archive} was not unpacked: with what the submission already holds, it would hold more than a submission may (${p.mib} MiB, ${p.files} files)`,
    id: (p) => `${p.archive} tidak diekstrak: bersama isi kiriman yang sudah ada, kiriman akan memuat lebih dari yang boleh (${p.mib} MiB, ${p.files} file)`,
  },
  /** A class zip the grader cannot unpack: the instructor's to fix. */
  classZipUnreadable: {
    en: (p: { zip: string; error: string }) => `cannot read ${p.zip} as a zip (${p.error}); check the file, or unpack it yourself and give the folder`,
    id: (p) => `${p.zip} tidak dapat dibaca sebagai zip ("${p.error}"); periksa file itu, atau ekstrak sendiri dan berikan foldernya`,
  },
  classZipTooManyEntries: {
    en: (p: { zip: string; entries: number }) => `${p.zip} holds more than ${p.entries} entries; unpack it yourself and give the folder, after removing what is not source code`,
    id: (p) => `${p.zip} memuat lebih dari ${p.entries} entri; ekstrak sendiri dan berikan foldernya, setelah membuang apa pun yang bukan kode sumber`,
  },
  classZipTooBig: {
    en: (p: { zip: string; mib: number }) => `${p.zip} unpacks to more than ${p.mib} MiB; unpack it yourself and give the folder, after removing what is not source code`,
    id: (p) => `${p.zip} setelah diekstrak lebih dari ${p.mib} MiB; ekstrak sendiri dan berikan foldernya, setelah membuang apa pun yang bukan kode sumber`,
  },
});

export type ArchiveFormat = 'zip' | 'tar' | '7z' | 'rar';

const FORMATS: Record<Language, Record<ArchiveFormat, string>> = {
  en: { zip: 'a zip', tar: 'a tar archive', '7z': 'a 7z archive', rar: 'a rar archive' },
  id: { zip: 'zip', tar: 'arsip tar', '7z': 'arsip 7z', rar: 'arsip rar' },
};

/**
 * Who a submission belongs to, read from the names an LMS gives it (pure):
 *
 * - Moodle's "Download all submissions" in folders: `Full Name_123456_assignsubmission_file_`
 *   (123456: the participant id, the number in the grading worksheet's "Participant 123456");
 * - Moodle's flat layout: the same prefix on each file, `Full Name_123456_assignsubmission_file_server.py`;
 * - one file per student, as other LMSes and instructors name them: `2106012345_Budi_Santoso.py`
 *   or `Budi Santoso_2106012345.py` (a student number of 5 digits or more, and the name).
 */

export interface Student {
  name: string;
  /** Moodle's participant id, or the student number; null when the name holds none. */
  id: string | null;
}

const MOODLE_FOLDER = /^(.+)_(\d+)_assign(?:submission|feedback)_[a-z]+_$/;
const MOODLE_FILE = /^(.+_\d+_assign(?:submission|feedback)_[a-z]+_)(.+)$/;
const STUDENT_NUMBER = /^\d{5,}$/;

export function moodleFolderStudent(folder: string): Student | null {
  const match = MOODLE_FOLDER.exec(folder);
  return match ? { name: match[1]!.trim(), id: match[2]! } : null;
}

/** A file of Moodle's flat layout: the folder it would have been in, and its own name; null for any other file. */
export function moodleFlatFile(file: string): { folder: string; file: string } | null {
  const match = MOODLE_FILE.exec(file);
  return match ? { folder: match[1]!, file: match[2]! } : null;
}

/** A one-file submission's student: the student number and the name around it, underscores as spaces. */
export function fileStudent(file: string): Student {
  const stem = file.replace(/\.(tar\.gz|[^.]+)$/i, '');
  const parts = stem.split(/[_\s-]+/).filter((part) => part !== '');
  const number = parts.find((part) => STUDENT_NUMBER.test(part)) ?? null;
  const name = parts.filter((part) => part !== number).join(' ');
  return { name: name === '' ? stem : name, id: number };
}

/** What a person reads for a submission: "Budi Santoso (123456)", else the name as given. */
export function displayName(student: Student | null, fallback: string): string {
  if (student === null) return fallback;
  return student.id === null ? student.name : `${student.name} (${student.id})`;
}

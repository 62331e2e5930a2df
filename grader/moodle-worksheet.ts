/**
 * Moodle's offline grading worksheet, filled in: a copy of the CSV file the instructor
 * downloaded (Assignment, View all submissions, "Download grading worksheet") with each
 * student's grade, scaled to the worksheet's maximum grade, and a short feedback comment, every
 * other cell and the header row left byte for byte as they were, ready for "Upload grading
 * worksheet". Moodle matches rows by the number in the Identifier column ("Participant 123456",
 * the number in the submission's folder name) and finds its columns by their names in the
 * site's language: English and Indonesian are known here (Moodle's own strings: recordid,
 * grade, maxgrade and the comments plugin's name, from the en and id language packs). A
 * submission not graded leaves the grade empty and says why in the comment.
 */
import { bilingual, type Language } from '../language';
import { cellText, readCsvCells, textCell, writeCsvCells, type CsvFile } from './csv-cells';
import type { Grades, SubmissionGrade } from './grades';
import type { Student } from '../intake/student-names';

const HEADERS = {
  identifier: ['Identifier', 'Tanda pengenal'],
  grade: ['Grade', 'Nilai'],
  maximum: ['Maximum Grade', 'Nilai maksimum', 'Maximum grade'],
  comments: ['Feedback comments', 'Komentar umpan balik', 'Komentar umpan balik.'],
  fullName: ['Full name', 'Nama lengkap'],
} as const;

export interface Worksheet {
  file: CsvFile;
  columns: { identifier: number; grade: number; maximum: number; comments: number | null; fullName: number | null };
  /** The worksheet's decimal separator, as its maximum grades are written ("100,00" in Indonesian). */
  decimalComma: boolean;
}

/** Reads the worksheet and finds its columns; a string saying what is wrong when it is not one. */
export function readWorksheet(text: string): Worksheet | string {
  const file = readCsvCells(text);
  const header = (file.rows[0] ?? []).map((cell) => cellText(cell).trim());
  const find = (names: readonly string[]): number => header.findIndex((cell) => names.some((name) => name.toLowerCase() === cell.toLowerCase()));
  const identifier = find(HEADERS.identifier);
  const grade = find(HEADERS.grade);
  const maximum = find(HEADERS.maximum);
  const comments = find(HEADERS.comments);
  const fullName = find(HEADERS.fullName);
  const lacking = [identifier < 0 ? HEADERS.identifier : null, grade < 0 ? HEADERS.grade : null, maximum < 0 ? HEADERS.maximum : null].filter((names) => names !== null);
  if (lacking.length > 0) {
    return `it has no column ${lacking.map((names) => `"${names[0]}" (or "${names[1]}")`).join(', ')}; give the file from Moodle's "Download grading worksheet", with the assignment's "Offline grading worksheet" feedback type on`;
  }
  const decimalComma = file.rows.slice(1).some((row) => /^\d+,\d+$/.test(cellText(row[maximum] ?? '').trim()));
  return { file, columns: { identifier, grade, maximum, comments: comments < 0 ? null : comments, fullName: fullName < 0 ? null : fullName }, decimalComma };
}

/** The worksheet's participants, in its order: the id Moodle matches rows by, and the full name (or the identifier cell). */
export function worksheetParticipants(worksheet: Worksheet): Student[] {
  const { columns } = worksheet;
  return worksheet.file.rows.slice(1).flatMap((row) => {
    const id = participantId(row[columns.identifier] ?? '');
    if (id === null) return [];
    const name = columns.fullName === null ? '' : cellText(row[columns.fullName] ?? '').trim();
    return [{ name: name === '' ? cellText(row[columns.identifier] ?? '').trim() : name, id }];
  });
}

interface GradedComment {
  score: string;
  max: string;
  file: string;
  /** Stages that carried points and were not passed. */
  notPassed: string[];
  /** Why the server earned nothing (it never listened, did not build), or null. */
  reason: string | null;
}

const COMMENTS = bilingual({
  graded: {
    en: (p: GradedComment) =>
      `charcount-check: ${p.score}/${p.max} points, ran ${p.file}` +
      (p.reason !== null ? `: ${p.reason}. The feedback file says what to do.` : p.notPassed.length === 0 ? '. Every stage passed.' : `. Stages not passed: ${p.notPassed.join(', ')}. The feedback file says why and what to do.`),
    id: (p: GradedComment) =>
      `charcount-check: ${p.score}/${p.max} poin, menjalankan ${p.file}` +
      (p.reason !== null
        ? `: ${p.reason}. Berkas umpan balik menjelaskan yang perlu dilakukan.`
        : p.notPassed.length === 0
          ? '. Semua tahap lulus.'
          : `. Tahap yang tidak lulus: ${p.notPassed.join(', ')}. Berkas umpan balik menjelaskan penyebab dan yang perlu dilakukan.`),
  },
  notGraded: {
    en: (reason: string) => `Not graded yet: ${reason}`,
    id: (reason: string) => `Belum dinilai: ${reason}`,
  },
  missing: { en: () => 'Nothing was handed in.', id: () => 'Tidak ada yang dikumpulkan.' },
  noSubmission: { en: () => 'No submission was found in the download for this participant.', id: () => 'Tidak ada kiriman peserta ini dalam unduhan.' },
});

/** The participant id in "Participant 123456" / "Peserta 123456". */
function participantId(cell: string): string | null {
  return /(\d+)\s*$/.exec(cellText(cell))?.[1] ?? null;
}

function number(text: string, decimalComma: boolean): string {
  const rounded = String(Math.round(Number(text) * 100) / 100);
  return decimalComma ? rounded.replace('.', ',') : rounded;
}

export interface FilledWorksheet {
  text: string;
  /** Rows whose grade was filled in, and rows left without one. */
  filled: number;
  ungraded: number;
}

export function fillWorksheet(worksheet: Worksheet, grades: Grades, language: Language): FilledWorksheet {
  const say = COMMENTS[language];
  const byId = new Map<string, SubmissionGrade>();
  for (const submission of grades.submissions) if (submission.student?.id) byId.set(submission.student.id, submission);
  const { columns } = worksheet;
  let filled = 0;
  let ungraded = 0;
  const rows = worksheet.file.rows.map((row, index) => {
    if (index === 0) return row;
    const id = participantId(row[columns.identifier] ?? '');
    if (id === null) return row;
    const submission = byId.get(id);
    const copy = [...row];
    const max = Number(cellText(row[columns.maximum] ?? '').trim().replace(',', '.'));
    let comment: string;
    if (submission?.status === 'graded' && submission.score !== null && Number.isFinite(max)) {
      const scaled = submission.maxScore > 0 ? (submission.score / submission.maxScore) * max : 0;
      copy[columns.grade] = textCell(number(String(scaled), worksheet.decimalComma));
      const notPassed = submission.stages.filter((stage) => stage.status !== 'passed' && stage.maxPoints > 0).map((stage) => stage.id);
      comment = say.graded({
        score: number(String(submission.score), false),
        max: number(String(submission.maxScore), false),
        file: submission.entry?.file ?? '?',
        notPassed,
        reason: submission.reason,
      });
      filled++;
    } else {
      // The cell stays as downloaded (empty, unless a grade was given in Moodle before).
      comment = submission === undefined ? say.noSubmission() : submission.status === 'missing' ? say.missing() : say.notGraded(submission.reason ?? '');
      ungraded++;
    }
    if (columns.comments !== null) copy[columns.comments] = textCell(comment);
    return copy;
  });
  return { text: writeCsvCells({ ...worksheet.file, rows }), filled, ungraded };
}

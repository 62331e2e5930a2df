/**
 * --entries FILE: the instructor's per-student choice of the file to run, a CSV file of two
 * columns, `submission,file` (that header line first, optional): submission is the folder's
 * name, the Moodle participant id or the student's name (any case); file is the path inside
 * the submission, as the student handed it in ("tugas1/soal1.py").
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../command-line/usage-error';
import type { Language } from '../language';
import { CLASS_TEXTS } from './class-texts';

export async function loadEntries(file: string | null, language: Language): Promise<Map<string, string>> {
  const say = CLASS_TEXTS[language];
  const choices = new Map<string, string>();
  if (file === null) return choices;
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(say.entriesUnreadable({ file, error: error.code ?? error.message }));
  });
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (line.trim() === '' || (index === 0 && /^\s*submission\s*[,;]\s*file\s*$/i.test(line))) return;
      const cut = line.search(/[,;]/);
      const key = cut === -1 ? '' : line.slice(0, cut).trim().replace(/^"|"$/g, '');
      const path = cut === -1 ? '' : line.slice(cut + 1).trim().replace(/^"|"$/g, '');
      if (key === '' || path === '') throw new UsageError(say.entriesBadLine({ file, line: index + 1 }));
      choices.set(key, path);
    });
  return choices;
}

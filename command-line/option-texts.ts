/**
 * What the option readers every charcount command line shares (command-line/option-values.ts)
 * say about a value they cannot take, in both languages. Option names and examples stay
 * English: they are what a person types.
 */
import { bilingual } from '../language';

export const OPTION_TEXTS = bilingual({
  notAWholeNumber: {
    en: (p: { option: string; value: string; min: number; max: number }) => `${p.option} ${p.value} is not allowed; give a whole number from ${p.min} to ${p.max}`,
    id: (p) => `${p.option} ${p.value} tidak diizinkan; berikan bilangan bulat dari ${p.min} sampai ${p.max}`,
  },
  notADecimal: {
    en: (p: { option: string; value: string; min: number; max: number; example: string }) =>
      `${p.option} ${p.value} is not allowed; give a number from ${p.min} to ${p.max}, e.g. ${p.example}`,
    id: (p) => `${p.option} ${p.value} tidak diizinkan; berikan angka dari ${p.min} sampai ${p.max}, misalnya ${p.example}`,
  },
  notALanguage: {
    en: (p: { value: string; languages: string }) => `--lang ${p.value} is not a language; give ${p.languages}`,
    id: (p) => `--lang ${p.value} bukan bahasa yang dikenal; berikan ${p.languages}`,
  },
  notALevel: {
    en: (p: { value: string; levels: string }) => `--level ${p.value} is not a level; give ${p.levels}`,
    id: (p) => `--level ${p.value} bukan tingkat yang dikenal; berikan ${p.levels}`,
  },
  notAWebAddress: {
    en: (p: { option: string; value: string }) =>
      `${p.option} ${p.value} is not a web address; give the address of the lab notes a student can open, e.g. https://github.com/OWNER/charcount-lab/blob/main/lab-notes/`,
    id: (p) =>
      `${p.option} ${p.value} bukan alamat web; berikan alamat catatan praktikum yang dapat dibuka mahasiswa, misalnya https://github.com/OWNER/charcount-lab/blob/main/lab-notes/`,
  },
  notAReplyTemplate: {
    en: (p: { value: string; example: string }) => `--expected-reply ${p.value}: give a text on one line with {n} once where the count goes, such as '${p.example}'`,
    id: (p) => `--expected-reply ${p.value}: berikan teks satu baris yang memuat {n} satu kali di tempat jumlahnya, seperti '${p.example}'`,
  },
});

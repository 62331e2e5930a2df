/**
 * Whether a program that exited before listening stopped on a read of the keyboard: its stdin
 * is at end of file, in a command check and in a container alike, so Python's input() raises
 * EOFError at once (Java's Scanner: NoSuchElementException). Its last lines say so.
 */
import type { ProgramOutput } from './program-output';

const READ_THE_KEYBOARD = /\bEOFError\b|java\.util\.NoSuchElementException|EOF when reading a line/;
/** How many of a program's last lines are searched for a read of the keyboard. */
const KEYBOARD_LINES = 3;

export function readTheKeyboard(output: ProgramOutput): boolean {
  return output.last(KEYBOARD_LINES).some((line) => READ_THE_KEYBOARD.test(line));
}

/**
 * Names that are never part of a submission: what zipping on a Mac or Windows adds, and hidden
 * files and folders (.git, .venv, .ipynb_checkpoints).
 */

/** What zipping on a Mac or Windows adds: __MACOSX/ folders, ._ AppleDouble files, .DS_Store. */
export function isLitter(name: string): boolean {
  return ['__MACOSX', '.DS_Store', 'Thumbs.db', 'desktop.ini'].includes(name) || name.startsWith('._');
}

/** Litter and hidden files: never a submission, and never what makes a folder "hold one thing". */
export function isIgnoredName(name: string): boolean {
  return isLitter(name) || name.startsWith('.');
}

/** A path (with "/") none of whose parts is ignored. */
export function isVisiblePath(path: string): boolean {
  return !path.split('/').some(isIgnoredName);
}

/** --level, as charcount-check and charcount-grade read it. */
import { UsageError } from '../../command-line/usage-error';
import { CHECK_LEVELS, type CheckLevel } from '../model';

export function levelOption(text: string | undefined): CheckLevel {
  if (text === undefined) return 'assignment';
  if ((CHECK_LEVELS as readonly string[]).includes(text)) return text as CheckLevel;
  throw new UsageError(`--level ${JSON.stringify(text)} is not a level; give ${CHECK_LEVELS.join(' or ')}`);
}

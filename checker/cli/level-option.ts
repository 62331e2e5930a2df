/** --level, as charcount-check and charcount-grade read it. */
import { UsageError } from '../../command-line/usage-error';
import { OPTION_TEXTS } from '../../command-line/option-texts';
import type { Language } from '../../language';
import { CHECK_LEVELS, type CheckLevel } from '../model';

export function levelOption(text: string | undefined, language: Language = 'en'): CheckLevel {
  if (text === undefined) return 'assignment';
  if ((CHECK_LEVELS as readonly string[]).includes(text)) return text as CheckLevel;
  throw new UsageError(OPTION_TEXTS[language].notALevel({ value: JSON.stringify(text), levels: CHECK_LEVELS.join(' | ') }));
}

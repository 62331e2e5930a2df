import { inEachLanguage, type Translated } from './block-source';

/** One terminal of a block: its caption in each language, and the console block it shows. */
export interface Terminal {
  caption: Translated;
  console: string;
}

/** The caption of the second terminal wherever it runs the client. */
export const CLIENT_TERMINAL: Translated = { en: '*Terminal 2, the client:*', id: '*Terminal 2, client:*' };

/** Two terminals, one after the other: each caption in the page's language, then what it shows. */
export function twoTerminals(first: Terminal, second: Terminal): Translated {
  return inEachLanguage((language) => [first.caption[language], '', first.console, '', second.caption[language], '', second.console].join('\n'));
}

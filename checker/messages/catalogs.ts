/** Every catalog of the checker's texts, for the test that each text exists in both languages with the same parameters. */
import { DIAGNOSIS_TEXTS, ENDING_NAMES } from './diagnosis-texts';
import { CONNECT_FAILURES, HTML_TEXTS } from './html-texts';
import { REPORT_TEXTS } from './report-texts';
import { USAGE_TEXTS } from './usage-texts';

export const CATALOGS = { CONNECT_FAILURES, DIAGNOSIS_TEXTS, ENDING_NAMES, HTML_TEXTS, REPORT_TEXTS, USAGE_TEXTS } as const;

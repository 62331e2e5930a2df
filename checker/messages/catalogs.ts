/** Every catalog of the checker's texts, for the test that each text exists in both languages with the same parameters. */
import { ENGINE_TEXTS } from '../engine/engine-texts';
import { DIAGNOSIS_TEXTS, ENDING_NAMES } from './diagnosis-texts';
import { CONNECT_FAILURES, HTML_TEXTS } from './html-texts';
import { REPORT_TEXTS } from './report-texts';
import { RUN_TEXTS } from './run-texts';
import { STAGE_TEXTS, STAGE_TITLES } from './stage-texts';
import { START_TEXTS } from './start-texts';
import { PROBE_TEXTS } from './probe-texts';
import { TRACE_TEXTS } from './trace-texts';
import { USAGE_TEXTS } from './usage-texts';

export const CATALOGS = {
  CONNECT_FAILURES,
  DIAGNOSIS_TEXTS,
  ENDING_NAMES,
  ENGINE_TEXTS,
  HTML_TEXTS,
  REPORT_TEXTS,
  RUN_TEXTS,
  STAGE_TEXTS,
  STAGE_TITLES,
  START_TEXTS,
  PROBE_TEXTS,
  TRACE_TEXTS,
  USAGE_TEXTS,
} as const;

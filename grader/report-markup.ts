import { visibleText } from '../checker';
/**
 * The few rules every piece of report.html follows: untrusted text (a student's folder name,
 * what a server sent, a stage's message) is made visible the way every checker report makes
 * it (visibleText) and then escaped for HTML text and attribute values alike.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe both between tags and inside a quoted attribute value. */
export function escapeHtml(text: string): string {
  return visibleText(text).replace(/[&<>"']/gu, (character) => HTML_ESCAPES[character] ?? character);
}

/**
 * At most two decimals: a score as a person reads it (7, 7.5, 7.25: rubrics may give
 * fractions), and pixels without 53.333333333333336.
 */
export function formatNumber(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** 0.7 -> "70%". */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

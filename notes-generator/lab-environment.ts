import { blankLabSettings } from '../tests/support/lab-settings';

/** A port for a private server: the one free-port helper the tests use too. */
export { freePort } from '../tests/support/free-port';

/**
 * Every setting the server and the client read, blanked, so neither the generating shell nor
 * a developer's .env can change what the notes show; `settings` on top.
 */
export function labEnvironment(settings: Record<string, string> = {}): Record<string, string> {
  return { ...blankLabSettings(), NO_COLOR: '1', ...settings };
}

/** Output as the student sees it: the private server's port shown as the lab's 12345. */
export function asShownPort(text: string, actualPort: number, shownPort: number): string {
  return text.replace(new RegExp(`\\b${actualPort}\\b`, 'g'), String(shownPort));
}

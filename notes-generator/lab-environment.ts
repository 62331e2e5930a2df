import { createServer } from 'node:net';

/**
 * Every setting the server and the client read, blanked (blank means "the default") so
 * neither the generating shell nor a developer's .env can change what the notes show:
 * dotenv never overrides a variable that is already set, even to nothing.
 */
const SETTING_VARIABLES = [
  'PORT', 'LISTEN_HOST', 'REPLY_LANGUAGE', 'REPLY_FORMAT', 'QUIET_PERIOD_MS', 'MAX_MESSAGE_BYTES',
  'IDLE_TIMEOUT_MS', 'MAX_CONNECTIONS', 'SHUTDOWN_GRACE_MS', 'LOG_LEVEL', 'LOG_FORMAT', 'WORKERS',
  'SERVER_HOST', 'SERVER_PORT', 'NODE_OPTIONS',
];

export function labEnvironment(settings: Record<string, string> = {}): Record<string, string> {
  const blank = Object.fromEntries(SETTING_VARIABLES.map((name) => [name, '']));
  return { ...blank, NO_COLOR: '1', ...settings };
}

/** A port nothing listens on right now, for a private server. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Output as the student sees it: the private server's port shown as the lab's 12345. */
export function asShownPort(text: string, actualPort: number, shownPort: number): string {
  return text.replace(new RegExp(`\\b${actualPort}\\b`, 'g'), String(shownPort));
}

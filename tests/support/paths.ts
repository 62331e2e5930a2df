/**
 * Where the compiled programs (dist/, built by `npm run build`) and the lab files are, and the
 * address the loopback tests and the soak use.
 */
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const SERVER_JS = join(ROOT, 'dist', 'server', 'main.js');
export const CLIENT_JS = join(ROOT, 'dist', 'client', 'main.js');
export const LAB_SESSION = join(ROOT, 'lab-notes', 'scripts', 'lab-session.txt');
export const LOOPBACK = '127.0.0.1';

/** A fixture server handed in as a student would: its file as server.py, beside threaded_server.py when it imports it. */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './lab';

const SERVERS = join(PROJECT_ROOT, 'tests', 'checker', 'servers');

/** A new submission folder under `scratch` holding fixture `file` as server.py. */
export function handInFixture(scratch: string, file: string): string {
  const dir = mkdtempSync(join(scratch, `${file.replace(/\.py$/, '')}-`));
  copyFileSync(join(SERVERS, file), join(dir, 'server.py'));
  if (/^(from threaded_server import|import threaded_server)/m.test(readFileSync(join(SERVERS, file), 'utf8'))) {
    copyFileSync(join(SERVERS, 'threaded_server.py'), join(dir, 'threaded_server.py'));
  }
  return dir;
}

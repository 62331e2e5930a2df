/**
 * charcount-lab's version, as every program's --version prints it and every report records
 * it: the package version, read from package.json beside the sources or beside dist/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let cached: string | null | undefined;

export function packageVersion(): string | null {
  if (cached !== undefined) return cached;
  cached = null;
  for (const file of [join(__dirname, '..', 'package.json'), join(__dirname, '..', '..', 'package.json')]) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'charcount-lab' && typeof parsed.version === 'string') {
        cached = parsed.version;
        break;
      }
    } catch {
      // Not this one.
    }
  }
  return cached;
}

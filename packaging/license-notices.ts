/** The closing comment of a bundle: the packages it took code from, each with its license. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './build-info';

/** The packages a bundle took code from, each with its license file, as one closing comment. */
export function licenseNotices(inputs: string[]): string {
  const packages = new Set<string>();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]!);
  }
  const notices = [...packages].sort().map((dir) => {
    const { name, version, license } = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    const file = existsSync(join(ROOT, dir)) ? readdirSync(join(ROOT, dir)).find((entry) => /^(licen[cs]e|copying)/i.test(entry)) : undefined;
    const text = file === undefined ? `(no license file; package.json says ${license ?? 'nothing'})` : readFileSync(join(ROOT, dir, file), 'utf8').trim();
    return `${name}@${version}\n\n${text}`;
  });
  return `\n/*\nPackages bundled in this file, and their licenses:\n\n${notices.join('\n\n---\n\n').replaceAll('*/', '* /')}\n*/\n`;
}

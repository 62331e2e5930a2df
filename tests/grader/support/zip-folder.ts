/**
 * Zips a folder the way an LMS bulk download or a person would (yazl, Unix modes kept), under
 * an optional top folder, with the __MACOSX litter a Mac adds when asked.
 */
import { createWriteStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { ZipFile } from 'yazl';

export async function zipFolder(dir: string, zipPath: string, options: { top?: string; macLitter?: boolean } = {}): Promise<void> {
  const zip = new ZipFile();
  const prefix = options.top === undefined ? '' : `${options.top}/`;
  const walk = (relative: string): void => {
    for (const name of readdirSync(join(dir, relative)).sort()) {
      const path = relative === '' ? name : `${relative}/${name}`;
      const stat = statSync(join(dir, path));
      if (stat.isDirectory()) {
        zip.addEmptyDirectory(`${prefix}${path}`);
        walk(path);
      } else {
        zip.addFile(join(dir, path), `${prefix}${path}`, { mode: stat.mode });
        if (options.macLitter) zip.addBuffer(Buffer.from('mac resource fork'), `__MACOSX/${prefix}${relative === '' ? '' : `${relative}/`}._${name}`);
      }
    }
  };
  walk('');
  zip.end();
  const written = createWriteStream(zipPath);
  zip.outputStream.pipe(written);
  await once(written, 'close');
}

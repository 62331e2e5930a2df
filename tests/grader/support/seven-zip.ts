/** A .7z of a folder, made with 7-Zip compiled to WebAssembly (the package the grader reads them with). */
import { mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import SevenZip from '7z-wasm';

export async function sevenZipFolder(folder: string, archive: string): Promise<void> {
  mkdirSync(dirname(archive), { recursive: true });
  const sevenZip = await SevenZip({ print: () => {}, printErr: () => {} });
  sevenZip.FS.mkdir('/from');
  sevenZip.FS.mount(sevenZip.NODEFS, { root: folder }, '/from');
  sevenZip.FS.mkdir('/to');
  sevenZip.FS.mount(sevenZip.NODEFS, { root: dirname(archive) }, '/to');
  sevenZip.FS.chdir('/from');
  sevenZip.callMain(['a', `/to/${basename(archive)}`, '.']);
}

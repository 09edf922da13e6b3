// Where the real data beside the project lives (../shared/data from the repo
// root). Tests that need it are skipped, with this reason, when it is absent.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHARED_DATA = resolve(REPO_ROOT, '../shared/data');
export const MEDQUAD_ZIP = resolve(SHARED_DATA, 'medquad/MedQuAD-master.zip');
export const CHECK_COVID_CORPUS = resolve(SHARED_DATA, 'eval/check-covid/corpus.json');

export const hasMedQuAD = existsSync(MEDQUAD_ZIP);
export const hasCheckCovid = existsSync(CHECK_COVID_CORPUS);
export const NO_SHARED = `../shared/data is absent (expected at ${SHARED_DATA}); real-data tests skipped`;

let zipBytes: Uint8Array | undefined;
export function medquadZip(): Uint8Array {
  zipBytes ??= new Uint8Array(readFileSync(MEDQUAD_ZIP));
  return zipBytes;
}

/** Selected files of the real MedQuAD archive, by path inside it. */
export function medquadFiles(filter: (name: string) => boolean): Record<string, Uint8Array> {
  return unzipSync(medquadZip(), { filter: (f) => filter(f.name) });
}

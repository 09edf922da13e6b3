// Small helpers shared by the importers.
import type { ImportResult } from '../types.ts';
import { BinaryFileError } from '../errors.ts';

/** "a/b/0000013_2_1.xml" → "0000013_2_1". */
export function fileStem(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** "a/b/notes.md" → "notes.md". */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Lower-case extension without the dot ("" when none). */
export function extension(path: string): string {
  const base = baseName(path);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

export function emptyResult(): ImportResult {
  return { chunks: [], documents: 0, skippedEmpty: 0, issues: [] };
}

/** Adds `part` into `into` (chunks, counts and issues). */
export function mergeResult(into: ImportResult, part: ImportResult): void {
  for (const c of part.chunks) into.chunks.push(c);
  into.documents += part.documents;
  into.skippedEmpty += part.skippedEmpty;
  for (const i of part.issues) into.issues.push(i);
}

/**
 * Keeps document ids unique inside one import: a repeated id gets a "~2",
 * "~3" suffix (and the caller reports it) so that no document is lost and
 * chunk ids never collide.
 */
export class DocIds {
  private seen = new Map<string, number>();
  /** Returns [unique id, true when it had to be renamed]. */
  claim(id: string): [string, boolean] {
    const n = this.seen.get(id);
    if (n === undefined) {
      this.seen.set(id, 1);
      return [id, false];
    }
    let k = n + 1;
    while (this.seen.has(`${id}~${k}`)) k++;
    this.seen.set(id, k);
    this.seen.set(`${id}~${k}`, 1);
    return [`${id}~${k}`, true];
  }
}

const fatalDecoder = new TextDecoder('utf-8', { fatal: true });

/** True when the bytes hold a NUL byte (text files never do). */
export function hasNulByte(bytes: Uint8Array): boolean {
  return bytes.indexOf(0) !== -1;
}

/**
 * Decodes UTF-8 text (a BOM is dropped). NUL bytes or invalid UTF-8 →
 * BinaryFileError naming the file.
 */
export function decodeText(bytes: Uint8Array, file: string): string {
  if (hasNulByte(bytes)) {
    throw new BinaryFileError(`${file} looks like a binary file (it contains NUL bytes); import XML, ZIP, JSON, JSONL, text or Markdown files.`);
  }
  try {
    return fatalDecoder.decode(bytes);
  } catch (err) {
    throw new BinaryFileError(`${file} is not UTF-8 text (it may be binary or use another encoding); save it as UTF-8 and import it again.`, { cause: err });
  }
}

/** UTF-8 byte length of a string without encoding it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

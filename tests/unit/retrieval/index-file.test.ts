// The search index file shipped with an evidence pack (src/core/retrieval/index-file.ts):
// what comes back is the index that was written, and a file that does not fit
// (damaged, another corpus version, another tokenizer, truncated) is refused.
import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'fflate';
import { buildChunkIndex } from '../../../src/core/retrieval/index.ts';
import {
  decodeIndexFile,
  decodeIndexFileGz,
  encodeIndexFile,
  encodeIndexFileGz,
} from '../../../src/core/retrieval/index-file.ts';
import { IndexFileError } from '../../../src/core/errors.ts';
import type { Chunk } from '../../../src/core/types.ts';

function chunk(doc: string, n: number, text: string, focus?: string, question?: string): Chunk {
  return {
    id: `${doc}#${n}`,
    corpus: 'c',
    doc,
    title: question ?? doc,
    source: 'test',
    text,
    sentences: [[0, text.length]],
    offset: 0,
    ...(focus ? { focus } : {}),
    ...(question ? { question } : {}),
  };
}

const chunks: Chunk[] = [
  chunk('g/1', 0, "Glaucoma is a group of diseases that can damage the eye's optic nerve.", 'Glaucoma', 'What is (are) Glaucoma?'),
  chunk('g/1', 1, 'It is a leading cause of blindness in the United States.', 'Glaucoma', 'What is (are) Glaucoma?'),
  chunk('h/1', 0, 'High blood pressure (hypertension) raises the risk of stroke.', 'High Blood Pressure', 'What causes High Blood Pressure?'),
  chunk('d/1', 0, 'Type 2 diabetes is the most common form of diabetes. 糖尿病很常见。', 'Diabetes', 'What are the treatments for Diabetes?'),
  // Long postings lists and large gaps exercise the variable-length integers.
  ...Array.from({ length: 400 }, (_, i) => chunk(`x/${i}`, 0, `Filler passage ${i} about nerve ${i % 7 === 0 ? 'damage' : 'health'} and word${i * 997}.`)),
];
const corpus = { id: 'c', version: 'v1' };
const ids = chunks.map((c) => c.id);

describe('index file', () => {
  const index = buildChunkIndex(chunks);

  it('round-trips: the same hits, scores, vocabulary and focus index', () => {
    const back = decodeIndexFileGz(encodeIndexFileGz(index, corpus), ids, corpus);
    expect(back.size).toBe(index.size);
    expect(back.vocabularySize).toBe(index.vocabularySize);
    for (const q of ['optic nerve damage', 'blindness', 'hypertension stroke risk', '糖尿病', 'nerve health word99700']) {
      expect(back.search(q, 10)).toEqual(index.search(q, 10));
    }
    const a = index.serialize();
    const b = back.serialize();
    expect([...b.docs]).toEqual([...a.docs]);
    expect([...b.tfs]).toEqual([...a.tfs]);
    expect([...b.docLen]).toEqual([...a.docLen]);
    expect(b.focus?.names).toEqual(a.focus?.names);
    expect([...b.focus!.chunkEntity]).toEqual([...a.focus!.chunkEntity]);
    expect([...b.focus!.chunkKind]).toEqual([...a.focus!.chunkKind]);
    expect(b.focus?.aliasKeys).toEqual(a.focus?.aliasKeys);
    expect(back.focus?.match('Hypertension raises the risk of stroke.')?.entities).toEqual(index.focus?.match('Hypertension raises the risk of stroke.')?.entities);
  });

  it('is the same bytes for the same index (reproducible builds)', () => {
    expect(encodeIndexFileGz(index, corpus)).toEqual(encodeIndexFileGz(buildChunkIndex(chunks), corpus));
  });

  it('reads from an unaligned buffer', () => {
    const raw = encodeIndexFile(index, corpus);
    const shifted = new Uint8Array(raw.length + 3);
    shifted.set(raw, 3);
    expect(decodeIndexFile(shifted.subarray(3), ids, corpus).search('blindness', 3)).toEqual(index.search('blindness', 3));
  });

  it('refuses a file for another corpus, version or chunk count', () => {
    const gz = encodeIndexFileGz(index, corpus);
    expect(() => decodeIndexFileGz(gz, ids, { id: 'c', version: 'v2' })).toThrow(IndexFileError);
    expect(() => decodeIndexFileGz(gz, ids, { id: 'other', version: 'v1' })).toThrow(IndexFileError);
    expect(() => decodeIndexFileGz(gz, ids.slice(1), corpus)).toThrow(/chunks/);
  });

  it('refuses damaged and truncated files, and files of another tokenizer', () => {
    const raw = encodeIndexFile(index, corpus);
    expect(() => decodeIndexFile(raw.subarray(0, raw.length - 50), ids, corpus)).toThrow(IndexFileError);
    expect(() => decodeIndexFile(new TextEncoder().encode('{"format":"claimlens-pack"}'), ids, corpus)).toThrow(/not an index file/);
    const gz = encodeIndexFileGz(index, corpus);
    const bad = gz.slice();
    bad[bad.length >> 1] ^= 0xff;
    expect(() => decodeIndexFileGz(bad, ids, corpus)).toThrow();
    // Rewrite the header's fingerprint, as an index built by an older tokenizer would carry.
    const text = new TextDecoder('latin1').decode(gunzipSync(gz));
    const other = text.replace(/"fingerprint":"[0-9a-f]+"/, '"fingerprint":"0000000000000000"');
    expect(other).not.toBe(text);
    const bytes = Uint8Array.from(other, (c) => c.charCodeAt(0));
    expect(() => decodeIndexFile(bytes, ids, corpus)).toThrow(/another tokenizer/);
  });

  it('refuses a header of the wrong shape, naming the field', () => {
    const text = new TextDecoder('latin1').decode(encodeIndexFile(index, corpus));
    const other = text.replace('"kind":"u32"', '"kind":"u64"'); // same length: the header length stays right
    expect(other).not.toBe(text);
    expect(() => decodeIndexFile(Uint8Array.from(other, (c) => c.charCodeAt(0)), ids, corpus)).toThrow(
      /^the header is not in the expected form \(arrays\.\w+\.kind: expected \(u8 \| u16 \| u32 \| i32 \| varint\), got "u64"\)$/,
    );
  });

  it('refuses postings that point past the last chunk', () => {
    const small = buildChunkIndex(chunks.slice(0, 4));
    const raw = encodeIndexFile(small, corpus);
    // Claims more chunks in the header than the arrays hold.
    const text = new TextDecoder('latin1').decode(raw).replace('"count":4', '"count":5');
    expect(() => decodeIndexFile(Uint8Array.from(text, (c) => c.charCodeAt(0)), [...ids.slice(0, 4), 'extra'], corpus)).toThrow(IndexFileError);
  });
});

describe('index file arrays', () => {
  it('each array owns its buffer (storing the index must not write the whole file once per array)', () => {
    const raw = encodeIndexFile(buildChunkIndex(chunks), corpus);
    const s = decodeIndexFile(raw, ids, corpus).serialize();
    for (const a of [s.docLen, s.offsets, s.docs, s.tfs, s.focus!.chunkEntity, s.focus!.chunkKind, s.focus!.aliasEntity]) {
      expect(a.buffer.byteLength).toBe(a.byteLength);
    }
  });
});

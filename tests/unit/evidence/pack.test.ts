import { describe, expect, it } from 'vitest';
import { gunzipSync, gzipSync, strFromU8, strToU8, zipSync } from 'fflate';
import type { Chunk, ImportResult } from '../../../src/core/types.ts';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EmptyCorpusError, InvalidDataError, MalformedFileError } from '../../../src/core/errors.ts';
import { corpusFromImport, corpusVersion } from '../../../src/core/evidence/corpus.ts';
import { importJsonl } from '../../../src/core/evidence/jsonl.ts';
import { importMedQuADZip } from '../../../src/core/evidence/medquad.ts';
import { decodePack, decodePackAsync, encodePack, makePack, packToJson, parseManifest, parsePack, PACK_FORMAT } from '../../../src/core/evidence/pack.ts';
import { importText } from '../../../src/core/evidence/text.ts';
import { hasMedQuAD, medquadFiles, NO_SHARED, REPO_ROOT } from './shared.ts';

if (!hasMedQuAD) console.warn(NO_SHARED);

const info = { id: 'notes', name: 'My notes', license: 'private', attribution: 'Me', description: 'Test notes' };
const now = new Date('2026-01-02T03:04:05Z');

function sample(): ImportResult {
  return importJsonl(
    [
      '{"id": "a", "title": "Aspirin", "text": "Aspirin lowers the risk of a second heart attack. It can cause stomach bleeding. Café au lait spots are harmless.", "url": "https://example.org/a"}',
      '{"id": "b", "title": "Statins", "text": "Statins lower LDL cholesterol.\\n\\nMuscle pain is a known side effect of statins in some people."}',
    ].join('\n'),
    'notes.jsonl',
    'notes',
  );
}

describe('corpusFromImport', () => {
  it('computes counts, UTF-8 bytes and a content version', () => {
    const r = sample();
    const { meta, chunks } = corpusFromImport(r, info, now);
    expect(chunks).toEqual(r.chunks);
    const utf8 = chunks.reduce((n, c) => n + new TextEncoder().encode(c.text).length, 0);
    expect(meta).toEqual({
      id: 'notes',
      name: 'My notes',
      version: corpusVersion(chunks),
      license: 'private',
      attribution: 'Me',
      chunks: chunks.length,
      bytes: utf8,
      createdAt: '2026-01-02T03:04:05.000Z',
      description: 'Test notes',
    });
    expect(meta.version).toMatch(/^[0-9a-f]{16}$/);
    // "é" counts two bytes.
    expect(meta.bytes).toBe(chunks.reduce((n, c) => n + c.text.length, 0) + 1);
  });

  it('changes the version when any text changes, and only then', () => {
    const a = corpusFromImport(sample(), info, now).meta.version;
    expect(corpusFromImport(sample(), info, new Date()).meta.version).toBe(a);
    const changed = sample();
    changed.chunks[0] = { ...changed.chunks[0], text: changed.chunks[0].text.replace('stomach', 'Stomach') };
    expect(changed.chunks[0].text).toContain('Stomach');
    expect(corpusFromImport(changed, info, now).meta.version).not.toBe(a);
    const renamed = sample();
    renamed.chunks[0] = { ...renamed.chunks[0], id: 'a#9' };
    expect(corpusFromImport(renamed, info, now).meta.version).not.toBe(a);
    const reordered = sample();
    reordered.chunks.reverse();
    expect(corpusFromImport(reordered, info, now).meta.version).not.toBe(a);
  });

  it('stamps the corpus id on chunks and keeps documents from two files apart', () => {
    const one = importText('First file about aspirin and the heart.', 'docs/notes.md', 'tmp');
    const two = importText('Second file about statins and muscles.', 'other/notes.md', 'tmp');
    const merged: ImportResult = { chunks: [...one.chunks, ...two.chunks], documents: 2, skippedEmpty: 0, issues: [] };
    const { chunks } = corpusFromImport(merged, info, now);
    expect(chunks.map((c) => [c.corpus, c.doc, c.id])).toEqual([
      ['notes', 'notes.md', 'notes.md#0'],
      ['notes', 'notes.md~2', 'notes.md~2#0'],
    ]);
  });

  it('throws EmptyCorpusError for an empty import, saying why', () => {
    const empty = importJsonl('{"id": "x", "text": ""}\nnot json', 'e.jsonl', 'e');
    expect(() => corpusFromImport(empty, info)).toThrow(EmptyCorpusError);
    expect(() => corpusFromImport(empty, info)).toThrow(/1 empty document; 1 problem \(first: e\.jsonl: line 2/);
  });
});

describe('evidence packs', () => {
  const { meta, chunks } = corpusFromImport(sample(), info, now);
  const pack = makePack(meta, chunks);

  it('round-trips through gzip exactly', () => {
    const bytes = encodePack(pack);
    expect(bytes[0]).toBe(0x1f);
    expect(bytes[1]).toBe(0x8b);
    expect(decodePack(bytes)).toEqual(pack);
    // Equal packs give equal bytes (no timestamp in the gzip header).
    expect(encodePack(pack)).toEqual(bytes);
  });

  it('writes document fields once and leaves out ids that follow the pattern', () => {
    const wire = JSON.parse(packToJson(pack));
    expect(wire.format).toBe(PACK_FORMAT);
    expect(wire.formatVersion).toBe(1);
    expect(wire.chunks).toBeUndefined();
    expect(wire.docs.map((d: { doc: string }) => d.doc)).toEqual(['a', 'b']);
    expect(wire.docs[0]).toMatchObject({ title: 'Aspirin', source: 'notes.jsonl', url: 'https://example.org/a' });
    expect(wire.docs[0].chunks[0]).toHaveLength(3);
    expect(packToJson(pack).length).toBeLessThan(JSON.stringify(pack).length);
  });

  it('keeps odd ids, foreign corpus ids and interleaved documents', () => {
    const odd: Chunk[] = [
      { ...chunks[0], id: 'custom-id' },
      { ...chunks[chunks.length - 1], corpus: 'elsewhere' },
      { ...chunks[0], id: 'a#7', question: 'Q?', focus: 'F' },
    ];
    const p = makePack({ ...meta, chunks: odd.length }, odd);
    expect(decodePack(encodePack(p))).toEqual(p);
  });

  it('reads the plain form with a chunks array and plain (not gzip) JSON', () => {
    expect(decodePack(strToU8(JSON.stringify(pack)))).toEqual(pack);
    expect(parsePack(JSON.parse(packToJson(pack)))).toEqual(pack);
  });

  it('rejects corrupted, truncated and foreign files with clear errors', () => {
    const bytes = encodePack(pack);
    const flipped = bytes.slice();
    flipped[Math.floor(bytes.length / 2)] ^= 0x55;
    expect(() => decodePack(flipped)).toThrow(MalformedFileError);
    expect(() => decodePack(flipped)).toThrow(/damaged|checksum|decompressed/);
    expect(() => decodePack(bytes.subarray(0, bytes.length - 20))).toThrow(/damaged or not an evidence pack/);
    expect(() => decodePack(new Uint8Array(0))).toThrow(/the file is empty/);
    // Stored (level 0) gzip: a flipped byte still decompresses; the CRC catches it.
    const stored = encodePack(pack, 0);
    const text = strFromU8(gunzipSync(stored));
    const at = stored.length - 8 - Math.floor(text.length / 2);
    const bad = stored.slice();
    bad[at] = bad[at] === 0x61 ? 0x62 : 0x61;
    expect(() => gunzipSync(bad)).not.toThrow();
    expect(() => decodePack(bad)).toThrow(/the gzip checksum does not match/);
    expect(() => decodePack(strToU8('<html>Not found</html>'))).toThrow(/the JSON is invalid or truncated/);
    expect(() => decodePack(gzipSync(strToU8('{"format": "something-else"}')))).toThrow(/has no "format": "claimlens-pack"/);
  });

  it('decodes with DecompressionStream too, with the same errors', async () => {
    const bytes = encodePack(pack);
    expect(await decodePackAsync(bytes)).toEqual(pack);
    expect(await decodePackAsync(strToU8(packToJson(pack)))).toEqual(pack);
    // A changed letter inside stored (level 0) gzip data: only the CRC shows it.
    const stored = encodePack(pack, 0);
    const bad = stored.slice();
    bad[strFromU8(stored, true).indexOf('stomach')] = 0x53;
    await expect(decodePackAsync(bad)).rejects.toThrow(MalformedFileError);
    await expect(decodePackAsync(bad)).rejects.toThrow(/cannot be decompressed/);
    await expect(decodePackAsync(bytes.subarray(0, bytes.length - 30))).rejects.toThrow(/damaged or not an evidence pack/);
  });

  it('checks the content against the meta', () => {
    const wire = JSON.parse(packToJson(pack));
    const newer = { ...wire, formatVersion: 2 };
    expect(() => parsePack(newer)).toThrow(/format version 2, but this version of ClaimLens reads version 1\. Update ClaimLens/);
    expect(() => parsePack({ ...wire, meta: { ...wire.meta, chunks: 99 } })).toThrow(/meta says 99 chunks but the pack holds/);
    expect(() => parsePack({ ...wire, meta: { ...wire.meta, version: undefined } })).toThrow(/meta\.version: missing/);
    const badSpan = structuredClone(wire);
    badSpan.docs[0].chunks[0][2] = [0, 99999];
    expect(() => parsePack(badSpan)).toThrow(/docs\[0\]\.chunks\[0\]\[2\]: sentence span \[0, 99999\] lies outside the text/);
    const dup = structuredClone(wire);
    dup.docs[1].chunks[0].push('a#0');
    expect(() => parsePack(dup)).toThrow(/chunk id "a#0" appears twice/);
  });

  it.skipIf(!hasMedQuAD)('round-trips real MedQuAD chunks', () => {
    const files = medquadFiles((n) => /\/(1_CancerGov_QA\/0000013_2.*|2_GARD_QA\/000000\d)\.xml$/.test(n));
    const r = importMedQuADZip(zipSync(files), 'medquad');
    const corpus = corpusFromImport(r, { id: 'medquad', name: 'MedQuAD', license: 'CC BY 4.0' });
    const p = makePack(corpus.meta, corpus.chunks);
    const decoded = decodePack(encodePack(p));
    expect(decoded).toEqual(p);
    expect(corpusVersion(decoded.chunks)).toBe(corpus.meta.version);
    // The compact form is much smaller than plain chunk JSON here too.
    expect(packToJson(p).length).toBeLessThan(0.8 * JSON.stringify(p).length);
    expect(JSON.parse(strFromU8(gunzipSync(encodePack(p)))).docs.length).toBe(r.documents);
  });
});

// The built pack and its list (npm run evidence → public/evidence).
const BUILT_PACK = resolve(REPO_ROOT, 'public/evidence/medquad.pack.json.gz');
const BUILT_MANIFEST = resolve(REPO_ROOT, 'public/evidence/manifest.json');
const hasBuiltPack = existsSync(BUILT_PACK) && existsSync(BUILT_MANIFEST);
if (!hasBuiltPack) console.warn('public/evidence has no built pack (npm run evidence): built-pack tests skipped');

describe.skipIf(!hasBuiltPack)('the built MedQuAD pack and its manifest', () => {
  let wire: { meta: Record<string, unknown>; docs: { chunks: unknown[][]; title?: unknown }[] };
  const manifest = () => JSON.parse(readFileSync(BUILT_MANIFEST, 'utf8'));
  const damagedCopy = () => structuredClone(wire);

  it('pass their schemas', () => {
    const text = strFromU8(gunzipSync(new Uint8Array(readFileSync(BUILT_PACK))));
    wire = JSON.parse(text);
    const pack = parsePack(wire);
    expect(pack.chunks.length).toBe(wire.meta.chunks);
    const m = parseManifest(manifest());
    expect(m.packs.map((p) => p.id)).toContain('medquad');
    expect(m.packs[0].meta).toEqual(pack.meta);
  });

  it('a wrong type deep inside names its JSON path', () => {
    const bad = damagedCopy();
    bad.docs[12].chunks[3][1] = 42;
    expect(() => parsePack(bad, 'medquad.pack.json.gz')).toThrow(MalformedFileError);
    expect(() => parsePack(bad, 'medquad.pack.json.gz')).toThrow(
      /^medquad\.pack\.json\.gz is damaged or not an evidence pack: docs\[12\]\.chunks\[3\]\[1\]: expected string, got 42\. Rebuild it/,
    );
  });

  it('a missing field names its JSON path', () => {
    const bad = damagedCopy();
    delete bad.docs[100].title;
    expect(() => parsePack(bad)).toThrow(/: docs\[100\]\.title: missing\./);
    const noText = damagedCopy();
    noText.docs[7].chunks[0].length = 1;
    expect(() => parsePack(noText)).toThrow(/docs\[7\]\.chunks\[0\]\[1\]: missing; docs\[7\]\.chunks\[0\]\[2\]: missing/);
  });

  it('a damaged manifest says which entry and field', () => {
    const m = manifest();
    m.packs[0].sha256 = 'abc';
    delete m.packs[0].meta.license;
    m.packs[0].index.file = '../../etc/passwd';
    let message = '';
    try {
      parseManifest(m);
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidDataError);
      expect(err).toBeInstanceOf(MalformedFileError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/^The evidence pack list \(evidence\/manifest\.json\) is not in the expected form: /);
    expect(message).toContain('packs[0].sha256: not a hex SHA-256');
    expect(message).toContain('packs[0].meta.license: missing');
    expect(message).toContain('packs[0].index.file: not a file name next to the manifest');
    expect(() => parseManifest({ packs: [{ ...manifest().packs[0], id: 'other' }] })).toThrow(/packs\[0\]: meta\.id "medquad" differs from the pack id "other"/);
    expect(() => parseManifest('medquad')).toThrow(/form: expected object, got "medquad"/);
    expect(() => parseManifest([manifest()])).toThrow(/form: expected object, got a list\.$/);
  });
});

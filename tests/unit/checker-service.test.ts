// The checker behind the worker, run in Node on fake IndexedDB with a small
// evidence pack made from real MedQuAD files (MedlinePlus health topics).
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'fflate';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CheckerService, type PackEntry } from '../../src/app/checker-service.ts';
import type { LoadProgress } from '../../src/core/checker.ts';
import { ClaimLensDB, setSetting } from '../../src/db.ts';
import { corpusFromImport, encodePack, importFile, makePack } from '../../src/core/evidence/index.ts';
import { buildChunkIndex } from '../../src/core/retrieval/index.ts';
import { BM25_FORMAT_VERSION } from '../../src/core/retrieval/bm25.ts';
import { encodeIndexFileGz, indexFingerprint, INDEX_FILE_FORMAT, INDEX_FILE_VERSION } from '../../src/core/retrieval/index-file.ts';
import { createFeatureVerifier } from '../../src/core/verify/feature-verifier.ts';
import type { Chunk } from '../../src/core/types.ts';
import { hasMedQuAD, medquadFiles, NO_SHARED } from './evidence/shared.ts';

const BASE = 'http://app.test/';
const SUPPORTED = "Glaucoma is a group of diseases that can damage the eye's optic nerve.";

let packBytes: Uint8Array;
let entry: PackEntry;
/** The pack's search index file, and the manifest entry that lists it. */
let indexBytes: Uint8Array;
let indexed: PackEntry;

/** A fetch that serves evidence/manifest.json and the pack, and counts requests. */
function server(files: Record<string, Uint8Array | string>) {
  const hits: string[] = [];
  const fetchFn = (async (input: string | URL | Request) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    hits.push(url.pathname);
    const body = files[url.pathname.replace(/^\//, '')];
    if (body === undefined) return new Response('not found', { status: 404 });
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-length': String(bytes.length) } });
  }) as typeof fetch;
  return { fetchFn, hits };
}

function packFiles(bytes = packBytes) {
  return { 'evidence/manifest.json': JSON.stringify({ packs: [entry] }), 'evidence/medquad.pack.json.gz': bytes };
}

/** The pack with its index file listed in the manifest. */
function indexedFiles(index: Uint8Array | null = indexBytes, listed = indexed) {
  return {
    'evidence/manifest.json': JSON.stringify({ packs: [listed] }),
    'evidence/medquad.pack.json.gz': packBytes,
    ...(index ? { 'evidence/medquad.index.bin.gz': index } : {}),
  };
}

const dbs: ClaimLensDB[] = [];
let n = 0;
function service(fetchFn: typeof fetch, name = `checker-test-${n++}`) {
  const db = new ClaimLensDB(name);
  dbs.push(db);
  return { db, checker: new CheckerService({ db, verifier: createFeatureVerifier(), baseUrl: BASE, fetch: fetchFn, saveDelayMs: 0 }) };
}

beforeAll(() => {
  if (!hasMedQuAD) return;
  const files = medquadFiles((name) => name.includes('4_MPlus_Health_Topics_QA/') && name.endsWith('.xml'));
  const chunks: Chunk[] = [];
  for (const [name, bytes] of Object.entries(files)) chunks.push(...importFile(name, bytes, 'medquad').chunks);
  const { meta, chunks: all } = corpusFromImport(
    { chunks, documents: Object.keys(files).length, skippedEmpty: 0, issues: [] },
    { id: 'medquad', name: 'MedQuAD', license: 'CC BY 4.0', attribution: 'MedQuAD (CC BY 4.0)' },
  );
  packBytes = encodePack(makePack(meta, all), 6);
  entry = {
    id: 'medquad',
    file: 'medquad.pack.json.gz',
    bytes: packBytes.length,
    sha256: createHash('sha256').update(packBytes).digest('hex'),
    meta,
  };
  indexBytes = encodeIndexFileGz(buildChunkIndex(all), meta);
  indexed = {
    ...entry,
    index: {
      file: 'medquad.index.bin.gz',
      bytes: indexBytes.length,
      sha256: createHash('sha256').update(indexBytes).digest('hex'),
      format: INDEX_FILE_FORMAT,
      formatVersion: INDEX_FILE_VERSION,
      bm25FormatVersion: BM25_FORMAT_VERSION,
      fingerprint: indexFingerprint(),
    },
  };
});

afterEach(async () => {
  const open = dbs.splice(0);
  for (const db of open) db.close();
  for (const name of new Set(open.map((db) => db.name))) await Dexie.delete(name);
});

describe.skipIf(!hasMedQuAD)('CheckerService', () => {
  it('installs a pack without an index file (built before there was one): builds the index, checks from memory, saves in the background', async () => {
    const { fetchFn, hits } = server(packFiles());
    const { db, checker } = service(fetchFn, 'checker-reuse');
    const phases: LoadProgress['phase'][] = [];
    const saving: (LoadProgress | null)[] = [];
    checker.onEvent((e) => {
      if (e.type === 'saving') saving.push(e.progress);
    });
    const state = await checker.init((p) => {
      if (phases.at(-1) !== p.phase) phases.push(p.phase);
    });
    expect(phases).toEqual(['download', 'unpack', 'index']);
    expect(state.corpora.map((c) => [c.id, c.version, c.origin])).toEqual([['medquad', entry.meta.version, 'pack']]);
    expect(state.packs).toEqual([expect.objectContaining({ id: 'medquad', state: 'installed' })]);
    expect(hits.filter((h) => h.endsWith('.gz'))).toHaveLength(1);
    // Searchable before it is saved; saved in the background, the corpus entry last.
    expect(state.saving).toEqual(['medquad']);
    expect(await db.corpora.count()).toBe(0);
    expect((await checker.check(SUPPORTED, { checkReasoning: false, save: false })).record.report.claims[0].verdict).toBe('supported');
    await checker.whenSaved();
    expect(saving.at(-1)).toBeNull();
    expect(saving.filter((p) => p?.phase === 'store').at(-1)).toMatchObject({ done: entry.meta.chunks, total: entry.meta.chunks });
    expect(await db.corpora.count()).toBe(1);
    expect(await db.chunks.count()).toBe(entry.meta.chunks);
    expect((await checker.init()).saving).toBeUndefined();

    // A second start on the same database: no download, no index build.
    const { checker: again } = service(fetchFn, 'checker-reuse');
    const later: LoadProgress[] = [];
    const state2 = await again.init((p) => later.push(p));
    expect(later).toEqual([]);
    expect(hits.filter((h) => h.endsWith('.gz'))).toHaveLength(1);
    const outcome = await again.check(SUPPORTED, { checkReasoning: false });
    expect(outcome.record.report.claims[0].verdict).toBe('supported');
    expect(state2.corpora).toHaveLength(1);
  });

  it('installs a pack with its index file: no index build, same verdicts, the index stored for later starts', async () => {
    const { fetchFn, hits } = server(indexedFiles());
    const { db, checker } = service(fetchFn, 'checker-indexed');
    const progress: LoadProgress[] = [];
    await checker.init((p) => progress.push(p));
    expect(hits.filter((h) => h.endsWith('.gz')).sort()).toEqual(['/evidence/medquad.index.bin.gz', '/evidence/medquad.pack.json.gz']);
    // One index step (loaded, not built), and progress that never goes back.
    expect(progress.filter((p) => p.phase === 'index')).toHaveLength(1);
    const downloads = progress.filter((p) => p.phase === 'download');
    expect(downloads.at(-1)).toMatchObject({ done: packBytes.length + indexBytes.length, total: packBytes.length + indexBytes.length });
    const outcome = await checker.check(SUPPORTED, { checkReasoning: false });
    expect(outcome.record.report.claims[0].verdict).toBe('supported');
    expect(outcome.record.report.claims[0].evidence[0].url).toMatch(/glaucoma/);
    await checker.whenSaved();
    expect(await db.chunks.count()).toBe(entry.meta.chunks);

    const { checker: again } = service(fetchFn, 'checker-indexed');
    const later: LoadProgress[] = [];
    await again.init((p) => later.push(p));
    expect(later).toEqual([]);
    expect((await again.check(SUPPORTED, { checkReasoning: false })).record.report.claims[0].verdict).toBe('supported');
  });

  it('shows determinate progress when the server sends the files gunzipped (Content-Encoding: gzip)', async () => {
    const files = indexedFiles();
    const listed = { ...indexed, rawBytes: gunzipSync(packBytes).length, index: { ...indexed.index!, rawBytes: gunzipSync(indexBytes).length } };
    const fetchFn = (async (input: string | URL | Request) => {
      const path = new URL(String(input instanceof Request ? input.url : input)).pathname.replace(/^\//, '');
      if (path === 'evidence/manifest.json') return new Response(JSON.stringify({ packs: [listed] }));
      const body = files[path as keyof typeof files];
      if (!(body instanceof Uint8Array)) return new Response('not found', { status: 404 });
      // What a browser hands over from such a server: the gunzipped bytes, with the header.
      return new Response(gunzipSync(body) as Uint8Array<ArrayBuffer>, { headers: { 'content-encoding': 'gzip' } });
    }) as typeof fetch;
    const { checker } = service(fetchFn);
    const progress: LoadProgress[] = [];
    await checker.init((p) => progress.push(p));
    const downloads = progress.filter((p) => p.phase === 'download');
    expect(downloads.every((p) => p.total === packBytes.length + indexBytes.length)).toBe(true);
    expect(downloads.some((p) => p.done > 0 && p.done < p.total)).toBe(true);
    expect(downloads.at(-1)!.done).toBe(downloads.at(-1)!.total);
    expect(progress.filter((p) => p.phase === 'index')).toHaveLength(1); // the shipped index, not a build
    expect((await checker.check(SUPPORTED, { checkReasoning: false, save: false })).record.report.claims[0].verdict).toBe('supported');
    await checker.whenSaved();
  });

  it('builds the index when the index file is missing, damaged or made for another corpus version', async () => {
    const damaged = indexBytes.slice();
    damaged[damaged.length >> 1] ^= 0xff;
    const another = encodeIndexFileGz(buildChunkIndex([]), { id: 'medquad', version: 'another' });
    const otherVersion = { ...indexed, index: { ...indexed.index!, sha256: createHash('sha256').update(another).digest('hex') } };
    const cases = [
      server(indexedFiles(null)).fetchFn,
      server(indexedFiles(damaged)).fetchFn,
      server(indexedFiles(another, otherVersion)).fetchFn,
    ];
    for (const fetchFn of cases) {
      const { checker } = service(fetchFn);
      const phases = new Set<string>();
      const state = await checker.init((p) => {
        if (p.phase === 'index' && p.done < p.total) phases.add('built');
      });
      expect(state.packError).toBeUndefined();
      expect([...phases]).toEqual(['built']);
      expect((await checker.check(SUPPORTED, { checkReasoning: false, save: false })).record.report.claims[0].verdict).toBe('supported');
      await checker.whenSaved();
    }
  });

  it('a reload while the pack is being saved leaves no corpus that looks complete', async () => {
    const { fetchFn } = server(indexedFiles());
    const { db, checker } = service(fetchFn, 'checker-cut');
    await checker.init();
    // The page goes away mid-save: the database closes under the transaction.
    db.close();
    await checker.whenSaved();
    const { db: db2, checker: again } = service(fetchFn, 'checker-cut');
    await db2.open();
    expect(await db2.corpora.count()).toBe(0);
    // The next start installs the pack again, completely.
    const state = await again.init();
    expect(state.corpora.map((c) => c.id)).toEqual(['medquad']);
    await again.whenSaved();
    expect(await db2.corpora.count()).toBe(1);
    expect(await db2.chunks.count()).toBe(entry.meta.chunks);
  });

  it('a reload after the pack file is saved but before the chunks are resumes from it, without a download', async () => {
    const { fetchFn, hits } = server(indexedFiles());
    const { db, checker } = service(fetchFn, 'checker-resume');
    await checker.init();
    await checker.whenSaved();
    // As a reload between the first and the last step leaves it: the pack file and the index, no chunks, no corpus entry.
    const corpus = (await db.corpora.get('medquad'))!;
    await db.packFiles.put({ id: 'medquad', version: corpus.version, file: 'medquad.pack.json.gz', bytes: packBytes, corpus, createdAt: '' });
    await db.chunks.clear();
    await db.corpora.clear();
    const downloads = hits.filter((h) => h.endsWith('.gz')).length;

    const { checker: again } = service(fetchFn, 'checker-resume');
    const phases = new Set<string>();
    const state = await again.init((p) => phases.add(p.phase));
    expect([...phases]).toEqual(['unpack', 'index']);
    expect(hits.filter((h) => h.endsWith('.gz'))).toHaveLength(downloads);
    expect(state.corpora.map((c) => c.id)).toEqual(['medquad']);
    expect((await again.check(SUPPORTED, { checkReasoning: false, save: false })).record.report.claims[0].verdict).toBe('supported');
    await again.whenSaved();
    expect(await db.corpora.count()).toBe(1);
    expect(await db.chunks.count()).toBe(entry.meta.chunks);
    expect(await db.packFiles.count()).toBe(0);
  });

  it('rebuilds a stored index it cannot read, from the stored chunks', async () => {
    const { fetchFn, hits } = server(packFiles());
    const { db, checker } = service(fetchFn, 'checker-stale');
    await checker.init();
    await checker.whenSaved();
    await db.indexes.put({ corpus: 'medquad', version: entry.meta.version, index: { kind: 'bm25', formatVersion: 0 } as never, createdAt: '' });

    const { checker: again } = service(fetchFn, 'checker-stale');
    const phases = new Set<string>();
    await again.init((p) => phases.add(p.phase));
    expect([...phases]).toEqual(['index']);
    expect(hits.filter((h) => h.endsWith('.gz'))).toHaveLength(1);
    expect((await again.check(SUPPORTED, { checkReasoning: false })).record.report.claims[0].verdict).toBe('supported');
    const stored = await db.indexes.get(['medquad', entry.meta.version]);
    expect((stored?.index as { formatVersion: number }).formatVersion).toBe(2);
  });

  it('checks an answer, saves it to history and caches verdicts', async () => {
    const { fetchFn } = server(packFiles());
    const { db, checker } = service(fetchFn);
    await checker.init();
    const progress: number[] = [];
    const first = await checker.check(SUPPORTED, { checkReasoning: false }, (p) => progress.push(p.done));
    expect(first.saved).toBe(true);
    const claim = first.record.report.claims[0];
    expect(claim.verdict).toBe('supported');
    expect(claim.evidence[0].url).toMatch(/glaucoma/);
    expect(first.record.report.corpora).toEqual({ medquad: entry.meta.version });
    expect(progress.at(-1)).toBe(1);
    expect(await db.checks.count()).toBe(1);
    expect(await db.verdicts.count()).toBeGreaterThan(0);

    const second = await checker.check(SUPPORTED, { checkReasoning: false });
    expect(second.record.report.claims[0].cached).toBe(true);
    expect(second.record.id).not.toBe(first.record.id);
    expect(await db.checks.count()).toBe(2);
  });

  it('checks claims it is given (spans kept) and can leave history alone', async () => {
    const { db, checker } = service(server(packFiles()).fetchFn);
    await checker.init();
    // One claim the model rephrased, tied to its span in the answer; the rule
    // splitter would have found two claims here.
    const answer = `<think>\nGlaucoma damages the optic nerve.\n</think>\n\nIt damages the optic nerve. Also, it has no symptoms early on.`;
    const start = answer.indexOf('It damages');
    const claims = [
      { text: 'Glaucoma can damage the optic nerve.', start, end: start + 26, sentenceStart: start, sentenceEnd: start + 27, part: 'answer' as const },
      { text: 'Glaucoma damages the optic nerve.', start: 9, end: 42, sentenceStart: 9, sentenceEnd: 42, part: 'reasoning' as const },
    ];
    const out = await checker.check(answer, { checkReasoning: false, claims, save: false });
    expect(out.saved).toBe(false);
    expect(out.saveError).toBeUndefined();
    expect(await db.checks.count()).toBe(0);
    // The reasoning claim is dropped unless reasoning is checked.
    expect(out.record.report.claims.map((c) => [c.text, c.start, c.end, c.part])).toEqual([
      ['Glaucoma can damage the optic nerve.', start, start + 26, 'answer'],
    ]);
    expect(out.record.report.claims[0].verdict).toBe('supported');

    const both = await checker.check(answer, { checkReasoning: true, claims });
    expect(both.saved).toBe(true);
    expect(both.record.report.claims.map((c) => c.part)).toEqual(['answer', 'reasoning']);
    expect(await db.checks.count()).toBe(1);
  });

  it('rejects empty and oversized input by name', async () => {
    const { checker } = service(server(packFiles()).fetchFn);
    const state = await checker.init();
    await expect(checker.check('  ', { checkReasoning: false })).rejects.toMatchObject({ name: 'EmptyInputError' });
    await expect(checker.check('a'.repeat(state.maxAnswerChars + 1), { checkReasoning: false })).rejects.toMatchObject({
      name: 'InputTooLargeError',
    });
  });

  it('imports a file as its own corpus; bad files change nothing', async () => {
    const { db, checker } = service(server(packFiles()).fetchFn);
    await checker.init();
    await checker.whenSaved();
    const bytes = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer;
    await expect(checker.importFile('x.bin', new Uint8Array([1, 0, 2, 0]).buffer)).rejects.toMatchObject({ name: 'BinaryFileError' });
    await expect(checker.importFile('x.json', bytes('[{"title": "cut'))).rejects.toMatchObject({ name: 'MalformedFileError' });
    await expect(checker.importFile('empty.txt', bytes(''))).rejects.toMatchObject({ name: 'EmptyCorpusError' });
    expect(await db.corpora.count()).toBe(1);

    const outcome = await checker.importFile('notes.txt', bytes('Zorblax fever is treated with rest. It is not contagious.'));
    expect(outcome.corpus.origin).toBe('import');
    expect(outcome.corpus.chunks).toBeGreaterThan(0);
    expect(await db.chunks.where('corpus').equals(outcome.corpus.id).count()).toBe(outcome.corpus.chunks);
    expect(await db.corpora.count()).toBe(2);
  });

  it('a deleted pack stays deleted until installed again; no corpus means EmptyCorpusError', async () => {
    const { fetchFn } = server(packFiles());
    const { db, checker } = service(fetchFn, 'checker-delete');
    await checker.init();
    const state = await checker.deleteCorpus('medquad');
    expect(state.corpora).toEqual([]);
    expect(state.packs[0].state).toBe('removed');
    expect(await db.chunks.count()).toBe(0);
    await expect(checker.check(SUPPORTED, { checkReasoning: false })).rejects.toMatchObject({ name: 'EmptyCorpusError' });

    const { checker: restarted } = service(fetchFn, 'checker-delete');
    expect((await restarted.init()).corpora).toEqual([]);
    const restored = await restarted.installPack('medquad');
    expect(restored.corpora.map((c) => c.id)).toEqual(['medquad']);
    expect(restored.packs[0].state).toBe('installed');
  });

  it('a damaged pack is reported and does not stop the checker', async () => {
    const damaged = packBytes.slice();
    damaged[damaged.length >> 1] ^= 0xff;
    const { checker } = service(server(packFiles(damaged)).fetchFn);
    const state = await checker.init();
    expect(state.corpora).toEqual([]);
    expect(state.packError).toMatchObject({ name: 'MalformedFileError' });
    expect(state.packError?.message).toMatch(/damaged/);
  });

  it('a stored list of removed packs of the wrong shape is reported and read as empty', async () => {
    const db = new ClaimLensDB(`checker-test-${n++}`);
    dbs.push(db);
    await db.open();
    await setSetting(db, 'removedPacks', 'medquad');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const checker = new CheckerService({ db, verifier: createFeatureVerifier(), baseUrl: BASE, fetch: server(packFiles()).fetchFn, saveDelayMs: 0 });
      const state = await checker.init();
      expect(state.packs[0]).toMatchObject({ id: 'medquad', state: 'installed' });
      expect(warn).toHaveBeenCalledWith('The stored setting "removedPacks" is not in the expected form (expected list, got "medquad"); the default is used instead.');
      await checker.whenSaved();
    } finally {
      warn.mockRestore();
    }
  });

  it('a pack list of the wrong shape is reported with the path of the problem', async () => {
    const bad = { packs: [{ ...entry, bytes: 'six megabytes', meta: { ...entry.meta, chunks: undefined } }] };
    const { checker } = service(server({ ...packFiles(), 'evidence/manifest.json': JSON.stringify(bad) }).fetchFn);
    const state = await checker.init();
    expect(state.corpora).toEqual([]);
    expect(state.packs).toEqual([]);
    expect(state.packError).toMatchObject({ name: 'InvalidDataError' });
    expect(state.packError?.message).toContain('evidence/manifest.json');
    expect(state.packError?.message).toMatch(/packs\[0\]\.bytes: expected number, got "six megabytes"/);
    expect(state.packError?.message).toMatch(/packs\[0\]\.meta\.chunks: missing/);
  });

  it('a pack list that is not JSON is reported as such', async () => {
    const { checker } = service(server({ ...packFiles(), 'evidence/manifest.json': '<html>offline</html>' }).fetchFn);
    const state = await checker.init();
    expect(state.packError).toMatchObject({ name: 'InvalidDataError' });
    expect(state.packError?.message).toMatch(/manifest\.json\) is not valid JSON/);
  });

  it('works from what is stored when the pack list cannot be fetched', async () => {
    const { checker } = service(server({}).fetchFn);
    const state = await checker.init();
    expect(state.corpora).toEqual([]);
    expect(state.packError).toMatchObject({ name: 'NotFoundError' });
  });
});

if (!hasMedQuAD) console.warn(NO_SHARED);

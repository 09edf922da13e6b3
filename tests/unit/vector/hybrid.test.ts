import { describe, expect, it } from 'vitest';
import type { Chunk, ScoredChunk } from '../../../src/core/types.ts';
import { buildChunkIndex, BM25Retriever, MemoryChunkStore, retrievalTerms } from '../../../src/core/retrieval/index.ts';
import {
  DenseRetriever,
  HybridRetriever,
  minMaxNormalize,
  reciprocalRankFusion,
  weightedScoreFusion,
} from '../../../src/core/retrieval/hybrid.ts';
import { contentHash, FlatIndex, IvfIndex, VectorStore } from '../../../src/core/vector/index.ts';
import type { Retriever } from '../../../src/core/retrieval/types.ts';

function chunk(id: string, text = id): Chunk {
  return { id, corpus: 't', doc: id, title: id, source: 'test', text, sentences: [[0, text.length]], offset: 0 };
}
function ranking(...items: [string, number][]): ScoredChunk[] {
  return items.map(([id, score]) => ({ chunk: chunk(id), score }));
}

describe('reciprocal rank fusion', () => {
  const a = ranking(['a', 9], ['b', 5], ['c', 1]);
  const b = ranking(['c', 0.9], ['a', 0.8], ['d', 0.1]);

  it('sums 1/(k + rank) over the rankings', () => {
    const fused = reciprocalRankFusion([a, b], 60);
    expect(fused.map((f) => f.chunk.id)).toEqual(['a', 'c', 'b', 'd']);
    const score = Object.fromEntries(fused.map((f) => [f.chunk.id, f.score]));
    expect(score.a).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(score.c).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(score.b).toBeCloseTo(1 / 62, 12);
    expect(score.d).toBeCloseTo(1 / 63, 12);
  });

  it('applies per-ranking weights and a different k', () => {
    const fused = reciprocalRankFusion([a, b], 1, [1, 3]);
    const score = Object.fromEntries(fused.map((f) => [f.chunk.id, f.score]));
    expect(score.c).toBeCloseTo(1 / 4 + 3 / 2, 12);
    expect(score.a).toBeCloseTo(1 / 2 + 3 / 3, 12);
    expect(score.d).toBeCloseTo(3 / 4, 12);
    expect(fused[0].chunk.id).toBe('c');
  });

  it('counts a chunk listed twice in one ranking once, at its best rank', () => {
    const dup = ranking(['x', 3], ['x', 2], ['y', 1]);
    const score = Object.fromEntries(reciprocalRankFusion([dup]).map((f) => [f.chunk.id, f.score]));
    expect(score.x).toBeCloseTo(1 / 61, 12);
    expect(score.y).toBeCloseTo(1 / 63, 12);
  });

  it('breaks equal scores by best rank, then by id, so results are stable', () => {
    const fused = reciprocalRankFusion([ranking(['p', 1]), ranking(['q', 1])]);
    expect(fused.map((f) => f.chunk.id)).toEqual(['p', 'q']);
    expect(reciprocalRankFusion([])).toEqual([]);
  });
});

describe('weighted score fusion', () => {
  it('min–max normalises each ranking and sums with weights; absent means 0', () => {
    const a = ranking(['a', 10], ['b', 6], ['c', 2]);
    const b = ranking(['c', 0.9], ['a', 0.8], ['d', 0.5]);
    const fused = weightedScoreFusion([a, b], [0.5, 0.5]);
    const score = Object.fromEntries(fused.map((f) => [f.chunk.id, f.score]));
    expect(score.a).toBeCloseTo(0.5 * 1 + 0.5 * 0.75, 12);
    expect(score.b).toBeCloseTo(0.5 * 0.5, 12);
    expect(score.c).toBeCloseTo(0.5 * 0 + 0.5 * 1, 12);
    expect(score.d).toBeCloseTo(0, 12);
    expect(fused.map((f) => f.chunk.id)).toEqual(['a', 'c', 'b', 'd']);
  });

  it('maps a ranking of equal scores (or one item) to 1', () => {
    expect(minMaxNormalize([3, 3])).toEqual([1, 1]);
    expect(minMaxNormalize([7])).toEqual([1]);
    expect(minMaxNormalize([4, 2, 0])).toEqual([1, 0.5, 0]);
  });
});

// Test double for an embedding model: hashed bag of stemmed terms, with a few
// synonyms folded onto one concept so that "dense" finds what BM25 cannot.
const CONCEPTS: Record<string, string> = { hypertens: 'bp', 'high-blood-pressur': 'bp', bp: 'bp', kidnei: 'renal', renal: 'renal' };
function toyEmbed(text: string, dim = 64): Float32Array {
  const v = new Float32Array(dim);
  const normalized = text.toLowerCase().replace(/high blood pressure/g, 'high-blood-pressure');
  for (const term of retrievalTerms(normalized)) {
    const t = CONCEPTS[term] ?? term;
    const h = Number.parseInt(contentHash(t).slice(0, 8), 16);
    v[h % dim] += (h & 0x100) ? 1 : -1;
  }
  let n = 0;
  for (const x of v) n += x * x;
  if (n > 0) for (let i = 0; i < dim; i++) v[i] /= Math.sqrt(n);
  return v;
}

const chunks: Chunk[] = [
  chunk('htn', 'Hypertension raises the risk of stroke and heart attack.'),
  chunk('kidney', 'Chronic kidney disease can follow years of uncontrolled diabetes.'),
  chunk('insulin', 'Insulin is a hormone made by the pancreas.'),
  chunk('bp-diet', 'Eating less salt lowers high blood pressure in many adults.'),
  chunk('glaucoma', 'Glaucoma damages the optic nerve and can cause blindness.'),
  chunk('renal', 'Renal failure means the kidneys no longer filter blood well.'),
];

function denseOver(list: Chunk[], store = new MemoryChunkStore(list)) {
  const vectors = new VectorStore({ corpus: 't', model: 'toy@1', dim: 64, precision: 'f32' });
  for (const c of list) vectors.upsert(c.id, toyEmbed(c.text), contentHash(c.text));
  return new DenseRetriever({ embedQuery: (t) => toyEmbed(t), index: new FlatIndex(vectors), chunks: store });
}

describe('DenseRetriever', () => {
  it('returns chunks by embedding similarity, best first, as cosine scores', async () => {
    const dense = denseOver(chunks);
    const hits = await dense.search('hypertension', 3);
    // "hypertension" and "high blood pressure" fold onto one concept in the toy model.
    expect(hits.map((h) => h.chunk.id).slice(0, 2).sort()).toEqual(['bp-diet', 'htn']);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1].score).toBeGreaterThanOrEqual(hits[i].score);
    expect(hits[0].score).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('normalises the query, so a scaled embedding gives the same scores', async () => {
    const plain = denseOver(chunks);
    const scaled = new DenseRetriever({
      embedQuery: (t) => toyEmbed(t).map((x) => x * 7),
      index: (plain as unknown as { index: FlatIndex }).index,
      chunks: new MemoryChunkStore(chunks),
    });
    expect(await scaled.search('renal failure', 2)).toEqual(await plain.search('renal failure', 2));
  });

  it('drops hits whose chunk is no longer in the chunk store, and returns nothing for an empty query', async () => {
    const dense = denseOver(chunks, new MemoryChunkStore(chunks.filter((c) => c.id !== 'renal')));
    const hits = await dense.search('renal failure kidneys', 6);
    expect(hits.map((h) => h.chunk.id)).not.toContain('renal');
    expect(hits.length).toBe(5);
    expect(await dense.search('   ', 5)).toEqual([]);
    expect(await dense.search('renal', 0)).toEqual([]);
  });

  it('works over an IVF index as well as a flat one', async () => {
    const vectors = new VectorStore({ corpus: 't', model: 'toy@1', dim: 64 });
    for (const c of chunks) vectors.upsert(c.id, toyEmbed(c.text), contentHash(c.text));
    const ivf = IvfIndex.build(vectors, { nlist: 2, nprobe: 2 });
    const dense = new DenseRetriever({ embedQuery: toyEmbed, index: ivf, chunks: new MemoryChunkStore(chunks) });
    expect((await dense.search('optic nerve damage', 1))[0].chunk.id).toBe('glaucoma');
  });
});

describe('HybridRetriever', () => {
  const bm25 = new BM25Retriever(buildChunkIndex(chunks), new MemoryChunkStore(chunks), 't');
  const dense = denseOver(chunks);

  it('with RRF, ranks first what both retrievers rank high and keeps what only one finds', async () => {
    const hybrid = new HybridRetriever({ sparse: bm25, dense, method: 'rrf' });
    const sparseHits = (await bm25.search('hypertension stroke', 5)).map((h) => h.chunk.id);
    // BM25 cannot see "high blood pressure" as hypertension; the dense side can.
    expect(sparseHits).not.toContain('bp-diet');
    const fused = (await hybrid.search('hypertension stroke', 3)).map((h) => h.chunk.id);
    expect(fused[0]).toBe('htn');
    expect(fused).toContain('bp-diet');
    expect(fused).toHaveLength(3);
  });

  it('with weighted fusion, the weights decide between the two sides', async () => {
    const sparseOnly = new HybridRetriever({ sparse: bm25, dense, method: 'weighted', weights: { sparse: 1, dense: 0 } });
    const denseOnly = new HybridRetriever({ sparse: bm25, dense, method: 'weighted', weights: { sparse: 0, dense: 1 } });
    const q = 'kidney disease';
    expect((await sparseOnly.search(q, 1))[0].chunk.id).toBe((await bm25.search(q, 1))[0].chunk.id);
    expect((await denseOnly.search(q, 1))[0].chunk.id).toBe((await dense.search(q, 1))[0].chunk.id);
  });

  it('asks each side for more candidates than k and passes IDF through from the sparse side', async () => {
    const asked: number[] = [];
    const spy = (inner: Retriever): Retriever => ({
      name: inner.name,
      search: (q, k) => {
        asked.push(k);
        return inner.search(q, k);
      },
    });
    const hybrid = new HybridRetriever({ sparse: bm25, dense: spy(dense), depth: (k) => k * 4 });
    await hybrid.search('insulin pancreas', 2);
    expect(asked).toEqual([8]);
    expect(hybrid.idf('insulin')).toBeCloseTo(bm25.idf('insulin'), 10);
    expect(await hybrid.search('insulin', 0)).toEqual([]);
  });
});

// Dense retrieval over a vector index, and hybrid retrieval that fuses a
// sparse (BM25) and a dense ranking. Two fusions, selectable:
// - reciprocal rank fusion: score = Σ wᵢ / (k + rankᵢ), rank from 1; needs
//   no score calibration, so it is the safe default;
// - weighted sum of min–max normalised scores: uses how far ahead a result
//   is, not just its place, but depends on each retriever's score shape.
import type { ScoredChunk } from '../types.ts';
import { normalizeInPlace } from '../vector/quantize.ts';
import type { VectorIndex } from '../vector/types.ts';
import { chunksOfHits, type ChunkStore, type Retriever } from './types.ts';

export type FusionMethod = 'rrf' | 'weighted';

export interface FusionOptions {
  method?: FusionMethod;
  /** RRF constant; 60 as in Cormack et al. (2009). */
  rrfK?: number;
  /** One weight per ranking (default: all 1). */
  weights?: number[];
}

interface Acc {
  item: ScoredChunk;
  score: number;
  bestRank: number;
}

function collect(
  lists: ScoredChunk[][],
  weights: number[] | undefined,
  contribution: (list: ScoredChunk[], rank: number) => number,
): ScoredChunk[] {
  const acc = new Map<string, Acc>();
  lists.forEach((list, li) => {
    const w = weights?.[li] ?? 1;
    const seen = new Set<string>();
    list.forEach((sc, rank) => {
      const id = sc.chunk.id;
      // A ranking that lists a chunk twice counts it once, at its best place.
      if (seen.has(id)) return;
      seen.add(id);
      const add = w * contribution(list, rank);
      const a = acc.get(id);
      if (a) {
        a.score += add;
        a.bestRank = Math.min(a.bestRank, rank);
      } else {
        acc.set(id, { item: sc, score: add, bestRank: rank });
      }
    });
  });
  return [...acc.values()]
    .sort((a, b) => b.score - a.score || a.bestRank - b.bestRank || (a.item.chunk.id < b.item.chunk.id ? -1 : 1))
    .map((a) => ({ chunk: a.item.chunk, score: a.score }));
}

/** RRF over rankings (best first). Chunks are matched by id. */
export function reciprocalRankFusion(lists: ScoredChunk[][], rrfK = 60, weights?: number[]): ScoredChunk[] {
  return collect(lists, weights, (_list, rank) => 1 / (rrfK + rank + 1));
}

/** Scores of a ranking mapped to [0, 1] (best → 1, worst → 0; all equal → 1). */
export function minMaxNormalize(scores: number[]): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of scores) {
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  const span = hi - lo;
  return scores.map((s) => (span > 0 ? (s - lo) / span : 1));
}

/** Weighted sum of min–max normalised scores; a chunk missing from a ranking gets 0 there. */
export function weightedScoreFusion(lists: ScoredChunk[][], weights?: number[]): ScoredChunk[] {
  const normalized = lists.map((list) => minMaxNormalize(list.map((s) => s.score)));
  const norm = new Map<ScoredChunk[], number[]>(lists.map((l, i) => [l, normalized[i]]));
  return collect(lists, weights, (list, rank) => norm.get(list)![rank]);
}

export function fuse(lists: ScoredChunk[][], options: FusionOptions = {}): ScoredChunk[] {
  return (options.method ?? 'rrf') === 'rrf'
    ? reciprocalRankFusion(lists, options.rrfK ?? 60, options.weights)
    : weightedScoreFusion(lists, options.weights);
}

/** Turns a text into an embedding; the model runner (in a worker) provides it. */
export type QueryEmbedder = (text: string) => Float32Array | Promise<Float32Array>;

export interface DenseRetrieverOptions {
  embedQuery: QueryEmbedder;
  index: VectorIndex;
  chunks: ChunkStore;
  name?: string;
  /** For cache keys, e.g. "dense@Xenova/all-MiniLM-L6-v2@main" (default: the name). */
  version?: string;
}

/** Retrieves chunks whose embeddings are nearest to the query's. */
export class DenseRetriever implements Retriever {
  readonly name: string;
  readonly version: string;
  private readonly embedQuery: QueryEmbedder;
  private readonly index: VectorIndex;
  private readonly chunks: ChunkStore;

  constructor(options: DenseRetrieverOptions) {
    this.name = options.name ?? 'dense';
    this.version = options.version ?? this.name;
    this.embedQuery = options.embedQuery;
    this.index = options.index;
    this.chunks = options.chunks;
  }

  async search(query: string, k: number): Promise<ScoredChunk[]> {
    if (k <= 0 || query.trim() === '' || this.index.store.size === 0) return [];
    const raw = await this.embedQuery(query);
    // Stored vectors are unit length; a unit query makes scores cosines.
    const q = Float32Array.from(raw);
    normalizeInPlace(q);
    return chunksOfHits(this.chunks, this.index.search(q, k));
  }
}

export interface HybridRetrieverOptions extends Omit<FusionOptions, 'weights'> {
  sparse: Retriever;
  dense: Retriever;
  /** Weights of the two rankings (default 1 and 1; for `weighted`, e.g. 0.4 / 0.6). */
  weights?: { sparse: number; dense: number };
  /** Candidates asked of each retriever for a top-k; default max(2k, 20). */
  depth?: (k: number) => number;
}

/** What a hybrid retriever is, for cache keys: fusion, its parameters and both sides. */
export function hybridVersion(o: Pick<HybridRetrieverOptions, 'method' | 'rrfK' | 'weights' | 'sparse' | 'dense'>): string {
  const method = o.method ?? 'rrf';
  const w = o.weights ?? { sparse: 1, dense: 1 };
  const params = method === 'rrf' ? `k${o.rrfK ?? 60}` : '';
  const side = (r: Retriever) => r.version ?? r.name;
  return `hybrid(${method}${params ? ',' + params : ''},${w.sparse}/${w.dense})[${side(o.sparse)}+${side(o.dense)}]`;
}

/** Fuses a sparse and a dense retriever's rankings. */
export class HybridRetriever implements Retriever {
  readonly name = 'hybrid';
  readonly version: string;
  readonly sparse: Retriever;
  readonly dense: Retriever;
  private readonly options: HybridRetrieverOptions;

  constructor(options: HybridRetrieverOptions) {
    this.sparse = options.sparse;
    this.dense = options.dense;
    this.options = options;
    this.version = hybridVersion(options);
  }

  async search(query: string, k: number): Promise<ScoredChunk[]> {
    if (k <= 0) return [];
    const depth = this.options.depth ? this.options.depth(k) : Math.max(2 * k, 20);
    const [sparse, dense] = await Promise.all([this.sparse.search(query, depth), this.dense.search(query, depth)]);
    const w = this.options.weights ?? { sparse: 1, dense: 1 };
    return fuse([sparse, dense], { method: this.options.method, rrfK: this.options.rrfK, weights: [w.sparse, w.dense] }).slice(
      0,
      k,
    );
  }

  /** The claim's entity as the sparse side knows it. */
  focusOf(query: string) {
    return this.sparse.focusOf?.(query);
  }

  /** IDF from the sparse side, for verifiers that weigh terms (0 when it has none). */
  idf(term: string): number {
    const f = (this.sparse as { idf?: (t: string) => number }).idf;
    return f ? f.call(this.sparse, term) : 0;
  }
}

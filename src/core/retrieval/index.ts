import type { Chunk, ScoredChunk } from '../types.ts';
import { chunksOfHits, type ChunkStore, type Retriever } from './types.ts';
import { BM25Index, bm25Idf, retrievalTerms } from './bm25.ts';

export type { ChunkStore, Retriever } from './types.ts';
export { BM25Index, bm25Idf, retrievalTerms } from './bm25.ts';
export type { SerializedBM25, Hit, IndexDoc } from './bm25.ts';
export { bestSentence } from './sentence.ts';

/** Text that goes into the index for a chunk: its focus (or title) and its text. */
export function indexText(chunk: Pick<Chunk, 'focus' | 'title' | 'text'>): string {
  const head = chunk.focus || chunk.title || '';
  return head ? `${head}\n${chunk.text}` : chunk.text;
}

/** Builds a BM25 index over chunks (focus/title included). */
export function buildChunkIndex(chunks: Iterable<Chunk>, onProgress?: (done: number) => void): BM25Index {
  function* docs() {
    for (const c of chunks) yield { id: c.id, text: indexText(c) };
  }
  return BM25Index.build(docs(), onProgress);
}

export class MemoryChunkStore implements ChunkStore {
  private readonly byId = new Map<string, Chunk>();
  constructor(chunks: Iterable<Chunk>) {
    for (const c of chunks) this.byId.set(c.id, c);
  }
  get size(): number {
    return this.byId.size;
  }
  all(): IterableIterator<Chunk> {
    return this.byId.values();
  }
  async getChunks(ids: string[]): Promise<Chunk[]> {
    const out: Chunk[] = [];
    for (const id of ids) {
      const c = this.byId.get(id);
      if (c) out.push(c);
    }
    return out;
  }
}

export class BM25Retriever implements Retriever {
  readonly name = 'bm25';
  constructor(
    readonly index: BM25Index,
    private readonly store: ChunkStore,
    readonly corpusId: string,
  ) {}

  async search(query: string, k: number): Promise<ScoredChunk[]> {
    return this.searchTerms(retrievalTerms(query), k);
  }

  async searchTerms(terms: string[], k: number, idfOf?: (term: string) => number): Promise<ScoredChunk[]> {
    return chunksOfHits(this.store, this.index.searchTerms(terms, k, idfOf));
  }

  idf(term: string): number {
    return this.index.idfOf(term);
  }
}

/**
 * Searches several corpora and merges their results by score. BM25 scores
 * of different corpora are only comparable when computed with the same
 * document statistics, so BM25 corpora are scored with idf pooled over all
 * of them (as if they were one index); other retrievers are merged as given.
 */
export class MultiRetriever implements Retriever {
  readonly name = 'multi';
  /** The distinct versions of the parts, e.g. "multi[bm25]" or "multi[dense@m:a,dense@m:b]". */
  readonly version: string;
  private readonly bm25: BM25Retriever[];
  private readonly others: Retriever[];
  private readonly totalDocs: number;
  constructor(readonly retrievers: Retriever[]) {
    this.version = `multi[${[...new Set(retrievers.map((r) => r.version ?? r.name))].sort().join(',')}]`;
    this.bm25 = retrievers.filter((r): r is BM25Retriever => r instanceof BM25Retriever);
    this.others = retrievers.filter((r) => !(r instanceof BM25Retriever));
    this.totalDocs = this.bm25.reduce((n, r) => n + r.index.size, 0);
  }
  async search(query: string, k: number): Promise<ScoredChunk[]> {
    const terms = retrievalTerms(query);
    const pooled = (t: string) => this.idf(t);
    const all = (
      await Promise.all([
        ...this.bm25.map((r) => r.searchTerms(terms, k, pooled)),
        ...this.others.map((r) => r.search(query, k)),
      ])
    ).flat();
    all.sort((a, b) => b.score - a.score);
    return all.slice(0, k);
  }
  /** Pooled idf over the BM25 corpora; other retrievers' idf when there are none. */
  idf(term: string): number {
    if (this.bm25.length) {
      let df = 0;
      for (const r of this.bm25) df += r.index.df(term);
      return bm25Idf(this.totalDocs, df);
    }
    let best = 0;
    for (const r of this.others) if (r.idf) best = Math.max(best, r.idf(term));
    return best;
  }
}

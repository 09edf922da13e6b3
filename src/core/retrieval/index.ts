import type { Chunk, ScoredChunk } from '../types.ts';
import type { ChunkStore, Retriever } from './types.ts';
import { BM25Index } from './bm25.ts';

export type { ChunkStore, Retriever } from './types.ts';
export { BM25Index, retrievalTerms } from './bm25.ts';
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
    const hits = this.index.search(query, k);
    const chunks = await this.store.getChunks(hits.map((h) => h.id));
    const byId = new Map(chunks.map((c) => [c.id, c]));
    const out: ScoredChunk[] = [];
    for (const h of hits) {
      const chunk = byId.get(h.id);
      if (chunk) out.push({ chunk, score: h.score });
    }
    return out;
  }

  idf(term: string): number {
    return this.index.idfOf(term);
  }
}

/** Searches several corpora and merges their results by score. */
export class MultiRetriever implements Retriever {
  readonly name = 'multi';
  constructor(readonly retrievers: Retriever[]) {}
  async search(query: string, k: number): Promise<ScoredChunk[]> {
    const all = (await Promise.all(this.retrievers.map((r) => r.search(query, k)))).flat();
    all.sort((a, b) => b.score - a.score);
    return all.slice(0, k);
  }
  idf(term: string): number {
    let best = 0;
    for (const r of this.retrievers) {
      const f = (r as { idf?: (t: string) => number }).idf;
      if (f) best = Math.max(best, f.call(r, term));
    }
    return best;
  }
}

import type { Chunk, ScoredChunk } from '../types.ts';
import type { ClaimFocus } from './focus.ts';

/** Finds the chunks most relevant to a claim. BM25, dense or hybrid. */
export interface Retriever {
  readonly name: string;
  /**
   * What exactly retrieves (e.g. "hybrid(rrf)[bm25+dense@model]"); goes into
   * verdict cache keys, so a change of retrieval never reuses old verdicts.
   * `name` when absent.
   */
  readonly version?: string;
  search(query: string, k: number): Promise<ScoredChunk[]>;
  /** Inverse document frequency of a normalised term, when the retriever knows it. */
  idf?(term: string): number;
  /**
   * The claim's main entity as this retriever's corpora name it (focus and
   * synonyms), when it knows one: for picking the evidence sentence that
   * names it.
   */
  focusOf?(query: string): ClaimFocus | undefined;
}

/** Where chunk texts live: memory in Node, IndexedDB in the browser. */
export interface ChunkStore {
  /** Chunks by id, in the order asked; missing ids are left out. */
  getChunks(ids: string[]): Promise<Chunk[]>;
}

/** The chunks behind scored ids, in the hits' order; ids the store lacks are left out. */
export async function chunksOfHits(store: ChunkStore, hits: { id: string; score: number }[]): Promise<ScoredChunk[]> {
  const found = await store.getChunks(hits.map((h) => h.id));
  const byId = new Map(found.map((c) => [c.id, c]));
  const out: ScoredChunk[] = [];
  for (const h of hits) {
    const chunk = byId.get(h.id);
    if (chunk) out.push({ chunk, score: h.score });
  }
  return out;
}

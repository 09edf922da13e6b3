import type { Chunk, ScoredChunk } from '../types.ts';

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
}

/** Where chunk texts live: memory in Node, IndexedDB in the browser. */
export interface ChunkStore {
  /** Chunks by id, in the order asked; missing ids are left out. */
  getChunks(ids: string[]): Promise<Chunk[]>;
}

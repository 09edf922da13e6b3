import type { Chunk, ScoredChunk } from '../types.ts';
import { chunksOfHits, type ChunkStore, type Retriever } from './types.ts';
import { BM25Index, bm25Idf, retrievalTerms } from './bm25.ts';
import { FocusIndexBuilder, type ClaimFocus } from './focus.ts';
import { alignPassages, dedupePassages, focusRescorer, FOCUS_RANKING_VERSION } from './rerank.ts';

export type { ChunkStore, Retriever } from './types.ts';
export { BM25Index, BM25_FORMAT_VERSION, bm25Idf, retrievalTerms } from './bm25.ts';
export type { SerializedBM25, Hit, IndexDoc } from './bm25.ts';
export { FocusIndex, buildFocusIndex, type ClaimFocus, type SerializedFocus } from './focus.ts';
export { dedupePassages, FOCUS_RANKING } from './rerank.ts';
export { bestSentence } from './sentence.ts';

/** Text that goes into the index for a chunk: its focus (or title) and its text. */
export function indexText(chunk: Pick<Chunk, 'focus' | 'title' | 'text'>): string {
  const head = chunk.focus || chunk.title || '';
  return head ? `${head}\n${chunk.text}` : chunk.text;
}

/**
 * Builds a BM25 index over chunks (focus/title included), with the focus
 * index (what each chunk is about; see focus.ts) in the same pass.
 */
export function buildChunkIndex(chunks: Iterable<Chunk>, onProgress?: (done: number) => void): BM25Index {
  const focus = new FocusIndexBuilder();
  function* docs() {
    for (const c of chunks) {
      focus.add(c);
      yield { id: c.id, text: indexText(c) };
    }
  }
  const index = BM25Index.build(docs(), onProgress);
  index.focus = focus.finish();
  return index;
}

/** Passages read for a top-k: enough to drop repeated ones and to rerank by alignment with the claim. */
function depthFor(k: number): number {
  return Math.max(2 * k, 10);
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

/**
 * BM25 over one corpus. With a query (and an index that has a focus index),
 * passages are reranked by the claim's main entity (rerank.ts); each passage
 * comes once, best first, with the score that ranked it.
 */
export class BM25Retriever implements Retriever {
  readonly name = 'bm25';
  readonly version: string;
  constructor(
    readonly index: BM25Index,
    private readonly store: ChunkStore,
    readonly corpusId: string,
  ) {
    // Without a focus index passages are still deduplicated and aligned.
    this.version = index.focus ? `bm25+${FOCUS_RANKING_VERSION}` : 'bm25+align1';
  }

  async search(query: string, k: number): Promise<ScoredChunk[]> {
    return this.searchTerms(retrievalTerms(query), k, undefined, query);
  }

  /** The claim's main entity in this corpus, if it names one. */
  focusOf(query: string): ClaimFocus | undefined {
    return this.index.focus?.match(query);
  }

  /**
   * Top-k for normalised terms (`idfOf`: pooled idf, see MultiRetriever).
   * `query`, the claim as written, turns on the ranking by its entity.
   */
  async searchTerms(terms: string[], k: number, idfOf?: (term: string) => number, query?: string): Promise<ScoredChunk[]> {
    if (k <= 0) return [];
    const depth = depthFor(k);
    const focusIndex = this.index.focus;
    const focus = query !== undefined && focusIndex ? focusIndex.match(query) : undefined;
    let hits;
    if (focusIndex && focus) {
      hits = this.index.searchRescored(terms, depth, focusRescorer(focusIndex, focus), idfOf);
    } else {
      hits = this.index.searchTerms(terms, depth, idfOf);
    }
    const found = dedupePassages(await chunksOfHits(this.store, hits));
    if (query === undefined) return found.slice(0, k);
    const idf = idfOf ?? ((t: string) => this.idf(t));
    return alignPassages(query, found, idf, focus).slice(0, k);
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
        ...this.bm25.map((r) => r.searchTerms(terms, k, pooled, query)),
        ...this.others.map((r) => r.search(query, k)),
      ])
    ).flat();
    all.sort((a, b) => b.score - a.score);
    // The same passage in two corpora (a pack imported twice) comes once.
    return dedupePassages(all).slice(0, k);
  }

  /** The claim's main entity: the longest name any corpus finds in it. */
  focusOf(query: string): ClaimFocus | undefined {
    let best: ClaimFocus | undefined;
    for (const r of this.retrievers) {
      const f = (r as { focusOf?: (q: string) => ClaimFocus | undefined }).focusOf?.(query);
      if (f && (!best || (f.inSubject && !best.inSubject) || (f.inSubject === best.inSubject && f.terms.length > best.terms.length))) best = f;
    }
    return best;
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

// A retriever over a handful of given passages: used when the caller brings
// its own evidence (answers.jsonl `evidence`, oracle evaluation).
import type { Chunk, ScoredChunk } from '../types.ts';
import { sentenceSpans } from '../text/sentences.ts';
import { BM25Index } from './bm25.ts';
import type { Retriever } from './types.ts';

export function passagesToChunks(passages: string[], corpusId = 'given', title = 'Given evidence'): Chunk[] {
  return passages
    .map((text) => text.trim())
    .filter((text) => text.length > 0)
    .map((text, i) => ({
      id: `${corpusId}#${i}`,
      corpus: corpusId,
      doc: String(i),
      title: `${title} ${i + 1}`,
      source: corpusId,
      text,
      sentences: sentenceSpans(text),
      offset: 0,
    }));
}

export class PassageRetriever implements Retriever {
  readonly name = 'passages';
  private readonly chunks: Chunk[];
  private readonly index: BM25Index;
  constructor(passages: string[], corpusId = 'given') {
    this.chunks = passagesToChunks(passages, corpusId);
    this.index = BM25Index.build(this.chunks.map((c) => ({ id: c.id, text: c.text })));
  }
  get size(): number {
    return this.chunks.length;
  }
  idf(term: string): number {
    return this.index.idfOf(term);
  }
  /** Every passage is a candidate; BM25 orders them (unmatched ones last). */
  async search(query: string, k: number): Promise<ScoredChunk[]> {
    const hits = this.index.search(query, this.chunks.length);
    const score = new Map(hits.map((h) => [h.id, h.score]));
    return this.chunks
      .map((chunk) => ({ chunk, score: score.get(chunk.id) ?? 0 }))
      .sort((a, b) => b.score - a.score)
      .slice(0, Math.max(k, 0));
  }
}

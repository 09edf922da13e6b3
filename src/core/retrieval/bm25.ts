// Okapi BM25 over chunks, with a compact CSR inverted index that serialises
// to typed arrays (structured-cloneable, so it is stored in IndexedDB as is
// and never rebuilt for a check).
import { terms } from '../text/tokenize.ts';
import { NEGATION_WORDS } from '../text/stopwords.ts';
import { FocusIndex, type SerializedFocus } from './focus.ts';
import { IndexFileError } from '../errors.ts';

/**
 * 2: adds the focus index (what each chunk is about). Indexes stored in an
 * older format are not read; their owners rebuild them from the chunks.
 */
export const BM25_FORMAT_VERSION = 2;

export interface BM25Params {
  k1: number;
  b: number;
}

/** How searchRescored ranks (rerank.ts FocusRescorer). */
export interface Rescoring {
  rescore: (doc: number, bm25: number, best: number, part: number, bestPart: number) => number;
  extra?: ArrayLike<number>;
  entityTerms?: ReadonlySet<string>;
}

export interface SerializedBM25 {
  kind: 'bm25';
  formatVersion: typeof BM25_FORMAT_VERSION;
  params: BM25Params;
  /** Chunk ids, position = internal doc number. */
  ids: string[];
  /** Vocabulary, position = term number. */
  vocab: string[];
  docLen: Uint32Array;
  /** CSR: postings of term t are [offsets[t], offsets[t+1]). */
  offsets: Uint32Array;
  docs: Uint32Array;
  tfs: Uint16Array;
  /** What each chunk is about (absent for an index over plain passages). */
  focus?: SerializedFocus;
}

export interface IndexDoc {
  id: string;
  text: string;
}

export interface Hit {
  id: string;
  score: number;
}

/** Terms used for retrieval: stemmed content words; negations carry no topic. */
export function retrievalTerms(text: string): string[] {
  return terms(text).filter((t) => !NEGATION_WORDS.has(t));
}

/** The BM25 idf for a term found in `df` of `n` documents. */
export function bm25Idf(n: number, df: number): number {
  // BM25+-style floor keeps very common terms from going negative.
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

export class BM25Index {
  readonly params: BM25Params;
  private readonly ids: string[];
  private readonly vocab: string[];
  private readonly termIndex: Map<string, number>;
  private readonly docLen: Uint32Array;
  private readonly offsets: Uint32Array;
  private readonly docs: Uint32Array;
  private readonly tfs: Uint16Array;
  private readonly idf: Float32Array;
  private readonly avgdl: number;
  private scores: Float32Array;
  /** Scratch for searchRescored's partial scores (allocated on first use). */
  private part: Float32Array | undefined;
  /** What each indexed chunk is about, when the index was built over chunks with foci or titles. */
  focus: FocusIndex | null;

  private constructor(s: SerializedBM25) {
    this.params = s.params;
    this.ids = s.ids;
    this.vocab = s.vocab;
    this.docLen = s.docLen;
    this.offsets = s.offsets;
    this.docs = s.docs;
    this.tfs = s.tfs;
    this.termIndex = new Map();
    for (let t = 0; t < s.vocab.length; t++) this.termIndex.set(s.vocab[t], t);
    const n = s.ids.length;
    let total = 0;
    for (let i = 0; i < n; i++) total += s.docLen[i];
    this.avgdl = n ? total / n : 1;
    this.idf = new Float32Array(s.vocab.length);
    for (let t = 0; t < s.vocab.length; t++) {
      this.idf[t] = bm25Idf(n, s.offsets[t + 1] - s.offsets[t]);
    }
    this.scores = new Float32Array(n);
    this.focus = s.focus ? FocusIndex.deserialize(s.focus) : null;
  }

  /** Number of indexed chunks. */
  get size(): number {
    return this.ids.length;
  }

  get vocabularySize(): number {
    return this.vocab.length;
  }

  static build(
    input: Iterable<IndexDoc>,
    onProgress?: (done: number) => void,
    params: BM25Params = { k1: 1.2, b: 0.75 },
  ): BM25Index {
    const ids: string[] = [];
    const termIndex = new Map<string, number>();
    const vocab: string[] = [];
    const lens: number[] = [];
    // Postings gathered per term first, then packed into CSR.
    const postDocs: number[][] = [];
    const postTfs: number[][] = [];
    const counts = new Map<number, number>();
    let d = 0;
    for (const doc of input) {
      const ts = retrievalTerms(doc.text);
      counts.clear();
      for (const term of ts) {
        let t = termIndex.get(term);
        if (t === undefined) {
          t = vocab.length;
          termIndex.set(term, t);
          vocab.push(term);
          postDocs.push([]);
          postTfs.push([]);
        }
        counts.set(t, (counts.get(t) ?? 0) + 1);
      }
      for (const [t, c] of counts) {
        postDocs[t].push(d);
        postTfs[t].push(Math.min(c, 65535));
      }
      ids.push(doc.id);
      lens.push(ts.length);
      d++;
      if (onProgress && d % 2000 === 0) onProgress(d);
    }
    const offsets = new Uint32Array(vocab.length + 1);
    let total = 0;
    for (let t = 0; t < vocab.length; t++) {
      offsets[t] = total;
      total += postDocs[t].length;
    }
    offsets[vocab.length] = total;
    const docs = new Uint32Array(total);
    const tfs = new Uint16Array(total);
    for (let t = 0; t < vocab.length; t++) {
      docs.set(postDocs[t], offsets[t]);
      tfs.set(postTfs[t], offsets[t]);
    }
    onProgress?.(d);
    return new BM25Index({
      kind: 'bm25',
      formatVersion: BM25_FORMAT_VERSION,
      params,
      ids,
      vocab,
      docLen: Uint32Array.from(lens),
      offsets,
      docs,
      tfs,
    });
  }

  static deserialize(s: SerializedBM25): BM25Index {
    if (!s || s.kind !== 'bm25' || s.formatVersion !== BM25_FORMAT_VERSION) {
      throw new IndexFileError('Stored search index has an unknown format; it will be rebuilt.');
    }
    return new BM25Index(s);
  }

  serialize(): SerializedBM25 {
    const s: SerializedBM25 = {
      kind: 'bm25',
      formatVersion: BM25_FORMAT_VERSION,
      params: this.params,
      ids: this.ids,
      vocab: this.vocab,
      docLen: this.docLen,
      offsets: this.offsets,
      docs: this.docs,
      tfs: this.tfs,
    };
    if (this.focus) s.focus = this.focus.serialize();
    return s;
  }

  /** Internal number of an indexed chunk id (-1 when absent); for tests and tools. */
  docNumber(id: string): number {
    return this.ids.indexOf(id);
  }

  /** Number of indexed chunks that contain a (normalised) term. */
  df(term: string): number {
    const t = this.termIndex.get(term);
    return t === undefined ? 0 : this.offsets[t + 1] - this.offsets[t];
  }

  /** Inverse document frequency of a (normalised) term; 0 when unknown. */
  idfOf(term: string): number {
    const t = this.termIndex.get(term);
    return t === undefined ? 0 : this.idf[t];
  }

  /** Largest idf in the index (for unknown terms treated as rare). */
  maxIdf(): number {
    return Math.log(1 + (this.size + 0.5) / 1.5);
  }

  /**
   * Top-k like searchTerms, but ranked by `rescoring.rescore(doc, bm25, best,
   * part, bestPart)` (called once per candidate, so positional), where `best`
   * is the highest BM25 score of the query, `part` the share of `bm25` that
   * comes from the terms in `rescoring.entityTerms` (e.g. the words that name
   * the claim's entity) and `bestPart` the highest such share.
   * `rescoring.extra` chunks (internal numbers) are rescored even when they
   * hold no query term (BM25 0).
   */
  searchRescored(queryTerms: string[], k: number, rescoring: Rescoring, idfOf?: (term: string) => number): Hit[] {
    const { rescore, extra = [], entityTerms: partTerms } = rescoring;
    const n = this.ids.length;
    if (n === 0 || k <= 0) return [];
    const part = partTerms?.size ? (this.part ??= new Float32Array(n)) : undefined;
    const touched = this.accumulate(queryTerms, idfOf, part ? { terms: partTerms!, into: part } : undefined);
    const scores = this.scores;
    let best = 0;
    let bestPart = 0;
    for (const d of touched) {
      if (scores[d] > best) best = scores[d];
      if (part && part[d] > bestPart) bestPart = part[d];
    }
    // Top k kept in two small sorted arrays (no object per candidate).
    const topDoc = new Int32Array(k);
    const topScore = new Float64Array(k);
    let size = 0;
    const offer = (d: number, sc: number) => {
      if (size === k && sc <= topScore[k - 1]) return;
      let i = size < k ? size++ : k - 1;
      while (i > 0 && topScore[i - 1] < sc) {
        topScore[i] = topScore[i - 1];
        topDoc[i] = topDoc[i - 1];
        i--;
      }
      topScore[i] = sc;
      topDoc[i] = d;
    };
    for (const d of touched) offer(d, rescore(d, scores[d], best, part ? part[d] : 0, bestPart));
    // Extra chunks that hold no query term (a touched one has a score > 0).
    for (let i = 0; i < extra.length; i++) {
      const d = extra[i];
      if (d < n && scores[d] === 0) offer(d, rescore(d, 0, best, 0, bestPart));
    }
    for (const d of touched) {
      scores[d] = 0;
      if (part) part[d] = 0;
    }
    const hits: Hit[] = [];
    for (let i = 0; i < size; i++) hits.push({ id: this.ids[topDoc[i]], score: topScore[i] });
    return hits;
  }

  /** BM25 scores of the query into this.scores (and `split`'s terms' share into its array); the documents touched. Callers reset both. */
  private accumulate(
    queryTerms: string[],
    idfOf?: (term: string) => number,
    split?: { terms: ReadonlySet<string>; into: Float32Array },
  ): number[] {
    const { k1, b } = this.params;
    const scores = this.scores;
    const touched: number[] = [];
    const seen = new Set<number>();
    for (const term of queryTerms) {
      const t = this.termIndex.get(term);
      if (t === undefined || seen.has(t)) continue;
      seen.add(t);
      const idf = idfOf ? idfOf(term) : this.idf[t];
      const into = split?.terms.has(term) ? split.into : undefined;
      const end = this.offsets[t + 1];
      for (let p = this.offsets[t]; p < end; p++) {
        const d = this.docs[p];
        const tf = this.tfs[p];
        const norm = k1 * (1 - b + (b * this.docLen[d]) / this.avgdl);
        if (scores[d] === 0) touched.push(d);
        const add = (idf * tf * (k1 + 1)) / (tf + norm);
        scores[d] += add;
        if (into) into[d] += add;
      }
    }
    return touched;
  }

  /** Top-k chunks for a free-text query. */
  search(query: string, k: number): Hit[] {
    return this.searchTerms(retrievalTerms(query), k);
  }

  /**
   * Top-k for normalised query terms. `idfOf` replaces this index's own idf,
   * so several corpora can be scored with pooled document counts and their
   * scores compared (see MultiRetriever).
   */
  searchTerms(queryTerms: string[], k: number, idfOf?: (term: string) => number): Hit[] {
    const n = this.ids.length;
    if (n === 0 || k <= 0) return [];
    const scores = this.scores;
    const touched = this.accumulate(queryTerms, idfOf);
    // Partial selection of the top k among touched docs.
    const top: Hit[] = [];
    let minScore = -Infinity;
    for (const d of touched) {
      const s = scores[d];
      scores[d] = 0;
      if (top.length < k) {
        top.push({ id: this.ids[d], score: s });
        if (top.length === k) {
          top.sort((x, y) => y.score - x.score);
          minScore = top[k - 1].score;
        }
      } else if (s > minScore) {
        // insert keeping order (k is small)
        let i = k - 1;
        while (i > 0 && top[i - 1].score < s) {
          top[i] = top[i - 1];
          i--;
        }
        top[i] = { id: this.ids[d], score: s };
        minScore = top[k - 1].score;
      }
    }
    if (top.length < k) top.sort((x, y) => y.score - x.score);
    return top;
  }
}

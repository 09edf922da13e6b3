// Ranking by what the claim is about. BM25 finds passages that share words
// with the claim; this reorders them so that passages of documents about the
// claim's main entity come first:
// - a document whose focus is the entity (or has it as a synonym) gains a
//   share of the query's best BM25 score, more when the document answers the
//   kind of question the claim is about (causes, symptoms, treatments…);
// - a document whose focus is a longer name holding the entity ("pulmonary
//   hypertension" for "hypertension") loses part of its score, since a
//   document about the entity itself exists;
// - everything else keeps its BM25 score, which also breaks ties.
// The score returned is the one the report shows, and the order follows it.
import type { ScoredChunk } from '../types.ts';
import type { ClaimFocus, FocusIndex } from './focus.ts';
import { sentenceAligner } from './sentence.ts';


export const FOCUS_RANKING = {
  /** Share of the best BM25 score added to passages of the entity's documents. */
  entity: 0.5,
  /** Further share when such a document answers the claim's kind of question. */
  questionKind: 0.15,
  /** Share for any other passage whose document answers the claim's kind of question. */
  otherQuestionKind: 0.08,
  /** Factor for a passage whose document answers another specific kind of question than the claim's. */
  otherKind: 0.9,
  /** Factor for passages of documents about a longer name holding the entity. */
  longerName: 0.6,
  /** How much of the above applies when the entity is not the claim's subject. */
  outsideSubject: 0.6,
  /** Share of the best score added in proportion to how well a passage's best sentence covers the claim. */
  alignment: 0.3,
  /** Most passages of the entity's documents scored beyond BM25's own matches. */
  maxEntityChunks: 2000,
} as const;

/** Version of this ranking, part of the retriever version (verdict cache keys). */
export const FOCUS_RANKING_VERSION = 'focus1';

/**
 * Reorders passages by how well their best sentence covers the claim (with
 * the claim's entity found under any of its names): a passage whose words
 * are spread over unrelated sentences falls behind one that says the claim's
 * thing in one sentence. The added score is a share of the best score, so the
 * first ranking still counts.
 */
export function alignPassages(claim: string, scored: ScoredChunk[], idf: (term: string) => number, focus?: ClaimFocus): ScoredChunk[] {
  if (scored.length === 0) return scored;
  let top = 0;
  for (const sc of scored) if (sc.score > top) top = sc.score;
  const align = sentenceAligner(claim, idf, focus);
  return scored
    .map((sc, i) => ({ sc: { chunk: sc.chunk, score: sc.score + FOCUS_RANKING.alignment * top * align(sc.chunk).overlap }, i }))
    .sort((a, b) => b.sc.score - a.sc.score || a.i - b.i)
    .map((x) => x.sc);
}

/** Question kinds above this one are specific (causes, symptoms…); 'about' and none are not. */
const ABOUT = 1;

export interface FocusRescorer {
  /** `part`: the share of `bm25` that comes from the words naming the entity; `bestPart`: the most any passage got from them. */
  rescore: (doc: number, bm25: number, best: number, part: number, bestPart: number) => number;
  /** Chunks of the entity's documents, scored even without a query term. */
  extra: number[];
  /** The query terms that name the entity. */
  entityTerms: Set<string>;
}

export function focusRescorer(index: FocusIndex, m: ClaimFocus): FocusRescorer {
  const entities = new Set(m.entities);
  const longer = index.longerNames(m.terms, entities);
  for (const e of m.entities) for (const x of index.longerNames(index.nameOf(e).split(' '), entities)) longer.add(x);
  // Per entity: 1 = the claim's entity, 2 = a longer name holding it.
  const relation = new Uint8Array(index.entities);
  for (const e of longer) relation[e] = 2;
  for (const e of entities) relation[e] = 1;
  // Question kinds as bits: the claim's, and "specific" ones (causes, symptoms…).
  let kindBits = 0;
  for (const k of m.kinds) kindBits |= 1 << k;
  const chunkEntity = index.chunkEntities;
  const chunkKind = index.chunkKinds;
  const w = m.inSubject ? 1 : FOCUS_RANKING.outsideSubject;
  const longerFactor = 1 - (1 - FOCUS_RANKING.longerName) * w;
  const extra: number[] = [];
  for (const e of m.entities) {
    for (const d of index.chunksOf(e)) {
      if (extra.length >= FOCUS_RANKING.maxEntityChunks) break;
      extra.push(d);
    }
  }
  return {
    extra,
    entityTerms: new Set(m.stems),
    rescore(doc, bm25, best, part, bestPart) {
      const ref = best > 0 ? best : 1;
      const e = doc < chunkEntity.length ? chunkEntity[doc] : -1;
      const kind = doc < chunkKind.length ? chunkKind[doc] : 0;
      const sameKind = (kindBits & (1 << kind)) !== 0;
      const rel = e >= 0 ? relation[e] : 0;
      if (rel === 1) {
        // The document is about the entity, whatever name a passage uses for
        // it ("high blood pressure" for "hypertension"): every passage gets
        // full credit for the entity's words, and the rest of the claim ranks
        // them.
        let s = bm25 - part + bestPart + FOCUS_RANKING.entity * w * ref;
        if (sameKind) s += FOCUS_RANKING.questionKind * w * ref;
        return s;
      }
      let s = rel === 2 ? bm25 * longerFactor : bm25;
      if (sameKind) s += FOCUS_RANKING.otherQuestionKind * ref;
      else if (kindBits !== 0 && kind > ABOUT) s *= FOCUS_RANKING.otherKind;
      return s;
    },
  };
}

/**
 * Each passage once: the first (best) of chunks with the same id in the same
 * corpus or the same text (chunk texts are white-space normalised by the
 * chunker, so equal passages have equal texts), in the order given.
 */
export function dedupePassages(scored: ScoredChunk[]): ScoredChunk[] {
  const seen = new Set<string>();
  const out: ScoredChunk[] = [];
  for (const sc of scored) {
    const id = `${sc.chunk.corpus}\u0000${sc.chunk.id}`;
    const text = sc.chunk.text.trim();
    if (seen.has(id) || seen.has(text)) continue;
    seen.add(id);
    seen.add(text);
    out.push(sc);
  }
  return out;
}

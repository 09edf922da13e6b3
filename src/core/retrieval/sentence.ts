// Picks the evidence sentence inside a passage that best matches a claim.
import type { Chunk, Span } from '../types.ts';
import { tokenize } from '../text/tokenize.ts';
import { NEGATION_WORDS } from '../text/stopwords.ts';
import { phraseTerms } from '../evidence/synonyms.ts';

/**
 * The claim's main entity, for finding it in a passage under any of its
 * names (a ClaimFocus from the focus index fits).
 */
export interface EntityNames {
  /** The claim's words for it, as retrieval terms are made (stemmed). */
  stems: string[];
  /** Every name of the entity, as name words (phraseTerms). */
  names: string[][];
}

export interface SentencePick {
  sentence: string;
  span: Span;
  /** Weighted overlap with the claim, in [0, 1]. */
  overlap: number;
}

export type IdfFn = (term: string) => number;

/** Added to a sentence's coverage when it names the claim's entity. */
const ENTITY_BONUS = 0.15;

function contentTerms(text: string): string[] {
  return tokenize(text)
    .map((t) => t.term)
    .filter((t) => !NEGATION_WORDS.has(t));
}

/**
 * The sentence of `chunk` most aligned with the claim: the one that covers
 * most of the claim's weighted terms (with `entity`, a sentence that names
 * the claim's entity by any of its names — "high blood pressure" for
 * "hypertension" — covers the claim's words for it), then the one that
 * keeps the claim's word pairs, then the shorter.
 */
export function bestSentence(claim: string, chunk: Pick<Chunk, 'text' | 'sentences'>, idf?: IdfFn, entity?: EntityNames): SentencePick {
  const claimTerms = [...new Set(contentTerms(claim))];
  const w = (t: string) => (idf ? Math.max(idf(t), 0.1) : 1);
  const total = claimTerms.reduce((s, t) => s + w(t), 0) || 1;
  const spans: Span[] = chunk.sentences.length ? chunk.sentences : [[0, chunk.text.length]];
  let best: SentencePick = { sentence: chunk.text.slice(spans[0][0], spans[0][1]), span: spans[0], overlap: -1 };
  const bigramsClaim = new Set<string>();
  for (let i = 0; i + 1 < claimTerms.length; i++) bigramsClaim.add(claimTerms[i] + ' ' + claimTerms[i + 1]);
  const entityStems = entity && entity.names.length ? new Set(entity.stems) : undefined;
  for (const span of spans) {
    const text = chunk.text.slice(span[0], span[1]);
    const ts = contentTerms(text);
    const set = new Set(ts);
    let named = false;
    if (entityStems) {
      named = entity!.stems.every((t) => set.has(t));
      if (!named) {
        const words = new Set(phraseTerms(text));
        named = entity!.names.some((name) => name.length > 0 && name.every((x) => words.has(x)));
      }
    }
    let covered = 0;
    for (const t of claimTerms) if (set.has(t) || (named && entityStems!.has(t))) covered += w(t);
    let bigramHits = 0;
    for (let i = 0; i + 1 < ts.length; i++) if (bigramsClaim.has(ts[i] + ' ' + ts[i + 1])) bigramHits++;
    // A sentence about the claim's entity is what the claim is about; then
    // shorter sentences at equal coverage: a small length penalty.
    const score = covered / total + (named ? ENTITY_BONUS : 0) + 0.05 * Math.min(bigramHits, 3) - 0.0005 * ts.length;
    if (score > best.overlap) best = { sentence: text, span, overlap: score };
  }
  best.overlap = Math.max(0, Math.min(1, best.overlap));
  return best;
}

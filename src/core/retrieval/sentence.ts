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

interface SentenceTerms {
  terms: string[];
  set: Set<string>;
  /** Name words (phraseTerms), made when first needed. */
  words?: Set<string>;
}

/**
 * Terms of the sentences of recently seen passages, by passage text: a check
 * reads a passage twice (ranking by alignment, then the evidence sentence),
 * and claims of one answer often share passages.
 */
const recent = new Map<string, SentenceTerms[]>();
const RECENT_MAX = 512;

function sentenceTerms(text: string, spans: Span[]): SentenceTerms[] {
  const hit = recent.get(text);
  if (hit && hit.length === spans.length) return hit;
  const out = spans.map(([s, e]) => {
    const terms = contentTerms(text.slice(s, e));
    return { terms, set: new Set(terms) };
  });
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
  recent.set(text, out);
  return out;
}

/**
 * The sentence of `chunk` most aligned with the claim: the one that covers
 * most of the claim's weighted terms (with `entity`, a sentence that names
 * the claim's entity by any of its names — "high blood pressure" for
 * "hypertension" — covers the claim's words for it, and is preferred), then
 * the one that keeps the claim's word pairs, then the shorter.
 */
export function bestSentence(claim: string, chunk: Pick<Chunk, 'text' | 'sentences'>, idf?: IdfFn, entity?: EntityNames): SentencePick {
  return sentenceAligner(claim, idf, entity)(chunk);
}

/** bestSentence for one claim over many passages (the claim is read once). */
export function sentenceAligner(claim: string, idf?: IdfFn, entity?: EntityNames): (chunk: Pick<Chunk, 'text' | 'sentences'>) => SentencePick {
  const claimTerms = [...new Set(contentTerms(claim))];
  const w = (t: string) => (idf ? Math.max(idf(t), 0.1) : 1);
  const weights = claimTerms.map(w);
  const total = weights.reduce((s, x) => s + x, 0) || 1;
  const bigramsClaim = new Set<string>();
  for (let i = 0; i + 1 < claimTerms.length; i++) bigramsClaim.add(claimTerms[i] + ' ' + claimTerms[i + 1]);
  const entityStems = entity && entity.names.length ? new Set(entity.stems) : undefined;
  return (chunk) => {
    const spans: Span[] = chunk.sentences.length ? chunk.sentences : [[0, chunk.text.length]];
    const sentences = sentenceTerms(chunk.text, spans);
    let best: SentencePick = { sentence: chunk.text.slice(spans[0][0], spans[0][1]), span: spans[0], overlap: -1 };
    spans.forEach((span, si) => {
      const st = sentences[si];
      const ts = st.terms;
      const set = st.set;
      let named = false;
      if (entityStems) {
        named = entity!.stems.every((t) => set.has(t));
        if (!named) {
          st.words ??= new Set(phraseTerms(chunk.text.slice(span[0], span[1])));
          const words = st.words;
          named = entity!.names.some((name) => name.length > 0 && name.every((x) => words.has(x)));
        }
      }
      let covered = 0;
      claimTerms.forEach((t, i) => {
        if (set.has(t) || (named && entityStems!.has(t))) covered += weights[i];
      });
      let bigramHits = 0;
      for (let i = 0; i + 1 < ts.length; i++) if (bigramsClaim.has(ts[i] + ' ' + ts[i + 1])) bigramHits++;
      // A sentence about the claim's entity is what the claim is about; then
      // shorter sentences at equal coverage: a small length penalty.
      const score = covered / total + (named ? ENTITY_BONUS : 0) + 0.05 * Math.min(bigramHits, 3) - 0.0005 * ts.length;
      if (score > best.overlap) best = { sentence: chunk.text.slice(span[0], span[1]), span, overlap: score };
    });
    best.overlap = Math.max(0, Math.min(1, best.overlap));
    return best;
  };
}

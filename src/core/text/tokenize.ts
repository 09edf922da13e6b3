// Term normalisation for BM25 and the verifier's lexical features.
// English: lower case, stop words removed, Porter stemming. CJK: character
// bigrams (and single characters for one-character runs).
import { stemmer } from 'stemmer';
import { STOP_WORDS } from './stopwords.ts';

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’\-.]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;
const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
const CJK_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

export interface Token {
  /** Normalised term (stemmed, lower case) or CJK bigram. */
  term: string;
  /** Surface form in lower case. */
  surface: string;
  start: number;
  end: number;
}

/** Fold case and accents; unify quotes and dashes. */
export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[’‘`]/g, "'")
    .replace(/[‐-―−]/g, '-')
    .toLowerCase();
}

const stemCache = new Map<string, string>();
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = /^[a-z]+$/.test(word) && word.length > 2 ? stemmer(word) : word;
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/**
 * Tokens of `text` with offsets. Stop words are dropped unless
 * `keepStopWords`; numbers are kept as they are ("2.5", "10mg" → "10", "mg").
 */
export function tokenize(text: string, opts: { keepStopWords?: boolean } = {}): Token[] {
  const norm = normalize(text);
  const out: Token[] = [];
  // Latin / digit words outside CJK runs.
  for (const m of norm.matchAll(WORD)) {
    const raw = m[0];
    const start = m.index ?? 0;
    if (CJK_CHAR.test(raw)) continue; // handled below
    // split "10mg" into number + unit, and hyphenated words into parts
    const parts = raw.split(/(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)|-/);
    let offset = start;
    for (const p of parts) {
      const idx = norm.indexOf(p, offset);
      const pStart = idx >= 0 ? idx : offset;
      offset = pStart + p.length;
      const w = p.replace(/^'+|'+$/g, '').replace(/'s$/, '');
      if (!w) continue;
      if (!opts.keepStopWords && isStopWord(w)) continue;
      const term = /^\d/.test(w) ? w.replace(/\.$/, '') : stem(w.replace(/\./g, ''));
      if (!term) continue;
      out.push({ term, surface: w, start: pStart, end: pStart + p.length });
    }
  }
  for (const m of norm.matchAll(CJK_RUN)) {
    const run = m[0];
    const start = m.index ?? 0;
    if (run.length === 1) {
      out.push({ term: run, surface: run, start, end: start + 1 });
      continue;
    }
    for (let i = 0; i + 1 < run.length; i++) {
      const bg = run.slice(i, i + 2);
      out.push({ term: bg, surface: bg, start: start + i, end: start + i + 2 });
    }
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}

/** Just the terms. */
export function terms(text: string, opts: { keepStopWords?: boolean } = {}): string[] {
  return tokenize(text, opts).map((t) => t.term);
}

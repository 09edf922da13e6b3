// Agreement repair when a coordinated subject is distributed: the verb is
// put in the singular (english.ts), and a bare plural noun after "are" /
// "were" becomes singular with an article: "Aspirin and ibuprofen are
// NSAIDs" → "Aspirin is an NSAID." The noun is singularised by a
// hand-written rule set (docs/claims.md has the measurement against
// compromise and wink-nlp that decided it).
import { PREPOSITIONS, SINGULAR_AUX, SUBORDINATORS, isModal, thirdPerson, verbForms } from './lexicon.ts';
import { type Tok, plural } from './tagger.ts';

/** Plural → singular of irregular nouns met in medical text. */
const IRREGULAR: Record<string, string> = {
  people: 'person', children: 'child', men: 'man', women: 'woman', feet: 'foot', teeth: 'tooth', mice: 'mouse',
  lice: 'louse', geese: 'goose', criteria: 'criterion', phenomena: 'phenomenon', bacteria: 'bacterium',
  analyses: 'analysis', diagnoses: 'diagnosis', prognoses: 'prognosis', crises: 'crisis', theses: 'thesis',
  hypotheses: 'hypothesis', nuclei: 'nucleus', fungi: 'fungus', stimuli: 'stimulus', bacilli: 'bacillus',
  vertebrae: 'vertebra', larvae: 'larva', indices: 'index', appendices: 'appendix', matrices: 'matrix',
  leaves: 'leaf', knives: 'knife', lives: 'life', halves: 'half', calves: 'calf', shelves: 'shelf', wolves: 'wolf',
  thieves: 'thief', selves: 'self', loaves: 'loaf', tomatoes: 'tomato', potatoes: 'potato', heroes: 'hero',
  echoes: 'echo', vetoes: 'veto', radii: 'radius', alveoli: 'alveolus', emboli: 'embolus', thrombi: 'thrombus',
  ova: 'ovum', sera: 'serum', media: 'medium', metastases: 'metastasis', neuroses: 'neurosis', psychoses: 'psychosis',
  stenoses: 'stenosis', anastomoses: 'anastomosis', dice: 'die',
};

/** Singular of a plural noun ("NSAIDs" → "NSAID", "allergies" → "allergy"), case kept; null when unsure. */
export function singularNoun(word: string): string | null {
  if (/^[A-Z0-9-]{2,}s$/.test(word)) return word.slice(0, -1); // NSAIDs, ACEs, SSRIs
  const w = word.toLowerCase();
  let s: string | null = IRREGULAR[w] ?? null;
  if (!s) {
    const last = w.split('-').pop()!;
    if (IRREGULAR[last]) s = w.slice(0, w.length - last.length) + IRREGULAR[last];
    else if (/[^aeiou]ies$/.test(w)) s = w.slice(0, -3) + 'y';
    else if (/(ss|x|z|ch|sh|[^aeo]us)es$/.test(w)) s = w.slice(0, -2);
    else if (/[^s]s$/.test(w)) s = w.slice(0, -1);
  }
  if (!s) return null;
  return word === w ? s : /^\p{Lu}/u.test(word) ? s[0].toUpperCase() + s.slice(1) : s;
}

/** "a" or "an" before a phrase, by sound: "an NSAID", "a urinary…", "an hour". */
export function indefiniteArticle(phrase: string): 'a' | 'an' {
  const w = phrase.trim().split(/[\s-]/)[0] ?? '';
  if (/^[A-Z]{2,}/.test(w)) return /^[AEFHILMNORSX]/.test(w) ? 'an' : 'a';
  const l = w.toLowerCase();
  if (/^(hour|honest|honou?r|heir)/.test(l)) return 'an';
  if (/^(uni|use|usu|uti|ure|uro|eu|one|once|ewe)/.test(l)) return 'a';
  return /^[aeiou]/.test(l) ? 'an' : 'a';
}

const LEADING_ADVERBS = new Set(['also', 'often', 'usually', 'generally', 'typically', 'still', 'sometimes', 'always', 'mostly', 'mainly', 'both', 'all']);
const NOT_MODIFIER = new Set([
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'its', 'their', 'his', 'her', 'our', 'your', 'my', 'some', 'many',
  'most', 'all', 'each', 'every', 'any', 'no', 'not', 'both', 'either', 'neither', 'one', 'few', 'several', 'more', 'less',
  'only', 'just', 'and', 'or', 'to', 'than',
]);

/**
 * The bare plural noun phrase right after a copula, T[from..to): its first
 * token and its head (last) token, and the verb of a relative clause after
 * it that must agree too ("NSAIDs that reduce pain"); null when there is
 * none or it is unclear ("are healthy", "are at risk", "are the main causes").
 */
export function pluralComplement(
  T: Tok[],
  from: number,
  to: number,
  drop?: Set<number>,
): { start: number; head: number; verb?: number; verbSingular?: string } | null {
  let i = from;
  // "are also NSAIDs" → "is also an NSAID"; other adverbs modify the noun ("a commonly used drug").
  while (i < to && (drop?.has(i) || LEADING_ADVERBS.has(T[i].w))) i++;
  const start = i;
  let j = i;
  for (; j < to; j++) {
    const t = T[j];
    if (!t.word || t.depth > 0 || PREPOSITIONS.has(t.w) || SUBORDINATORS.has(t.w)) break;
    if (NOT_MODIFIER.has(t.w) || /^\d/.test(t.w) || /'/.test(t.w)) return null;
    // "hormones made by the pancreas": a participle after the plural noun opens a reduced relative clause.
    const v = verbForms(t.w);
    if (j > start && v && (v.forms.has('participle') || v.forms.has('past')) && !v.forms.has('base') && isPluralNoun(T[j - 1].w)) break;
    if (j - start >= 5) return null;
  }
  if (j === start) return null;
  const head = j - 1;
  if (!isPluralNoun(T[head].w)) return null;
  const next = T[j];
  if (next && (next.w === 'and' || next.w === 'or')) return null;
  if (next && (next.w === 'that' || next.w === 'which' || next.w === 'who')) {
    // The relative clause's verb agrees with the noun: only a plain present verb is handled.
    const rv = T[j + 1];
    if (!rv || !rv.word) return null;
    if (SINGULAR_AUX[rv.w]) return { start, head, verb: j + 1, verbSingular: SINGULAR_AUX[rv.w] };
    const vf = verbForms(rv.w);
    if (vf && vf.forms.has('base') && !vf.forms.has('third') && !vf.forms.has('past')) {
      return { start, head, verb: j + 1, verbSingular: thirdPerson(rv.w) };
    }
    if (isModal(rv.w)) return { start, head };
    return null;
  }
  if (next && next.word && !PREPOSITIONS.has(next.w) && !verbForms(next.w)) return null;
  return { start, head };
}

function isPluralNoun(w: string): boolean {
  return plural(w) || (IRREGULAR[w] !== undefined && w !== 'media');
}

// English tokens with offsets, and a small verb tagger built on the lexicon:
// enough to tell "causes" the verb from "causes" the noun in the sentences
// medical answers are made of.
import { DETERMINERS, PREPOSITIONS, PRONOUNS, SINGULAR_S, isAux, isModal, verbForms } from './lexicon.ts';

export interface Tok {
  /** lower case, ’ → ' */
  w: string;
  s: number;
  e: number;
  word: boolean;
  depth: number;
  /** Known to be a verb: the first verb of a verb phrase split off its subject. */
  verb?: VKind;
}

export type VKind = 'modal' | 'aux' | 'third' | 'past' | 'participle' | 'base' | 'inf' | 'ing';

const TOKEN = /[\p{L}\p{N}]+(?:['’.\-/][\p{L}\p{N}]+)*['’]?%?|\S/gu;

export function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let depth = 0;
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    const s = m.index;
    const word = /[\p{L}\p{N}]/u.test(raw[0]);
    if (!word && (raw === ')' || raw === ']' || raw === '}')) depth = Math.max(0, depth - 1);
    out.push({ w: raw.toLowerCase().replace(/’/g, "'"), s, e: s + raw.length, word, depth });
    if (!word && (raw === '(' || raw === '[' || raw === '{')) depth++;
  }
  return out;
}

const DET_PRONOUNS = new Set(['these', 'those', 'this', 'some', 'many', 'most', 'all', 'both', 'each', 'several', 'few', 'others']);
const HELP_LIKE = new Set(['help', 'helps', 'make', 'makes', 'let', 'lets']);
export const ADVERBS = new Set([
  'also', 'often', 'usually', 'sometimes', 'frequently', 'typically', 'commonly', 'generally', 'eventually', 'later',
  'even', 'further', 'thereby', 'thus', 'then', 'still', 'may', 'not', 'rarely', 'mainly', 'mostly', 'primarily',
  'significantly', 'gradually', 'slowly', 'quickly', 'rapidly', 'directly', 'indirectly', 'only', 'always', 'never',
  'potentially', 'possibly', 'likely', 'partly', 'largely', 'especially', 'particularly', 'in', 'turn',
]);
export const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', "isn't", "aren't", "wasn't", "weren't"]);
export const HAVE = new Set(['has', 'have', 'had', "hasn't", "haven't", "hadn't"]);
export const DO = new Set(['do', 'does', 'did', "doesn't", "don't", "didn't"]);

export function isWordAux(w: string): boolean {
  return isAux(w) || isModal(w);
}

/** What kind of verb token i is, in context; null when it is not a verb here. */
export function kindAt(T: Tok[], i: number, clauseStart: number): VKind | null {
  const t = T[i];
  if (!t || !t.word) return null;
  const w = t.w;
  if (isModal(w)) return w === 'may' && i > 0 && T[i - 1].word && /^\d/.test(T[i - 1].w) ? null : 'modal';
  if (w === 'be' || w === 'been' || w === 'being') return null; // not finite: "being overweight"
  if (isAux(w)) return 'aux';
  if (t.verb) return t.verb;
  const v = verbForms(w);
  if (!v) return null;
  const prev = i > clauseStart && T[i - 1].word ? T[i - 1].w : '';
  const next = T[i + 1] && T[i + 1].word ? T[i + 1].w : '';
  if (prev === 'to') return v.forms.has('base') ? 'inf' : null;
  // "These include…": a determiner standing alone as the subject.
  const pronounDet = DET_PRONOUNS.has(prev) && (i - 1 === clauseStart || !T[i - 2]?.word);
  if ((DETERMINERS.has(prev) && !pronounDet) || /'s$/.test(prev)) return null;
  const nextIsVerb =
    next !== '' && (isWordAux(next) || !!verbForms(next)?.forms.has('third') || !!verbForms(next)?.forms.has('base'));
  if (v.forms.has('ing')) {
    return prev && (BE.has(prev) || (ADVERBS.has(prev) && i > 1 && BE.has(T[i - 2].w))) ? 'ing' : null;
  }
  if ((v.forms.has('participle') || v.forms.has('past')) && !v.forms.has('base') && !v.forms.has('third')) {
    if (prev && (BE.has(prev) || HAVE.has(prev) || prev === 'get' || prev === 'gets')) return 'participle';
    if (prev && ADVERBS.has(prev) && i > 1 && (BE.has(T[i - 2].w) || HAVE.has(T[i - 2].w))) return 'participle';
    // "caused by", "led to", "showed that": a verb; "increased thirst": an adjective.
    if (!next || PREPOSITIONS.has(next) || DETERMINERS.has(next) || next === 'that' || PRONOUNS.has(next)) {
      return i === clauseStart ? null : 'past';
    }
    // "Patients lost weight": right after its subject, a past form is the verb.
    if (prev && (PRONOUNS.has(prev) || PLURAL_NOUNS.has(prev) || (/[a-z]s$/.test(prev) && !SINGULAR_S.has(prev) && !verbForms(prev)))) {
      return 'past';
    }
    return null;
  }
  if (v.forms.has('third')) {
    if (i === clauseStart) return null; // "Causes of …": a noun
    if (T[i + 1] && !T[i + 1].word && /^[:)]$/.test(T[i + 1].w)) return null; // "Lifestyle changes:"
    if (nextIsVerb && !HELP_LIKE.has(w)) return null; // "causes include", "use increases"
    return 'third';
  }
  if (v.forms.has('base')) {
    if (nextIsVerb && !HELP_LIKE.has(w) && !isWordAux(next)) return null;
    if (next && isWordAux(next)) return null; // "alcohol use can …"
    // At the end of a noun phrase ("heart attack,", "weight gain.") a base
    // form is a noun unless a subject or an auxiliary is right before it.
    const after = T[i + 1];
    const endsPhrase = !after || (!after.word && /^[,;.:!?)]$/.test(after.w)) || after.w === 'and' || after.w === 'or';
    if (endsPhrase && prev && !(PRONOUNS.has(prev) || isWordAux(prev) || prev === 'not' || ADVERBS.has(prev) || (/[a-z]s$/.test(prev) && !SINGULAR_S.has(prev)))) {
      return null;
    }
    return 'base';
  }
  return null;
}

export const FINITE: ReadonlySet<VKind> = new Set(['modal', 'aux', 'third', 'past', 'base']);

export function firstFinite(T: Tok[], from: number, to: number): number {
  for (let i = from; i < to; i++) {
    if (T[i].depth > 0) continue;
    const k = kindAt(T, i, from);
    if (k && FINITE.has(k)) {
      // a bare base form right at the start is an imperative; accept it
      return i;
    }
  }
  return -1;
}

export interface VerbGroup {
  subject: [number, number];
  /** aux/modal chain before the main verb ("can", "does not", "has been"). */
  chain: [number, number];
  mainKind: VKind | null;
}

/** Subject, auxiliary chain and main verb kind of the clause T[from..to). */
export function verbGroup(T: Tok[], from: number, to: number): VerbGroup | null {
  const f = firstFinite(T, from, to);
  if (f <= from) return null;
  const subjectWords = T.slice(from, f).filter((t) => t.word).length;
  if (subjectWords === 0 || subjectWords > 14) return null;
  // "…look at ways to prevent, treat": a verb the lexicon missed is before
  // this one, so this is not the subject.
  for (let i = from; i < f; i++) if (kindAt(T, i, from) === 'inf') return null;
  let j = f;
  while (j < to && (isWordAux(T[j].w) || T[j].w === 'not' || (j > f && ADVERBS.has(T[j].w)))) j++;
  const chainEnd = j;
  let mainKind: VKind | null = null;
  if (chainEnd === f) mainKind = kindAt(T, f, from);
  else if (j < to) {
    const v = verbForms(T[j].w);
    if (v) {
      if (v.forms.has('ing')) mainKind = 'ing';
      else if (v.forms.has('participle') && !v.forms.has('base')) mainKind = 'participle';
      else if (v.forms.has('base')) mainKind = 'base';
      else if (v.forms.has('participle')) mainKind = 'participle';
    }
  }
  return { subject: [from, f], chain: [f, chainEnd], mainKind };
}

/**
 * Whether English text has a predicate: a finite verb the lexicon knows, in
 * context ("increased thirst" and "Causes of…" have none).
 */
export function hasPredicate(text: string): boolean {
  const T = tokenize(text);
  let start = 0;
  for (let i = 0; i < T.length; i++) {
    if (!T[i].word) {
      if (/^[,;:(]$/.test(T[i].w)) start = i + 1;
      continue;
    }
    const k = kindAt(T, i, start);
    if (k && (FINITE.has(k) || k === 'ing')) return true;
  }
  return false;
}

/**
 * A sentence in its own right: a subject, then a predicate ("Metformin
 * rarely causes hypoglycemia"), not a verb phrase ("Lowers blood pressure").
 */
export function isSentenceLike(text: string): boolean {
  const T = tokenize(text);
  const first = T.find((t) => t.word);
  if (!first) return false;
  const i = T.indexOf(first);
  if (isWordAux(first.w) || (verbForms(first.w) && kindAt(T, i, i) !== null)) return false;
  if (verbForms(first.w)?.forms.has('third') || verbForms(first.w)?.forms.has('base')) return false;
  return hasPredicate(text);
}

/** The main clause has no verb: "Diuretics, which lower blood volume". */
export function mainClauseVerbless(text: string): boolean {
  const main = text
    .replace(/\([^()]*\)/g, ' ')
    .replace(/,?\s+(which|who|that|whose|where)\b[^,;]*/gi, ' ');
  return !hasPredicate(main);
}

export function words(T: Tok[], a: number, b: number): number {
  let n = 0;
  for (let i = a; i < b; i++) if (T[i].word) n++;
  return n;
}

export const PLURAL_NOUNS = new Set([
  'people', 'children', 'men', 'women', 'adults', 'patients', 'teeth', 'feet', 'mice', 'data', 'elderly', 'bacteria', 'fungi',
  'criteria', 'phenomena', 'larvae', 'vertebrae', 'nuclei', 'geese', 'lice', 'stimuli',
]);
export function plural(w: string): boolean {
  if (w === 'you' || w === 'we' || w === 'they' || w === 'i') return true;
  return /[a-z]s$/.test(w) && !SINGULAR_S.has(w) && !/(ss|us|is)$/.test(w);
}

const NOT_ADVERB = new Set(['family', 'supply', 'belly', 'jelly', 'assembly', 'anomaly', 'italy', 'july', 'reply', 'apply', 'rely', 'ally', 'lily', 'rally', 'fly', 'holy', 'early', 'daily', 'weekly', 'monthly', 'yearly', 'elderly', 'oily', 'bodily', 'friendly', 'curly', 'ugly', 'silly', 'chilly', 'hourly', 'likely', 'only']);
export function isAdverb(w: string): boolean {
  return (ADVERBS.has(w) && w !== 'may' && w !== 'not') || w === 'likely' || (/^[a-z]{3,}ly$/.test(w) && !NOT_ADVERB.has(w));
}



export function render(A: string, T: Tok[], a: number, b: number, drop?: Set<number>, replace?: Map<number, string>): string {
  let s = '';
  let prevEnd = -1;
  for (let i = a; i < b; i++) {
    if (drop?.has(i)) continue;
    if (prevEnd >= 0 && T[i].s > prevEnd) s += ' ';
    s += replace?.get(i) ?? A.slice(T[i].s, T[i].e);
    prevEnd = T[i].e;
  }
  return s;
}


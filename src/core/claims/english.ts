// English sentence → atomic claims, with heuristics instead of a parser:
//  1. clauses: ";" and coordinating conjunctions that join full clauses
//     ("…, and it raises…", "…, but…", "whereas", ", while"), and verb
//     phrases that share a subject ("X lowers A and reduces B");
//  2. one coordinated list per clause is distributed:
//     "Symptoms include fever, cough, and fatigue" → three claims;
//     "X and Y cause Z" → "X causes Z", "Y causes Z".
// Everything works on tokens with offsets into the analysis text, so every
// claim keeps the span of the words it comes from.
import {
  DETERMINERS,
  FIXED_PAIRS,
  LIST_ENDERS,
  PREPOSITIONS,
  PRONOUNS,
  RELATIONAL,
  SINGULAR_AUX,
  SINGULAR_S,
  SUBORDINATORS,
  isAdjective,
  isAux,
  isModal,
  thirdPerson,
  verbForms,
} from './lexicon.ts';

/** One sentence to split: `text` is context (`prefixLen` chars) + the sentence. */
export interface Unit {
  text: string;
  /** Characters at the start of `text` that are context (a list lead-in), not part of the answer. */
  prefixLen: number;
  /** Answer offset of text[prefixLen]. */
  base: number;
}

/** A claim with its span in answer offsets. */
export interface RawClaim {
  text: string;
  start: number;
  end: number;
}

interface Tok {
  /** lower case, ’ → ' */
  w: string;
  s: number;
  e: number;
  word: boolean;
  depth: number;
  /** Known to be a verb: the first verb of a verb phrase split off its subject. */
  verb?: VKind;
}

type VKind = 'modal' | 'aux' | 'third' | 'past' | 'participle' | 'base' | 'inf' | 'ing';

/** Sentences longer than this (tokens) are kept whole: no real sentence is. */
const MAX_TOKENS = 400;
/** How far back a list may reach from its conjunction. */
const MAX_ITEM_WORDS = 8;

const TOKEN = /[\p{L}\p{N}]+(?:['’.\-/][\p{L}\p{N}]+)*['’]?%?|\S/gu;

function tokenize(text: string): Tok[] {
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
const ADVERBS = new Set([
  'also', 'often', 'usually', 'sometimes', 'frequently', 'typically', 'commonly', 'generally', 'eventually', 'later',
  'even', 'further', 'thereby', 'thus', 'then', 'still', 'may', 'not', 'rarely', 'mainly', 'mostly', 'primarily',
  'significantly', 'gradually', 'slowly', 'quickly', 'rapidly', 'directly', 'indirectly', 'only', 'always', 'never',
  'potentially', 'possibly', 'likely', 'partly', 'largely', 'especially', 'particularly', 'in', 'turn',
]);
const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', "isn't", "aren't", "wasn't", "weren't"]);
const HAVE = new Set(['has', 'have', 'had', "hasn't", "haven't", "hadn't"]);
const DO = new Set(['do', 'does', 'did', "doesn't", "don't", "didn't"]);

function isWordAux(w: string): boolean {
  return isAux(w) || isModal(w);
}

/** What kind of verb token i is, in context; null when it is not a verb here. */
function kindAt(T: Tok[], i: number, clauseStart: number): VKind | null {
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

const FINITE: ReadonlySet<VKind> = new Set(['modal', 'aux', 'third', 'past', 'base']);

function firstFinite(T: Tok[], from: number, to: number): number {
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

interface VerbGroup {
  subject: [number, number];
  /** aux/modal chain before the main verb ("can", "does not", "has been"). */
  chain: [number, number];
  mainKind: VKind | null;
}

/** Subject, auxiliary chain and main verb kind of the clause T[from..to). */
function verbGroup(T: Tok[], from: number, to: number): VerbGroup | null {
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

/** R = T[from..to) looks like an independent clause (own subject and verb). */
function clauseShape(T: Tok[], from: number, to: number): boolean {
  const first = T[from];
  if (!first || !first.word) return false;
  if (/^(it|that|there|here|what|he|she|who|they|we|you|i)'(s|re|ve|ll|d|m)$/.test(first.w)) return true;
  if (PREPOSITIONS.has(first.w) || SUBORDINATORS.has(first.w) || first.w === 'and' || first.w === 'or') return false;
  if (isWordAux(first.w) || verbForms(first.w)) {
    // a verb first is a verb phrase, unless it is a noun ("use of…")
    if (kindAt(T, from, from) !== null || verbForms(first.w)?.forms.has('ing')) return false;
  }
  const lim = Math.min(to, from + 14);
  for (let i = from + 1; i < lim; i++) {
    if (T[i].depth > 0) continue;
    if (!T[i].word) {
      if (T[i].w === ',' || T[i].w === ':') return false;
      continue;
    }
    const k = kindAt(T, i, from);
    if (k === 'modal' || k === 'aux' || k === 'third' || k === 'past') return true;
    if (k === 'base') {
      const p = T[i - 1].w;
      if (PRONOUNS.has(p) || (/[a-z]s$/.test(p) && !SINGULAR_S.has(p))) return true;
    }
    if (SUBORDINATORS.has(T[i].w)) return false; // "…alarms that signal": a relative clause
  }
  return false;
}

/**
 * R = T[from..to) is a verb phrase sharing L's subject. Returns the tokens
 * of L to put in front of it (subject, and the auxiliary chain when R needs
 * it), or null.
 */
function vpShape(T: Tok[], from: number, to: number, L: VerbGroup): { subject: [number, number]; chain?: [number, number] } | null {
  let j = from;
  while (j < to && ADVERBS.has(T[j].w) && !isModal(T[j].w)) j++;
  const t = T[j];
  if (!t || !t.word || j >= to) return null;
  const w = t.w;
  if (isWordAux(w)) return { subject: L.subject };
  const v = verbForms(w);
  if (!v) return null;
  const next = T[j + 1] && T[j + 1].word ? T[j + 1].w : '';
  const nextVerb = next !== '' && (isWordAux(next) || !!verbForms(next)?.forms.has('third'));
  if (v.forms.has('third') && !nextVerb) {
    // "You can use tablets and drops…": a plural subject takes no -s verb; "drops" is a noun.
    const last = T[L.subject[1] - 1]?.w ?? '';
    if (plural(last) || PLURAL_NOUNS.has(last)) return null;
    return { subject: L.subject };
  }
  const auxChain = L.chain[1] > L.chain[0] && isWordAux(T[L.chain[0]].w);
  // "may cause the bladder to overfill and leak": the base form continues the infinitive.
  if (v.forms.has('base') && !v.forms.has('third')) {
    for (let k = L.chain[1]; k < from - 1; k++) if (T[k].w === 'to' && T[k].depth === 0) return null;
  }
  // "can lower A and reduce B", "does not cause A or raise B"
  const modalChain = auxChain && (isModal(T[L.chain[0]].w) || DO.has(T[L.chain[0]].w));
  if (v.forms.has('base') && !nextVerb) {
    if (modalChain && (L.mainKind === 'base' || L.mainKind === null)) return { subject: L.subject, chain: L.chain };
    if (!auxChain && L.mainKind === 'base') return { subject: L.subject };
  }
  if ((v.forms.has('participle') || v.forms.has('past')) && !v.forms.has('base')) {
    if (auxChain && L.mainKind === 'participle') return { subject: L.subject, chain: L.chain };
    if (!auxChain && L.mainKind === 'past') return { subject: L.subject };
  }
  if (v.forms.has('ing') && auxChain && L.mainKind === 'ing') return { subject: L.subject, chain: L.chain };
  return null;
}

interface Clause {
  from: number;
  to: number;
  /** Tokens to render in front (shared subject, auxiliaries). */
  lead?: [number, number][];
  /** Opens a ";" or " - " segment (may continue the list of the one before). */
  segment?: boolean;
}

const RELATIVE = new Set(['which', 'who', 'whom', 'whose', 'that', 'where', 'when', 'because', 'if', 'although', 'though', 'since', 'unless', 'whether']);
const CLAUSE_CONJ = new Set(['and', 'but', 'or', 'yet', 'whereas', 'while', 'although', 'though', 'so']);

function splitClauses(text: string, T: Tok[], from: number, to: number): Clause[] {
  // ";" and spaced dashes used as separators (" - " three times or more).
  const segs: [number, number][] = [];
  const spaced = (t: Tok) => t.w === '-' && t.depth === 0 && /\s/.test(text[t.s - 1] ?? '') && /\s/.test(text[t.e] ?? '');
  const dashes = T.filter((t, i) => spaced(t) && i > from && i < to).length;
  let a = from;
  for (let i = from; i < to; i++) {
    const t = T[i];
    if (t.depth === 0 && (t.w === ';' || (dashes >= 3 && spaced(t)))) {
      if (i > a) segs.push([a, i]);
      a = i + 1;
    }
  }
  if (to > a) segs.push([a, to]);

  const out: Clause[] = [];
  for (const [sa, sb] of segs) {
    const splits: { at: number; cut: number; lead?: [number, number][] }[] = [];
    let cur = sa;
    let subjStart = sa;
    for (let i = sa + 1; i < sb - 1; i++) {
      const t = T[i];
      if (t.depth > 0 || !CLAUSE_CONJ.has(t.w)) continue;
      const comma = T[i - 1].w === ',';
      const next = T[i + 1];
      const pronounNext = next && (PRONOUNS.has(next.w) || /^(it|they|he|she|we|you|i|that|there)'/.test(next.w));
      if (!comma && !(t.w === 'but' || t.w === 'whereas' || t.w === 'while' || (t.w === 'and' && pronounNext))) {
        if (t.w !== 'and' && t.w !== 'or') continue;
      }
      if (!comma && (t.w === 'although' || t.w === 'though' || t.w === 'so' || t.w === 'yet')) continue;
      const lEnd = comma ? i - 1 : i;
      if (lEnd <= cur || firstFinite(T, cur, lEnd) < 0) continue;
      if (clauseShape(T, i + 1, sb) && (comma || (t.w !== 'and' && t.w !== 'or') || pronounNext)) {
        // comma-joined clauses before this one ("A causes X, B causes Y, and …")
        if (comma) addCommaSplits(T, cur, lEnd, splits, (k, e) => clauseShape(T, k, e), () => undefined);
        splits.push({ at: i, cut: lEnd });
        cur = i + 1;
        subjStart = i + 1;
        continue;
      }
      if (t.w === 'and' || t.w === 'or' || t.w === 'but' || t.w === 'yet' || t.w === 'so') {
        // A verb phrase after "…in which the immune system attacks" belongs to
        // the relative clause, whose subject is not the sentence's.
        const embedded = T.slice(subjStart, lEnd).some((x) => x.depth === 0 && RELATIVE.has(x.w));
        const L = embedded ? null : verbGroup(T, subjStart, lEnd);
        const vp = L ? vpShape(T, i + 1, sb, L) : null;
        if (!vp || !L) {
          // "…, but consult your doctor first": an imperative is a clause of its own.
          if (comma && imperative(T, i + 1)) {
            splits.push({ at: i, cut: lEnd });
            cur = i + 1;
            subjStart = i + 1;
          }
          continue;
        }
        const lead = (x: { subject: [number, number]; chain?: [number, number] }) =>
          x.chain ? [x.subject, x.chain] : [x.subject];
        if (comma) {
          addCommaSplits(
            T,
            cur,
            lEnd,
            splits,
            (k, e) => vpShape(T, k, e, L) !== null,
            (k, e) => {
              markVerb(T, k, e);
              return lead(vpShape(T, k, e, L)!);
            },
          );
        }
        markVerb(T, i + 1, sb);
        splits.push({ at: i, cut: lEnd, lead: lead(vp) });
        cur = i + 1;
      }
    }
    let start = sa;
    let lead: [number, number][] | undefined;
    for (const sp of splits) {
      if (sp.cut > start) out.push({ from: start, to: sp.cut, lead, segment: start === sa });
      start = sp.at + 1;
      lead = sp.lead;
    }
    if (sb > start) out.push({ from: start, to: sb, lead, segment: start === sa });
  }
  return out;
}

const IMPERATIVE = new Set([
  'consult', 'see', 'talk', 'speak', 'ask', 'check', 'call', 'seek', 'take', 'avoid', 'try', 'make', 'be', 'remember',
  'keep', 'contact', 'visit', 'get', 'follow', 'stop', 'discuss', 'tell', 'let', 'monitor', 'limit', 'eat', 'drink',
  'always', 'never', 'please', 'do', "don't",
]);

function imperative(T: Tok[], i: number): boolean {
  return !!T[i] && T[i].word && IMPERATIVE.has(T[i].w);
}

/** The verb opening a split-off verb phrase ("…and increases the risk"): never a noun. */
function markVerb(T: Tok[], from: number, to: number): void {
  let j = from;
  while (j < to && ADVERBS.has(T[j].w) && !isModal(T[j].w)) j++;
  const t = T[j];
  if (!t || j >= to) return;
  const v = verbForms(t.w);
  if (!v) return;
  t.verb = v.forms.has('third') ? 'third' : v.forms.has('base') ? 'base' : v.forms.has('past') ? 'past' : undefined;
}

/** Splits at top-level commas inside [from, to) whose right side passes `ok`. */
function addCommaSplits(
  T: Tok[],
  from: number,
  to: number,
  splits: { at: number; cut: number; lead?: [number, number][] }[],
  ok: (k: number, e: number) => boolean,
  lead: (k: number, e: number) => [number, number][] | undefined,
): void {
  const commas: number[] = [];
  for (let k = from + 1; k < to; k++) if (T[k].w === ',' && T[k].depth === 0) commas.push(k);
  if (!commas.length) return;
  const found: { at: number; cut: number; lead?: [number, number][] }[] = [];
  for (let n = 0; n < commas.length; n++) {
    const k = commas[n];
    const e = n + 1 < commas.length ? commas[n + 1] : to;
    if (!ok(k + 1, e)) return; // every segment must be a clause, or none is split
    found.push({ at: k, cut: k, lead: lead(k + 1, e) });
  }
  splits.push(...found);
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
  const cut = /,?\s+(which|who|that|whose|where)\b|\s*[(,;:]/.exec(text);
  return !hasPredicate(cut ? text.slice(0, cut.index) : text);
}

// ── Lists ─────────────────────────────────────────────────────────────────

interface List {
  items: [number, number][];
  /** Extra words appended to an item (shared head noun: "physical [health]"). */
  heads: (string | null)[];
  /** A determiner shared from the first item ("the"), per item. */
  dets: (string | null)[];
  head: [number, number]; // tokens before the first item
  tail: [number, number]; // tokens after the last item
  drop: Set<number>;
  /** Verb token to put in the singular per item (subject lists), if any. */
  verb: number;
  /** Token where a relative clause starts that only the last item keeps (-1: none). */
  lastOnly: number;
}

const STRONG_TRIGGERS = new Set(['including', 'include', 'includes', 'like', 'namely', 'especially', 'particularly', 'notably', 'mainly', 'mostly', 'primarily', 'e.g', 'i.e', 'as', 'than', 'from', 'versus', 'vs']);
const STOPPERS = new Set([
  'that', 'which', 'who', 'whom', 'whose', 'because', 'when', 'if', 'while', 'whereas', 'although', 'though', 'since',
  'unless', 'until', 'so', 'where', 'but', 'and', 'or', 'nor', 'etc',
]);
const INTRO = /^(in|for|at|during|after|before|among|with|without|unlike|like|when|if|although|though|while|because|since|however|moreover|furthermore|additionally|also|overall|generally|typically|usually|often|first|second|third|finally|lastly|today|currently|now|then|thus|therefore|here|there|as|by|on|from|according|despite|due|compared|once|over|under|within|[a-z]+ly)$/;

function words(T: Tok[], a: number, b: number): number {
  let n = 0;
  for (let i = a; i < b; i++) if (T[i].word) n++;
  return n;
}

function hasPrep(T: Tok[], a: number, b: number): number {
  let last = -1;
  for (let i = a + 1; i < b; i++) if (T[i].depth === 0 && PREPOSITIONS.has(T[i].w)) last = i;
  return last;
}

const PLURAL_NOUNS = new Set(['people', 'children', 'men', 'women', 'adults', 'patients', 'teeth', 'feet', 'mice', 'data', 'elderly']);
/** Predicates that relate the items to each other: "A and B are linked". */
const RELATIONAL_PREDICATE = /^(?:(?:is|are|was|were|be|been|can be|may be|often|closely|strongly|also|not|\s)+)?(linked|related|associated|connected|correlated|interrelated|intertwined|similar|different|distinct|comparable|equivalent|equal|the same|alike|differ|differs|interact|interacts|coexist|combined|together|mixed|compared|opposites|synonyms)\b|\b(each other|one another|together|combined|respectively)\b/;

function plural(w: string): boolean {
  if (w === 'you' || w === 'we' || w === 'they' || w === 'i') return true;
  return /[a-z]s$/.test(w) && !SINGULAR_S.has(w) && !/(ss|us|is)$/.test(w);
}

function isTitle(text: string, t: Tok): boolean {
  return /^\p{Lu}\p{Ll}/u.test(text.slice(t.s, t.e));
}

/** The first list in T[from..to) that can be distributed, or null. */
function findList(A: string, T: Tok[], from: number, to: number): List | null {
  for (let c = from + 1; c < to - 1; c++) {
    const ct = T[c];
    if (ct.depth > 0 || (ct.w !== 'and' && ct.w !== 'or')) continue;
    const list = listAt(A, T, from, to, c);
    if (list) return list;
  }
  return null;
}

function listAt(A: string, T: Tok[], from: number, to: number, c: number): List | null {
  const conj = T[c].w;
  const next = T[c + 1];
  if (!next || !next.word || LIST_ENDERS.has(next.w) || next.w === 'other' || next.w === 'more') return null;
  if (T[c - 1].w === '/' || next.w === '/') return null; // and/or
  const prevWord = T[c - 1].word ? T[c - 1] : T[c - 2];
  if (!prevWord || !prevWord.word) return null;
  if (FIXED_PAIRS.has(`${prevWord.w} ${conj} ${next.w}`)) return null;
  // Proper names: "Department of Health and Human Services".
  if (isTitle(A, prevWord) && isTitle(A, next) && T.indexOf(prevWord) > from) return null;

  // Left items, walking back.
  const items: [number, number][] = [];
  let segEnd = T[c - 1].w === ',' ? c - 1 : c;
  let head: [number, number] = [from, from];
  let subjectList = false;
  let andStop = false;
  for (let guard = 0; guard < 50; guard++) {
    let j = segEnd - 1;
    let stop: 'trigger' | 'comma' | 'start' | 'hard' = 'start';
    for (; j >= from; j--) {
      const t = T[j];
      if (t.depth > 0) continue;
      if (!t.word) {
        if (t.w === ',') {
          stop = 'comma';
          break;
        }
        if (t.w === ':' || t.w === '—' || t.w === '–') {
          stop = 'trigger';
          break;
        }
        continue;
      }
      // An inner "and" ends the item next to the conjunction; further left,
      // items may contain one ("frequent ear and sinus infections").
      if (items.length === 0 && (t.w === 'and' || t.w === 'or')) {
        andStop = true;
        stop = 'trigger';
        break;
      }
      if (isTrigger(T, j, from, c) || (SUBORDINATORS.has(t.w) && t.w !== 'as' && t.w !== 'so' && j > from)) {
        stop = 'trigger';
        break;
      }
      if (segEnd - j > 12) return null;
    }
    if (j < from) stop = 'start';
    const itemStart = stop === 'start' ? from : j + 1;
    if (itemStart >= segEnd) return null;
    items.push([itemStart, segEnd]);
    if (stop === 'trigger') {
      head = [from, j + 1];
      break;
    }
    if (stop === 'start') {
      head = [from, from];
      subjectList = true;
      break;
    }
    // comma: does the list go on before it?
    let p = j - 1;
    while (p >= from && !(T[p].w === ',' && T[p].depth === 0)) p--;
    const pStart = p + 1;
    const segHasVerb = firstFinite(T, pStart, j) >= 0;
    const segHasTrigger = (() => {
      for (let q = pStart; q < j; q++) if (T[q].depth === 0 && T[q].word && isTrigger(T, q, from, c)) return true;
      return false;
    })();
    const first = T[pStart];
    const intro = pStart === from && first && first.word && INTRO.test(first.w);
    if (segHasVerb || segHasTrigger) {
      segEnd = j;
      continue;
    }
    if (intro || words(T, pStart, j) > 6 || words(T, pStart, j) === 0) {
      head = [from, j + 1];
      subjectList = true;
      break;
    }
    segEnd = j;
  }
  items.reverse();

  // Right item: up to a boundary; when the items are the subject, up to the verb.
  const objectHead = !subjectList && firstFinite(T, head[0], head[1]) >= 0;
  let rEnd = c + 1;
  let verb = -1;
  for (let i = c + 1; i < to; i++) {
    const t = T[i];
    if (t.depth === 0 && !t.word && /^[,;:!?.—–]$/.test(t.w)) break;
    if (t.depth === 0 && t.word && STOPPERS.has(t.w)) break;
    // "causes waste and fluid [to build up]": the infinitive is shared.
    if (t.depth === 0 && t.w === 'to' && i > c + 1 && T[c + 1].w !== 'to' && kindAt(T, i + 1, i) === 'inf') break;
    if (t.depth === 0 && t.word && i > c + 1) {
      const k = kindAt(T, i, c + 1);
      if (k && (objectHead ? k === 'aux' || k === 'modal' : FINITE.has(k) && !(k === 'base' && T[i - 1].w === 'to'))) {
        verb = i;
        break;
      }
    }
    rEnd = i + 1;
  }
  // "…and environmental factors likely play…": the adverb goes with the verb.
  // ("exercising regularly" keeps its adverb.)
  if (verb >= 0 && !T.slice(c + 1, rEnd).some((t) => /^[a-z]{3,}ing$/.test(t.w))) {
    while (rEnd - 1 > c + 1 && isAdverb(T[rEnd - 1].w)) rEnd--;
  }
  if (words(T, c + 1, rEnd) === 0 || words(T, c + 1, rEnd) > MAX_ITEM_WORDS + (objectHead ? 2 : 0)) return null;
  // "…weakness and impaired function in the legs and arms": another "and"
  // right after the item means the scope is elsewhere; try the next one.
  if (T[rEnd] && T[rEnd].depth === 0 && (T[rEnd].w === 'and' || T[rEnd].w === 'or')) return null;
  // "snoring, frequent ear and sinus infections, sore throat, and drowsiness":
  // this "and" is inside an item of a longer list that ends later.
  if (T[rEnd]?.w === ',' && items.length > 1) {
    for (let i = rEnd + 1; i < to; i++) {
      if (T[i].depth === 0 && (T[i].w === 'and' || T[i].w === 'or') && T[i - 1].w === ',') return null;
      if (T[i].depth === 0 && (T[i].w === ';' || T[i].w === ':')) break;
    }
  }
  // "the tubules, or tiny tubes, inside…": "or" between commas renames.
  if (conj === 'or' && items.length === 1 && T[c - 1].w === ',' && T[rEnd]?.w === ',') return null;
  const right: [number, number] = [c + 1, rEnd];
  items.push(right);
  if (items.length < 2) return null;
  const rightFirst = T[right[0]].w;
  // "does not sense X and awaken…": a negated verb phrase, not a list.
  if (T[items[0][0]].w === 'not' && rightFirst !== 'not') return null;
  // A lone pronoun is not an item ("…money, and they…").
  if (right[1] - right[0] === 1 && PRONOUNS.has(rightFirst)) return null;
  // "one or both kidneys", "two or three times": quantities, not items.
  if (items[0][1] - items[0][0] === 1 && QUANTIFIERS.has(T[items[0][0]].w)) return null;
  // Verbs are coordinated with verbs: "travel to the lungs, and block blood
  // flow" is not a list of places.
  const vr = verbForms(rightFirst);
  if (vr && (vr.forms.has('base') || vr.forms.has('third')) && !vr.forms.has('ing') && !isAdjective(rightFirst)) {
    const f = T[items[0][0]].w;
    const vf = verbForms(f);
    const rightIsNoun = kindAt(T, right[0], right[0] - 1) === null && T[right[0] + 1] !== undefined && !T[right[0] + 1].word;
    if (!(vf && (vf.forms.has('base') || vf.forms.has('third'))) && !rightIsNoun && f !== 'not') return null;
  }

  // A head without a verb ("Lifestyle changes:", "In adults,") leaves the
  // items as the subject; an object list ends where the clause ends.
  const tail: [number, number] = [rEnd, to];
  if (!subjectList && verb >= 0 && firstFinite(T, head[0], head[1]) < 0 && !headHasStrongTrigger(T, head)) {
    subjectList = true;
  }
  // "…can show whether [you] and [the father] are…": a new clause's subject.
  if (!subjectList && verb >= 0 && head[1] > head[0] && SUBORDINATORS.has(T[head[1] - 1].w) && T[head[1] - 1].w !== 'as') {
    subjectList = true;
  }
  // "If you're Rh-negative and the father is Rh-positive": the right side has
  // its own verb, so these are clauses, not items.
  if (!subjectList && objectHead && verb >= 0) return null;
  if (subjectList && firstFinite(T, items[0][0], items[0][1]) >= 0) return null;
  if (SUBORDINATORS.has(T[items[0][0]].w) && T[items[0][0]].w !== 'as') return null;
  if (!subjectList) verb = -1;

  for (let n = 0; n < items.length - 1; n++) {
    const [a, b] = items[n];
    if (words(T, a, b) === 0 || words(T, a, b) > MAX_ITEM_WORDS) return null;
    if (n > 0 && firstFinite(T, a, b) >= 0) return null;
    if (T[a].w === 'which' || T[a].w === 'who' || T[a].w === 'that') return null;
    // "high blood glucose, also called high blood sugar": a second name, not an item.
    if (n > 0 && /^(also|called|known|i\.e|e\.g|or)$/.test(T[a].w)) return null;
  }
  // Right item must not be a clause of its own ("…and weight gain" is fine: a base form can be a noun).
  if (!subjectList) {
    for (let i = right[0]; i < right[1]; i++) {
      const k = T[i].depth === 0 ? kindAt(T, i, right[0]) : null;
      if (k === 'aux' || k === 'modal' || k === 'third') return null;
    }
  }

  const drop = new Set<number>();
  // "both X and Y", "either X or Y"
  const f0 = items[0][0];
  if (T[f0].w === 'both' || T[f0].w === 'either') {
    drop.add(f0);
    items[0] = [f0 + 1, items[0][1]];
    if (items[0][0] >= items[0][1]) return null;
  }
  const afterVerb = verb >= 0 && T[verb + 1] && (T[verb + 1].w === 'both' || T[verb + 1].w === 'all') ? verb + 1 : -1;
  if (afterVerb >= 0) drop.add(afterVerb);

  // "Eating … within a diet and treating …": gerunds are parallel.
  let parallel = false;
  if (/^[a-z]{2,}ing$/.test(rightFirst) && !/^[a-z]{2,}ing$/.test(T[items[0][0]].w)) {
    for (let j = items[0][1] - 1; j >= Math.max(head[0], items[0][0] - 8); j--) {
      if (T[j].depth > 0) continue;
      if (!T[j].word && T[j].w !== '-') break;
      if (/^[a-z]{2,}ing$/.test(T[j].w) && j > 0 && !DETERMINERS.has(T[j - 1]?.w ?? '')) {
        items[0] = [j, items[0][1]];
        head = [head[0], j];
        parallel = true;
        break;
      }
    }
  } else if (/^[a-z]{2,}ing$/.test(rightFirst)) parallel = true;

  // "are to relieve symptoms and to preserve…": the first item starts at the
  // same word as the last one.
  if ((rightFirst === 'to' || PREPOSITIONS.has(rightFirst)) && T[items[0][0]].w !== rightFirst) {
    for (let j = items[0][0] - 1; j >= Math.max(head[0], items[0][0] - 4); j--) {
      if (T[j].depth > 0) continue;
      if (T[j].w === rightFirst) {
        items[0] = [j, items[0][1]];
        head = [head[0], j];
        break;
      }
      if (!T[j].word) break;
    }
  }

  // "lead to [A] and [B]", "result in [A] and [B]": the preposition belongs to the verb.
  if (!subjectList && PREPOSITIONS.has(T[items[0][0]].w) && items[0][1] - items[0][0] > 1 && head[1] === items[0][0]) {
    if (!PREPOSITIONS.has(T[right[0]].w)) {
      items[0] = [items[0][0] + 1, items[0][1]];
      head = [head[0], items[0][0]];
    }
  }

  // Prepositional attachment: "the risk of [heart disease] and [stroke]".
  const firstPrep = parallel ? -1 : hasPrep(T, items[0][0], items[0][1]);
  if (firstPrep >= 0) {
    // "[the result of] a small bladder, long sleep, and underdevelopment of…":
    // a "the X of" before the preposition takes the whole list when any other item is plain.
    const theNounOf = firstPrep - items[0][0] <= 3 && (T[items[0][0]].w === 'the' || T[items[0][0]].w === 'a') && T[firstPrep].w === 'of';
    const othersPlain =
      items.slice(1).every(([a, b]) => hasPrep(T, a - 1, b) < 0) ||
      (theNounOf && items.length > 2 && items.slice(1).some(([a, b]) => hasPrep(T, a - 1, b) < 0));
    // "a variety of [genetic] and [environmental factors]": adjectives sharing a noun.
    const adjAfterPrep =
      items[0][1] - firstPrep === 2 && isAdjective(T[firstPrep + 1].w) && isAdjective(T[right[0]].w) && right[1] - right[0] > 1;
    let attach = othersPlain || adjAfterPrep;
    if (subjectList && verb >= 0 && !adjAfterPrep) {
      const vw = T[verb].w;
      if (vw === 'is' || vw === 'was' || vw === 'has' || vw === 'does' || verbForms(vw)?.forms.has('third')) attach = true;
      else if (vw === 'are' || vw === 'were' || vw === 'have' || vw === 'do' || verbForms(vw)?.forms.has('base')) {
        // "People with [obesity] and [diabetes] are…": the plural verb agrees with "people".
        const headNoun = T[firstPrep - 1]?.w ?? '';
        attach = plural(headNoun) || PLURAL_NOUNS.has(headNoun);
      }
    }
    if (attach) {
      head = [head[0], firstPrep + 1];
      items[0] = [firstPrep + 1, items[0][1]];
      if (items[0][0] >= items[0][1]) return null;
      subjectList = false;
    }
  }

  // "make intercourse painful, difficult, or impossible": adjectives after an object.
  if (!subjectList && items.length >= 2 && items.slice(1).every(([a, b]) => b - a === 1 && isAdjective(T[a].w)) && items[0][1] - items[0][0] > 1 && isAdjective(T[items[0][1] - 1].w)) {
    head = [head[0], items[0][1] - 1];
    items[0] = [items[0][1] - 1, items[0][1]];
  }

  // "lactose-free and lactose-reduced milk and milk products": the first item
  // was cut at another "and" and nothing moved it past it: the scope is unclear.
  if (andStop && head[1] > from && (T[head[1] - 1].w === 'and' || T[head[1] - 1].w === 'or')) return null;
  if (RELATIONAL_PREDICATE.test(render(A, T, right[1], to).toLowerCase())) return null;
  // Relations between the items are one claim: "between A and B".
  for (let i = Math.max(head[0], head[1] - 3); i < items[0][0]; i++) {
    if (RELATIONAL.has(T[i].w)) return null;
  }
  for (let i = items[0][0]; i < items[0][1]; i++) if (RELATIONAL.has(T[i].w)) return null;
  // Number ranges: "5 and 10", "ages 18 and 65".
  if (items.every(([a, b]) => b - a === 1 && /^\d/.test(T[a].w))) return null;
  if (/^\d/.test(T[items[0][1] - 1].w) && /^\d/.test(T[right[0]].w) && words(T, right[0], right[1]) <= 2) return null;
  // "dry and itchy skin", "type 1 and type 2 diabetes": a shared head noun.
  const heads: (string | null)[] = items.map(() => null);
  const last = items[items.length - 1];
  const lastWords = T.slice(last[0], last[1]).filter((t) => t.word);
  if (lastWords.length >= 2) {
    const firstLen = words(T, items[0][0], items[0][1]) - (/^(a|an|the)$/.test(T[items[0][0]].w) && items[0][1] - items[0][0] === 2 ? 1 : 0);
    const modifiers = items.slice(0, -1);
    const adjectival = modifiers.every(([a, b], n) => {
      let ws = T.slice(a, b).filter((t) => t.word).map((t) => t.w);
      if (n === 0 && ws.length === 2 && (ws[0] === 'a' || ws[0] === 'an' || ws[0] === 'the')) ws = ws.slice(1);
      return (
        (ws.length === 1 &&
          (isAdjective(ws[0]) ||
            (/ing$/.test(ws[0]) && /ing$/.test(lastWords[0].w) && !!verbForms(ws[0])) ||
            (/[a-z](ed|en)$/.test(ws[0]) && /[a-z](ed|en)$/.test(lastWords[0].w)))) ||
        (ws.length === 2 && ws[0] === 'type' && /^\d/.test(ws[1]))
      );
    });
    if (adjectival && lastWords.length > firstLen && isAdjectiveLike(lastWords, firstLen)) {
      const shared = lastWords.slice(firstLen);
      const text = A.slice(shared[0].s, shared[shared.length - 1].e);
      for (let n = 0; n < items.length - 1; n++) heads[n] = text;
    }
  }

  // "the heart, brain, and eyes": the determiner of the first item is shared.
  const det = T[items[0][0]].w;
  const dets: (string | null)[] = items.map(() => null);
  if (SHARED_DET.has(det) && items[0][1] - items[0][0] > 1) {
    const detText = A.slice(T[items[0][0]].s, T[items[0][0]].e).toLowerCase();
    for (let n = 1; n < items.length; n++) {
      const w = T[items[n][0]].w;
      if (!DETERMINERS.has(w) && !SHARED_DET.has(w) && !PRONOUNS.has(w)) dets[n] = detText;
    }
  }

  // A list with no verb at all is only safe when it is short ("Fever and
  // cough."): a verb the lexicon does not know must not be cut in two.
  if (subjectList && verb < 0 && items.some(([a, b]) => words(T, a, b) > 3)) return null;

  // "…and a rash that spreads quickly": a relative clause after the last
  // item belongs to it alone, unless its plural verb says it covers them all.
  let lastOnly = -1;
  if (!subjectList && T[rEnd]?.w === ',' && /^(such|including|especially|particularly|like|e\.g)$/.test(T[rEnd + 1]?.w ?? '')) {
    lastOnly = rEnd; // "…, and certain fish, such as salmon": the examples are of the last item
  }
  if (!subjectList && rEnd < to && RELATIVE_START.has(T[rEnd].w)) {
    const rv = firstFinite(T, rEnd + 1, to);
    const pluralVerb = rv >= 0 && conj === 'and' && (T[rv].w === 'are' || T[rv].w === 'were' || T[rv].w === 'have' || kindAt(T, rv, rEnd + 1) === 'base');
    if (!pluralVerb) lastOnly = rEnd;
  }

  // Subject agreement only when each item is the whole subject.
  if (!subjectList || conj !== 'and') verb = -1;
  return { items, heads, dets, head, tail, drop, verb, lastOnly };
}

const NOT_ADVERB = new Set(['family', 'supply', 'belly', 'jelly', 'assembly', 'anomaly', 'italy', 'july', 'reply', 'apply', 'rely', 'ally', 'lily', 'rally', 'fly', 'holy', 'early', 'daily', 'weekly', 'monthly', 'yearly', 'elderly', 'oily', 'bodily', 'friendly', 'curly', 'ugly', 'silly', 'chilly', 'hourly', 'likely', 'only']);
function isAdverb(w: string): boolean {
  return (ADVERBS.has(w) && w !== 'may' && w !== 'not') || w === 'likely' || (/^[a-z]{3,}ly$/.test(w) && !NOT_ADVERB.has(w));
}

const RELATIVE_START = new Set(['that', 'which', 'who', 'whom', 'whose']);
const QUANTIFIERS = new Set(['one', 'two', 'three', 'four', 'five', 'some', 'many', 'all', 'both', 'either', 'each', 'several', 'few', 'once', 'twice']);
const SHARED_DET = new Set(['the', 'its', 'their', 'your', 'his', 'her', 'our', 'my', 'more', 'less', 'fewer']);

function headHasStrongTrigger(T: Tok[], head: [number, number]): boolean {
  for (let i = head[0]; i < head[1]; i++) if (T[i].word && STRONG_TRIGGERS.has(T[i].w) && T[i].w !== 'as') return true;
  return head[1] - 2 >= head[0] && T[head[1] - 1].w === 'as' && T[head[1] - 2].w === 'such';
}

function isAdjectiveLike(lastWords: Tok[], firstLen: number): boolean {
  const w = lastWords[0].w;
  if (firstLen === 2) return w === 'type';
  return isAdjective(w) || /ed$/.test(w) || /ing$/.test(w);
}

function isTrigger(T: Tok[], j: number, from: number, conj: number): boolean {
  const w = T[j].w;
  if (STRONG_TRIGGERS.has(w)) {
    if (w === 'as') return j > from && (T[j - 1].w === 'such' || T[j - 1].w === 'known' || T[j - 1].w === 'well');
    if (w === 'like') return true;
    return true;
  }
  if ((w === 'be' || w === 'been' || w === 'being') && j > from && (isWordAux(T[j - 1].w) || T[j - 1].w === 'to' || T[j - 1].w === 'not')) {
    return true; // "may be [the result of …]"
  }
  const k = kindAt(T, j, from);
  if (k === 'ing') return true;
  if (k === 'third' && T[j - 1] && T[j - 1].w === ',') {
    // "…, changes in the immune system, and…": after a comma a verb form is a
    // noun opening an item, unless the items are verb phrases too.
    const r = T[conj + 1];
    return !!r && !!verbForms(r.w)?.forms.has('third');
  }
  if (k && (FINITE.has(k) || k === 'inf' || k === 'participle')) return true;
  // "…, causing fever and chills": a participle clause opens a list, unless
  // the items themselves are -ing words ("smoking, being overweight, and lacking…").
  const v = verbForms(w);
  if (v?.forms.has('ing') && (j === from || T[j - 1].w === ',')) {
    const r = T[conj + 1];
    return !(r && verbForms(r.w)?.forms.has('ing')) && !/ing$/.test(r?.w ?? '');
  }
  return false;
}

// ── Rendering ─────────────────────────────────────────────────────────────

function render(A: string, T: Tok[], a: number, b: number, drop?: Set<number>, replace?: Map<number, string>): string {
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

const DISCOURSE =
  /^(?:(?:note|important|tip|warning|caution|remember|fact|answer|bottom line|key point|in short|summary|overview)\s*:\s*|(?:however|additionally|also|moreover|furthermore|in addition|importantly|notably|overall|in summary|in short|in conclusion|to summarize|finally|first|firstly|second|secondly|third|thirdly|lastly|for example|for instance|therefore|thus|consequently|as a result|in general|generally speaking|on the other hand|similarly|likewise|in fact|indeed|meanwhile|in particular|specifically|of note|note|remember|keep in mind)\s*,\s*|(?:and|but|or|yet)\s+)/i;

/** Markup-free, whitespace-collapsed claim text; optional final period. */
export function cleanEnglish(s: string, period: boolean): string {
  let t = s
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:!?%)\]])/g, '$1')
    .replace(/([(\[])\s+/g, '$1')
    .replace(/^[\s,;:\-–—]+|[\s,;:\-–—]+$/g, '')
    .replace(/"\s*([^"]*?)\s*"/g, '"$1"')
    .replace(/(\w)'\s+(s|t|re|ve|ll|d|m)\b/g, "$1'$2");
  for (let n = 0; n < 3; n++) {
    const m = DISCOURSE.exec(t);
    if (!m || m[0].length >= t.length) break;
    t = t.slice(m[0].length);
  }
  // Capitalise unless the first word is written in mixed case (mRNA, eGFR).
  if (/^\p{Ll}/u.test(t) && !/^\p{Ll}+\p{Lu}/u.test(t)) t = t[0].toUpperCase() + t.slice(1);
  if (period && !/[.!?]["')\]]?$/.test(t)) t += '.';
  return t;
}

function singular(T: Tok[], A: string, verb: number): string | null {
  const raw = A.slice(T[verb].s, T[verb].e);
  const w = T[verb].w;
  if (SINGULAR_AUX[w]) return matchCase(raw, SINGULAR_AUX[w]);
  const v = verbForms(w);
  if (v && v.forms.has('base') && !v.forms.has('past')) return matchCase(raw, thirdPerson(w));
  if (v && v.forms.has('base') && v.forms.has('past') && v.base === w) return matchCase(raw, thirdPerson(w));
  return null;
}

function matchCase(raw: string, w: string): string {
  return /^\p{Lu}/u.test(raw) ? w[0].toUpperCase() + w.slice(1) : w;
}

const OPEN_END = /\b(include|includes|including|such as|like|are|e\.g|involve|involves)\s*:?$/i;

/** A short label before ":" followed by a lower-case verb: the label is the subject. */
function labelSubject(A: string, T: Tok[]): string | null {
  const colon = T.findIndex((t) => t.w === ':' && t.depth === 0);
  if (colon < 1 || colon > 6) return null;
  const next = T[colon + 1];
  if (!next || !next.word || !/^\p{Ll}/u.test(A.slice(next.s, next.e))) return null;
  const v = verbForms(next.w);
  if (!v || !(v.forms.has('third') || v.forms.has('base'))) return null;
  if (T.slice(0, colon).some((t) => !t.word || isWordAux(t.w))) return null;
  return A.slice(T[0].s, T[colon - 1].e).replace(/\s+/g, ' ');
}

/** Splits one English sentence into claims. */
export function splitEnglish(unit: Unit): RawClaim[] {
  const A = unit.text;
  const T = tokenize(A);
  if (!T.length) return [];
  const P = unit.prefixLen;
  const toAnswer = (p: number) => unit.base + p - P;
  const period = /[.!]["')\]]?\s*$/.test(A);
  const out: RawClaim[] = [];
  // "Metformin: lowers blood sugar" → "Metformin lowers blood sugar".
  const label = labelSubject(A, T);
  const push = (text: string, s: number, e: number) => {
    const cs = Math.max(s, P);
    if (e <= cs) return;
    let t = text.replace(/\s+/g, ' ').trim();
    if (label && t.startsWith(label + ':')) t = label + t.slice(label.length + 1);
    out.push({ text: cleanEnglish(t, period), start: toAnswer(cs), end: toAnswer(e) });
  };
  // The span of a clause: without trailing punctuation (the sentence's final
  // period stays with the last clause).
  const spanOf = (a: number, b: number): [number, number] => {
    let e = b;
    while (e > a + 1 && !T[e - 1].word && /^[,;:\-–—]$/.test(T[e - 1].w)) e--;
    let s = a;
    while (s < e - 1 && !T[s].word && /^[,;:\-–—]$/.test(T[s].w)) s++;
    return [T[s].s, T[e - 1].e];
  };

  if (T.length > MAX_TOKENS) {
    const [s, e] = spanOf(0, T.length);
    push(A.slice(s, e), s, e);
    return out;
  }

  // "Symptoms include A; B; and C" / "Causes include - A - B": segments
  // without a verb continue the list opened before them.
  let openLead = '';
  for (const cl of splitClauses(A, T, 0, T.length)) {
    if (cl.to <= cl.from) continue;
    let leadText = (cl.lead ?? []).map(([a, b]) => render(A, T, a, b)).join(' ');
    const clauseText = render(A, T, cl.from, cl.to);
    if (cl.segment && !cl.lead && openLead && !hasPredicate(clauseText)) {
      leadText = openLead;
      if (T[cl.from].w === 'and' || T[cl.from].w === 'or') cl.from++;
    } else if (cl.segment && OPEN_END.test(clauseText)) {
      openLead = clauseText.replace(/\s*:$/, '');
    }
    const list = cl.to > cl.from ? findList(A, T, cl.from, cl.to) : null;
    if (cl.to <= cl.from) continue;
    const [cs, ce] = spanOf(cl.from, cl.to);
    if (!list || list.items.some(([a, b]) => T[b - 1].e <= P || T[a].s < P)) {
      push(`${leadText} ${A.slice(cs, ce)}`, cs, ce);
      continue;
    }
    const rawHead = render(A, T, list.head[0], list.head[1]);
    const headText = render(A, T, list.head[0], list.head[1], list.drop).replace(/\s*:$/, (m) =>
      /\b(include|includes|including|are|is|as|such as|like)\s*:$/i.test(rawHead) ? '' : m,
    );
    if (cl.segment && !leadText && OPEN_END.test(rawHead)) openLead = rawHead.replace(/\s*:$/, '');
    list.items.forEach(([a, b], n) => {
      const replace = new Map<number, string>();
      const itemLast = list.heads[n] ? list.heads[n]!.split(' ').pop()!.toLowerCase() : T[b - 1].w;
      if (list.verb >= 0 && !plural(itemLast)) {
        const sg = singular(T, A, list.verb);
        if (sg) replace.set(list.verb, sg);
      }
      const item = (list.dets[n] ? `${list.dets[n]} ` : '') + render(A, T, a, b) + (list.heads[n] ? ` ${list.heads[n]}` : '');
      const tailEnd = list.lastOnly >= 0 && n < list.items.length - 1 ? list.lastOnly : cl.to;
      const tail = render(A, T, list.tail[0], tailEnd, list.drop, replace);
      const text = `${leadText} ${headText} ${item} ${tail}`;
      push(text, T[a].s, T[b - 1].e);
    });
  }
  return out;
}

// English sentence → atomic claims, with heuristics instead of a parser:
//  1. clauses: ";" and coordinating conjunctions that join full clauses
//     ("…, and it raises…", "…, but…", "whereas", ", while"), and verb
//     phrases that share a subject ("X lowers A and reduces B");
//  2. one coordinated list per clause is distributed (lists.ts).
// Everything works on tokens with offsets into the analysis text, so every
// claim keeps the span of the words it comes from.
import { PREPOSITIONS, PRONOUNS, SINGULAR_AUX, SINGULAR_S, SUBORDINATORS, isModal, thirdPerson, verbForms } from './lexicon.ts';
import { findCoordinatedList, type List } from './lists.ts';
import {
  ADVERBS,
  DO,
  PLURAL_NOUNS,
  type Tok,
  type VerbGroup,
  firstFinite,
  hasPredicate,
  isWordAux,
  kindAt,
  plural,
  render,
  tokenize,
  verbGroup,
} from './tagger.ts';
import type { RawClaim, Unit } from './unit.ts';
import { indefiniteArticle, pluralComplement, singularNoun } from './agreement.ts';

export type { RawClaim, Unit } from './unit.ts';
export { hasPredicate, isSentenceLike, mainClauseVerbless } from './tagger.ts';

/** Sentences longer than this (tokens) are kept whole: no real sentence is. */
const MAX_TOKENS = 400;

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

/** Segments of T[from..to) between ";" and spaced dashes used as separators (" - " three times or more). */
function separatedSegments(text: string, T: Tok[], from: number, to: number): [number, number][] {
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
  return segs;
}

function splitClauses(text: string, T: Tok[], from: number, to: number): Clause[] {
  const out: Clause[] = [];
  for (const [sa, sb] of separatedSegments(text, T, from, to)) {
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

const DISCOURSE =
  /^(?:(?:note|important|tip|warning|caution|remember|fact|answer|bottom line|key point|in short|summary|overview)\s*:\s*|(?:yes|no|however|additionally|also|moreover|furthermore|in addition|importantly|notably|overall|in summary|in short|in conclusion|to summarize|finally|first|firstly|second|secondly|third|thirdly|lastly|for example|for instance|therefore|thus|consequently|as a result|in general|generally speaking|on the other hand|similarly|likewise|in fact|indeed|meanwhile|in particular|specifically|of note|note|remember|keep in mind)\s*,\s*|(?:and|but|or|yet)\s+)/i;

/** Markup-free, whitespace-collapsed claim text; optional final period. */
export function cleanEnglish(s: string, period: boolean): string {
  let t = s
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:!?%)\]])/g, '$1')
    .replace(/([([])\s+/g, '$1')
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

/**
 * Words to replace so that the verb of a subject list agrees with item n on
 * its own: "Aspirin and ibuprofen are NSAIDs" → "Aspirin is an NSAID".
 */
function singularAgreement(A: string, T: Tok[], list: List, n: number, clauseEnd: number): Map<number, string> {
  const replace = new Map<number, string>();
  const itemLast = list.heads[n] ? list.heads[n]!.split(' ').pop()!.toLowerCase() : T[list.items[n][1] - 1].w;
  if (list.verb < 0 || plural(itemLast) || PLURAL_NOUNS.has(itemLast)) return replace;
  const sg = singular(T, A, list.verb);
  if (sg) replace.set(list.verb, sg);
  if (sg && (T[list.verb].w === 'are' || T[list.verb].w === 'were')) {
    const pc = pluralComplement(T, list.verb + 1, clauseEnd, list.drop);
    const noun = pc && singularNoun(A.slice(T[pc.head].s, T[pc.head].e));
    if (pc && noun) {
      replace.set(pc.head, noun);
      const first = replace.get(pc.start) ?? A.slice(T[pc.start].s, T[pc.start].e);
      replace.set(pc.start, `${indefiniteArticle(first)} ${first}`);
      // "…NSAIDs that reduce pain" → "…an NSAID that reduces pain"
      if (pc.verb !== undefined) replace.set(pc.verb, matchCase(A.slice(T[pc.verb].s, T[pc.verb].e), pc.verbSingular!));
    }
  }
  return replace;
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
    const list = cl.to > cl.from ? findCoordinatedList(A, T, cl.from, cl.to) : null;
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
      const replace = singularAgreement(A, T, list, n, cl.to);
      const item = (list.dets[n] ? `${list.dets[n]} ` : '') + render(A, T, a, b) + (list.heads[n] ? ` ${list.heads[n]}` : '');
      const tailEnd = list.lastOnly >= 0 && n < list.items.length - 1 ? list.lastOnly : cl.to;
      const tail = render(A, T, list.tail[0], tailEnd, list.drop, replace);
      const text = `${leadText} ${headText} ${item} ${tail}`;
      push(text, T[a].s, T[b - 1].e);
    });
  }
  return out;
}

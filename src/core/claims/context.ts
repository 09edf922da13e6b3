// Claims in context: what is done to the claims of a whole answer once the
// sentences are split.
//   1. fragments: a dangling connective at the end ("…no symptoms, so") is
//      cut off (span shrunk); a claim cut off mid-phrase ("…can lead to") or
//      the verbless tail of a truncated answer is dropped;
//   2. references: a subject pronoun ("It", "They", "This condition", 它)
//      is replaced by the subject of the claim(s) just before, when that
//      subject is clear; `original` keeps the claim as written, the span
//      stays on the answer's words;
//   3. repeats: identical claims (case, white space, final punctuation
//      aside) become one claim whose `repeats` holds the other spans.
// Every rule is conservative: when in doubt the claim is left as it was, as
// a wrong antecedent makes a wrong claim.
import { hasCJK } from '../text/sentences.ts';
import type { Claim, Span } from '../types.ts';
import { subjectOf } from './chinese.ts';
import { nonClaimReason } from './filters.ts';
import { PREPOSITIONS, PRONOUNS, SUBORDINATORS, verbForms } from './lexicon.ts';
import { PLURAL_NOUNS, firstFinite, hasPredicate, isAdverb, kindAt, plural, tokenize } from './tagger.ts';

/** What splitClaims knows about where a claim comes from. */
export interface ClaimOrigin {
  /** The block kind ('row' for a table row read across). */
  kind: 'paragraph' | 'heading' | 'item' | 'cell' | 'row';
  /** The claim text starts with context (a lead-in or heading), not with the answer's words. */
  contextual: boolean;
}

// ── 1. Fragments ─────────────────────────────────────────────────────────

/** Words that join the claim to something that is not there. */
const DANGLING =
  /^(so|and|but|or|nor|yet|because|which|that|who|whose|where|while|whereas|although|though|since|if|when|unless|until|whether|as|then|thus|therefore|hence|plus|also)$/i;
/** Words a phrase cannot end with: the answer was cut off after them. */
const MID_PHRASE = new Set([
  'the', 'a', 'an', 'its', 'their', 'his', 'her', 'our', 'your', 'my', 'every', 'each', 'such', 'of', 'with', 'for',
  'to', 'from', 'at', 'into', 'onto', 'among', 'between', 'within', 'without', 'against', 'during', 'via', 'per',
  'upon', 'toward', 'towards', 'than', 'like', 'including', 'by', 'can', 'could', 'may', 'might', 'must', 'should',
  'will', 'would', 'shall', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'does', 'do',
  'did', 'very', 'more', 'most', 'less', 'not',
]);
const ZH_DANGLING = /[，,、；;\s]*(?:所以|因此|因为|但是|但|而且|并且|而|和|或|以及|及|与|如果|由于|虽然|不过|然而|于是|从而|以便|因而)\s*$/;
const TERMINATED = /[.!?…。！？]["'”’)\]]*$/;

function lastWord(s: string): RegExpExecArray | null {
  return /(?:^|[\s,;:–—-]+)([\p{L}\p{N}'’-]+)\W*$/u.exec(s);
}

/**
 * Cuts dangling connectives off the end of English claims and drops claims
 * cut off mid-phrase; `masked` is the answer with markup masked (same offsets).
 */
export function repairFragments(masked: string, claims: Claim[], origin: WeakMap<Claim, ClaimOrigin>): Claim[] {
  const out: Claim[] = [];
  const lastAnswerEnd = masked.trimEnd().length;
  for (const c of claims) {
    if (hasCJK(c.text)) {
      // "高血压通常没有症状，所以" → "高血压通常没有症状。"
      const m = ZH_DANGLING.exec(c.text);
      if (m && m.index >= 4) {
        const span = masked.slice(c.start, c.end);
        const sm = ZH_DANGLING.exec(span);
        if (sm && sm.index > 0) {
          c.end = c.start + sm.index;
          c.text = c.text.slice(0, m.index) + '。';
        }
      }
      out.push(c);
      continue;
    }
    let text = c.text;
    let end = c.end;
    const terminated = TERMINATED.test(text);
    for (let n = 0; n < 3; n++) {
      const m = lastWord(text.replace(/[.!]$/, ''));
      if (!m || !DANGLING.test(m[1])) break;
      const before = text.slice(0, m.index);
      // "…is not so." is a sentence; "…no symptoms, so" and an unfinished "…, and" are not.
      if (terminated && !/^[\s]*[,;:–—-]/.test(text.slice(m.index))) break;
      if (before.split(/\s+/).filter(Boolean).length < 2) break;
      text = before.replace(/[\s,;:–—-]+$/, '');
      // The span loses the same word when it ends with it.
      const span = masked.slice(c.start, end);
      const sm = lastWord(span);
      if (sm && sm[1].toLowerCase() === m[1].toLowerCase() && sm.index > 0) {
        end = c.start + sm.index;
        while (end > c.start && /[\s,;:–—-]/.test(masked[end - 1])) end--;
      }
    }
    if (text !== c.text) {
      if (!TERMINATED.test(text)) text += '.';
      // What is left must still be a claim ("Doctors believe that" → "Doctors believe." is not one).
      if (end <= c.start || nonClaimReason(text) || !hasPredicate(text) || MID_PHRASE.has(lastWord(text)?.[1].toLowerCase() ?? '')) continue;
      c.text = text;
      c.end = end;
    }
    // An unterminated claim ending in "the", "of", "can"…: the answer stopped there.
    if (!TERMINATED.test(c.text)) {
      const lw = lastWord(c.text);
      if (lw && MID_PHRASE.has(lw[1].toLowerCase())) continue;
    }
    // The verbless or very short tail of a truncated answer ("…Regular checks of").
    const o = origin.get(c);
    const atEnd = c.sentenceEnd >= lastAnswerEnd && !TERMINATED.test(masked.slice(c.sentenceStart, c.sentenceEnd).trimEnd());
    if (atEnd && o && o.kind === 'paragraph' && !o.contextual) {
      const words = c.text.match(/[\p{L}\p{N}]+/gu) ?? [];
      if (words.length < 3 || !hasPredicate(c.text)) continue;
    }
    out.push(c);
  }
  return out;
}

// ── 2. References ────────────────────────────────────────────────────────

/** Nouns a disease is referred to with: "This condition", "The disease". */
const CONDITION_NOUN = /^(condition|disease|disorder|illness|syndrome|infection)$/;
/** Words that name a disease (a second one in the sentence makes "it" unclear). */
const DISEASE =
  /(itis|osis|emia|aemia|oma|pathy|iasis|algia|plegia|trophy|ism)$|^(disease|syndrome|disorder|cancer|diabetes|asthma|hypertension|hypotension|obesity|depression|anxiety|infection|flu|influenza|covid|covid-19|measles|mumps|hiv|aids|sepsis|herpes|lupus|gout|acne|eczema|malaria|pneumonia|anemia|anaemia|dementia|leukemia|stroke|migraine)$/;
/** "It is important to…", "It takes…": "it" refers to nothing. */
const EXPLETIVE =
  /^it(?:'s|’s|\s+(?:is|was|isn't|wasn't|is not|was not|can be|could be|may be|might be|would be|will be|should be|has been|had been|remains|becomes|became|seems|seemed|appears|appeared|looks))\s+(?:(?:not|also|very|often|usually|generally|always|sometimes|especially|particularly|really|extremely|highly|quite|still|therefore|thus|now|so|too|equally|increasingly|more|most|less|absolutely|critically|vitally|strongly|widely|commonly|just|even)\s+)*(?:important|essential|necessary|crucial|critical|vital|key|possible|impossible|likely|unlikely|probable|clear|unclear|known|unknown|recommended|advisable|advised|best|better|wise|safe|unsafe|common|uncommon|rare|normal|hard|difficult|easy|helpful|useful|worth|estimated|thought|believed|said|reported|suggested|expected|true|false|a good idea|good|bad|okay|ok|fine|dangerous|risky|time|up to|noted|understood|evident|obvious|apparent|reasonable|beneficial|appropriate|inappropriate|acceptable|preferable|imperative|mandatory|encouraged|discouraged|proven|shown|assumed|documented|debated|uncertain|certain|sure|interesting|notable|natural|wise|prudent|generally|thought)\b|^it\s+(?:(?:can|may|might|could|will|would|often|usually|also|generally|sometimes)\s+)*(?:takes?|took|depends|depend|helps? to|help to|seems|seemed|appears|appeared|happens|happen|matters|pays|means that|follows|turns out)\b|^it(?:'s|’s|\s+(?:is|was))\s+(?:the|only|not|precisely|exactly)\b.*\b(?:that|who|which)\b/i;

interface Antecedent {
  text: string;
  plural: boolean;
  /** Lower-case words of the antecedent. */
  words: Set<string>;
}

const SINGULAR_VERB = new Set(['is', 'was', 'has', 'does', "isn't", "wasn't", "hasn't", "doesn't"]);
const PLURAL_VERB = new Set(['are', 'were', 'have', 'do', "aren't", "weren't", "haven't", "don't"]);
const NOT_BARE = new Set([
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'its', 'their', 'his', 'her', 'our', 'your', 'my', 'some', 'many',
  'most', 'all', 'each', 'every', 'any', 'no', 'other', 'such', 'both', 'either', 'neither', 'one', 'few', 'several',
]);

/** The subject of an English claim when it is a bare noun phrase ("Glaucoma", "High blood pressure"). */
function englishSubject(text: string): Antecedent | null {
  const T = tokenize(text);
  const f = firstFinite(T, 0, T.length);
  if (f <= 0 || f > 7) return null;
  let e = f;
  while (e > 0 && isAdverb(T[e - 1].w)) e--;
  const S = T.slice(0, e);
  if (S.length === 0 || S.length > 5) return null;
  for (const t of S) {
    if (!t.word || /'/.test(t.w)) return null;
    if (NOT_BARE.has(t.w) || PRONOUNS.has(t.w) || PREPOSITIONS.has(t.w) || SUBORDINATORS.has(t.w)) return null;
    if (t.w === 'and' || t.w === 'or' || t.w === 'not') return null;
  }
  // A gerund subject names an action ("Smoking damages…"): fine; a verb form first is not a noun phrase.
  const v = verbForms(S[0].w);
  if (v && !v.forms.has('ing') && S.length === 1 && kindAt(T, 0, 0) !== null) return null;
  const verb = T[f].w;
  const last = S[S.length - 1].w;
  let pl: boolean;
  if (SINGULAR_VERB.has(verb)) pl = false;
  else if (PLURAL_VERB.has(verb)) pl = true;
  else {
    const k = kindAt(T, f, 0);
    if (k === 'third') pl = false;
    else if (k === 'base') pl = true;
    else pl = plural(last) || PLURAL_NOUNS.has(last);
  }
  if (pl !== (plural(last) || PLURAL_NOUNS.has(last))) return null; // disagreement: the tagger is unsure
  return {
    text: text.slice(S[0].s, S[S.length - 1].e),
    plural: pl,
    words: new Set(S.map((t) => t.w)),
  };
}

/** Adverbs that end a Chinese subject too ("高血压通常…" → "高血压", not "高血压通"). */
const ZH_ADVERB = /通常|一般|往往|经常|常常|总是|已经|大多|多数|几乎|仍然|一直|同样|尤其|特别/;

function chineseSubject(text: string): Antecedent | null {
  let s = subjectOf(text.trim());
  const adv = ZH_ADVERB.exec(text.trim());
  if (adv && adv.index < s.length) s = s.slice(0, adv.index);
  if (s.length < 2 || s.length > 12 || /[它其他她这那该此：:，,、]/.test(s)) return null;
  return { text: s, plural: false, words: new Set([s]) };
}

/** Chinese references: 它 (not 它们), 这种疾病 / 该病 / 此病… */
const ZH_REFERENCE = /^(?:它(?!们)|(?:这种|这个|该|此)(?:疾病|病症|病))/;
/** A Chinese subject that names a disease (for 这种疾病). */
const ZH_DISEASE = /病|症|炎|癌|瘤|综合征|障碍|感染|青光眼|白内障|哮喘|中风|卒中|高血压|痛风|肥胖/;

interface Reference {
  /** Tokens of the pronoun (or "this condition") at the start of the text. */
  end: number;
  plural: boolean;
  condition: boolean;
  /** What follows the antecedent in place of the pronoun's contraction ("It's" → " is"). */
  verb: string;
}

/** A subject pronoun opening an English claim, or null. */
function englishReference(text: string): Reference | null {
  const T = tokenize(text);
  if (T.length < 2) return null;
  const w = T[0].w;
  const rest = (i: number) => {
    // what follows must be the verb (after adverbs), so the pronoun is the whole subject
    const f = firstFinite(T, 0, T.length);
    if (f < i) return false;
    for (let k = i; k < f; k++) if (!isAdverb(T[k].w)) return false;
    return true;
  };
  if (w === 'it' || w === 'they' || w === 'these') {
    if (!rest(1)) return null;
    return { end: T[0].e, plural: w !== 'it', condition: false, verb: '' };
  }
  const c = /^(it|they)'(s|re|ve|ll)$/.exec(w);
  if (c) {
    const pl = c[1] === 'they';
    if (c[2] === 'll') return { end: T[0].e, plural: pl, condition: false, verb: ' will' };
    if (c[2] === 've') return { end: T[0].e, plural: pl, condition: false, verb: ' have' };
    if (c[2] === 're') return pl ? { end: T[0].e, plural: true, condition: false, verb: ' are' } : null;
    if (pl) return null;
    const has = T[1] && (T[1].w === 'been' || T[1].w === 'got');
    return { end: T[0].e, plural: false, condition: false, verb: has ? ' has' : ' is' };
  }
  if ((w === 'this' || w === 'the' || w === 'that') && T[1].word && CONDITION_NOUN.test(T[1].w)) {
    if (!rest(2)) return null;
    return { end: T[1].e, plural: false, condition: true, verb: '' };
  }
  return null;
}

/** Other things "it"/"they" may refer to in a sentence: a second disease, a name, a plural noun. */
function hasCompetitor(sentence: string, a: Antecedent, ref: Reference): boolean {
  const T = tokenize(sentence);
  const f = firstFinite(T, 0, T.length);
  for (let i = Math.max(f, 0) + 1; i < T.length; i++) {
    const t = T[i];
    if (!t.word || a.words.has(t.w)) continue;
    if (ref.plural) {
      if (plural(t.w) && !verbForms(t.w)?.forms.has('third') && !isAdverb(t.w)) return true;
      continue;
    }
    if (DISEASE.test(t.w) && !plural(t.w)) return true;
    if (ref.condition) continue;
    const raw = sentence.slice(t.s, t.e);
    if (/^\p{Lu}/u.test(raw) && raw !== 'I' && !plural(t.w)) return true;
  }
  return false;
}

/**
 * Replaces subject pronouns with their antecedent. `sentences` are the spans
 * of every sentence of the answer (claims or not), in order: an antecedent
 * is only taken from the same sentence or the one right before.
 */
export function resolveReferences(masked: string, claims: Claim[], sentences: Span[], topics = new Map<number, string>()): void {
  const index = new Map<number, number>();
  sentences.forEach(([s], i) => index.set(s, i));
  const bySentence = new Map<number, Claim[]>();
  for (const c of claims) {
    const k = index.get(c.sentenceStart);
    if (k === undefined) continue;
    const list = bySentence.get(k) ?? [];
    list.push(c);
    bySentence.set(k, list);
  }
  for (const c of claims) {
    const k = index.get(c.sentenceStart);
    if (k === undefined) continue;
    const zh = hasCJK(c.text);
    let ref: Reference | null;
    if (zh) {
      const m = ZH_REFERENCE.exec(c.text);
      ref = m ? { end: m[0].length, plural: false, condition: m[0] !== '它', verb: '' } : null;
    }
    else ref = EXPLETIVE.test(c.text) ? null : englishReference(c.text);
    if (!ref) continue;
    const same = (bySentence.get(k) ?? []).filter((p) => p.start < c.start && p.part === c.part);
    const prev = same.length ? same : (bySentence.get(k - 1) ?? []).filter((p) => p.part === c.part);
    if (!prev.length) {
      // Right after a heading "## Metformin" or a question "What is glaucoma?": that is the topic.
      const topic = k > 0 && !zh && !ref.condition ? topicAntecedent(topics.get(sentences[k - 1][0]) ?? '') : null;
      if (topic && topic.plural === ref.plural) replace(c, topic, ref);
      continue;
    }
    // Every claim before must have the same subject ("Aspirin is…", "Ibuprofen is…" leave "it" unclear),
    // unless they are the items of one distributed subject ("Diet and exercise…" for "They").
    let a: Antecedent | null = null;
    let ok = true;
    for (const p of prev) {
      if (hasCJK(p.text) !== zh) {
        ok = false;
        break;
      }
      const s = zh ? chineseSubject(p.text) : englishSubject(p.text);
      if (!s || (a && s.text.toLowerCase() !== a.text.toLowerCase())) {
        ok = false;
        break;
      }
      a = a ?? s;
    }
    if (!ok && !zh && ref.plural) {
      a = subjectList(masked, prev);
      ok = a !== null;
    }
    if (!ok || !a) continue;
    if (zh && ref.condition && !ZH_DISEASE.test(a.text)) continue;
    if (!zh) {
      if (a.plural !== ref.plural) continue;
      if (ref.condition && ![...a.words].some((w) => DISEASE.test(w))) continue;
      // Across sentences a second candidate makes the reference unclear.
      if (!same.length && hasCompetitor(masked.slice(prev[0].sentenceStart, prev[0].sentenceEnd), a, ref)) continue;
    }
    replace(c, a, ref);
  }
}

function replace(c: Claim, a: Antecedent, ref: Reference): void {
  const original = c.original ?? c.text;
  // Capitalised like cleanEnglish does: "mRNA vaccines" keeps its case.
  const t = /^\p{Ll}/u.test(a.text) && !/^\p{Ll}+\p{Lu}/u.test(a.text) ? a.text[0].toUpperCase() + a.text.slice(1) : a.text;
  c.text = t + ref.verb + c.text.slice(ref.end);
  c.original = original;
}

/** A heading or question topic that can stand for "it"/"they": a bare noun phrase of up to 5 words. */
function topicAntecedent(topic: string): Antecedent | null {
  const T = tokenize(topic);
  if (T.length === 0 || T.length > 5) return null;
  for (const t of T) {
    if (!t.word || /'/.test(t.w) || NOT_BARE.has(t.w) || PRONOUNS.has(t.w) || PREPOSITIONS.has(t.w) || SUBORDINATORS.has(t.w)) return null;
    if (t.w === 'and' || t.w === 'or' || t.w === 'not') return null;
  }
  const last = T[T.length - 1].w;
  return { text: topic, plural: plural(last) || PLURAL_NOUNS.has(last), words: new Set(T.map((t) => t.w)) };
}

/**
 * The claims are the items of one distributed subject: each highlights its
 * subject, and the highlights are joined by commas and a final "and" in the
 * answer ("Diet and exercise help…" → "Diet and exercise", plural).
 */
function subjectList(masked: string, prev: Claim[]): Antecedent | null {
  if (prev.length < 2 || prev.length > 5) return null;
  const words = new Set<string>();
  for (let i = 0; i < prev.length; i++) {
    const p = prev[i];
    const s = englishSubject(p.text);
    const span = masked.slice(p.start, p.end).replace(/\s+/g, ' ').trim();
    if (!s || s.text.toLowerCase() !== span.toLowerCase()) return null;
    s.words.forEach((w) => words.add(w));
    if (i > 0) {
      const gap = masked.slice(prev[i - 1].end, p.start);
      const last = i === prev.length - 1;
      if (!(last ? /^\s*,?\s*and\s+$/ : /^\s*,\s*$/).test(gap)) return null;
    }
  }
  const text = masked.slice(prev[0].start, prev[prev.length - 1].end).replace(/\s+/g, ' ').trim();
  return { text: text[0].toUpperCase() + text.slice(1), plural: true, words };
}

// ── 3. Repeats ───────────────────────────────────────────────────────────

function key(c: Claim): string {
  return (
    c.part +
    '\u0000' +
    c.text
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[\s.!?。！？…]+$/u, '')
  );
}

/** Identical claims become one (the first), with the spans of the others in `repeats`. */
export function mergeRepeats(claims: Claim[]): Claim[] {
  const first = new Map<string, Claim>();
  const out: Claim[] = [];
  for (const c of claims) {
    const k = key(c);
    const f = first.get(k);
    if (!f) {
      first.set(k, c);
      out.push(c);
      continue;
    }
    (f.repeats ??= []).push([c.start, c.end]);
  }
  return out;
}

// What a document is about, as phrases: a MedQuAD document's focus (the
// disease or drug), and the other names MedQuAD itself gives for such a
// phrase in its answers ("High blood pressure, sometimes called
// hypertension, …", "high blood pressure (hypertension)", "Other names for
// heart failure include …"). Used to rank evidence by the claim's main entity
// (retrieval/focus.ts).
import { tokenize } from '../text/tokenize.ts';

/** Words dropped from names before they are compared ("diabetes mellitus type 1" = "type 1 diabetes"). */
const NAME_FILLER = new Set(['mellitus']);

/**
 * A name word, lightly normalised: lower case, plural folded ("symptoms" →
 * "symptom", "therapies" → "therapy"). No stemming beyond that, so
 * "inhaled" is not "inhalants" and "painful" is not "pain".
 */
export function nameWord(word: string): string {
  const w = word.replace(/\./g, '');
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is|ys)$/.test(w)) return w.slice(0, -1);
  return w;
}

/** The words of a name (stop words out, plurals folded), in order ("Diabetes Type 2" → diabete type 2). */
export function phraseTerms(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) {
    if (NAME_FILLER.has(t.surface) || /^\p{Script=Han}/u.test(t.surface)) continue;
    const w = nameWord(t.surface);
    if (w) out.push(w);
  }
  return out;
}

/** Like phraseTerms, with each word's place in the text. */
export function phraseTokens(text: string): { term: string; start: number; end: number }[] {
  const out: { term: string; start: number; end: number }[] = [];
  for (const t of tokenize(text)) {
    if (NAME_FILLER.has(t.surface)) continue;
    const w = nameWord(t.surface);
    if (w) out.push({ term: w, start: t.start, end: t.end });
  }
  return out;
}

/**
 * A name as a lookup key: its words, sorted and joined, so that word order
 * does not matter ("Diabetes Type 2" and "type 2 diabetes" give one key) but
 * every word does ("pulmonary hypertension" ≠ "hypertension").
 */
export function phraseKeyOfTerms(ts: readonly string[]): string {
  return [...ts].sort().join(' ');
}

export function phraseKey(text: string): string {
  return phraseKeyOfTerms(phraseTerms(text));
}

const wordCache = new Map<string, string[]>();
/** phraseTerms of one word, cached (the same words come back in every passage). */
function termsOfWord(word: string): string[] {
  let ts = wordCache.get(word);
  if (!ts) {
    ts = phraseTerms(word);
    if (wordCache.size > 100_000) wordCache.clear();
    wordCache.set(word, ts);
  }
  return ts;
}

/** Cheap test: could the text hold a synonym cue at all? */
export function mayHoldSynonyms(text: string): boolean {
  return text.includes('(') || text.includes('called') || text.includes('known as') || text.includes('referred to') || text.includes('termed') || text.includes('ther name');
}

/** Longest name (in words) looked for before a synonym cue. */
const MAX_NAME_WORDS = 7;
/** Longest synonym kept (in words). */
const MAX_SYNONYM_WORDS = 6;

/**
 * The names a focus string itself gives: the whole focus, the part before a
 * parenthesis and the abbreviation inside it ("Peripheral Arterial Disease
 * (P.A.D.)"), and the part before a colon ("Diabetic Neuropathies: The Nerve
 * Damage of Diabetes").
 */
export function focusNames(focus: string): string[] {
  const names = [focus];
  const paren = /^(.+?)\s*\(([^()]+)\)\s*$/.exec(focus);
  if (paren) names.push(paren[1], paren[2]);
  const colon = /^([^:]{3,}):\s+\S/.exec(focus);
  if (colon) names.push(colon[1]);
  return names;
}

/** The last words before `end` in the same clause (what a synonym cue refers back to). */
function wordsBefore(text: string, end: number): string[] {
  let start = Math.max(0, end - 120);
  const head = text.slice(start, end);
  const stop = Math.max(head.lastIndexOf('.'), head.lastIndexOf(';'), head.lastIndexOf(':'), head.lastIndexOf('('), head.lastIndexOf(')'), head.lastIndexOf('?'), head.lastIndexOf('!'));
  start = stop >= 0 ? stop + 1 : 0;
  return head
    .slice(start)
    .replace(/[,\s]+$/, '')
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .slice(-MAX_NAME_WORDS);
}

/** A synonym as written, cleaned: "an LP" → "LP"; null when it is no name. */
function cleanSynonym(raw: string): string | null {
  const s = raw
    .trim()
    .replace(/^(?:also\s+)?(?:called|known as|referred to as|or|e\.g\.|i\.e\.|abbreviated)\s+/i, '')
    .replace(/^(?:an?|the)\s+/i, '')
    .replace(/["“”]/g, '')
    .replace(/[\s,]+$/, '')
    .trim();
  if (s.length < 2 || s.length > 60) return null;
  if (!/\p{L}/u.test(s)) return null;
  if (/^(?:see|for|such as|including|like|from|with|in|at|about|which|that|this|these|and)\b/i.test(s)) return null;
  if (/[%=<>/]|\d+\s*(?:mg|ml|percent)\b/i.test(s)) return null;
  const words = s.split(/\s+/).length;
  if (words > MAX_SYNONYM_WORDS) return null;
  return s;
}

const VERB = /^(?:is|are|was|were|has|have|had|can|could|may|might|will|would|happens?|occurs?|causes?|means?|refers?|which|that|who|where|when|in|of|to|for|because|affects?|develops?|usually|often|first|most|also)$/i;

/** Words up to the first verb-like word; the flag says whether one was found. */
function upToVerb(part: string): [string, boolean] {
  const words = part.trim().split(/\s+/);
  const verb = words.findIndex((w, j) => j > 0 && VERB.test(w));
  return verb > 0 ? [words.slice(0, verb).join(' '), true] : [part.trim(), /^(?:is|are|was|were|has|have)$/i.test(words[0] ?? '')];
}

/**
 * The names in "A", "A or B", "A, B, or C" right after a cue. A list is read
 * on only when it is closed by "or"/"and" before any verb ("hypertension,
 * happens when …" gives just "hypertension").
 */
function listItems(raw: string): string[] {
  const parts = raw.split(/[.;:()]/)[0].split(/\s*,\s*/);
  const [first, cut] = upToVerb(parts[0]);
  let chosen = [first];
  if (!cut) {
    for (let i = 1; i < parts.length && i < 8; i++) {
      const [p, verb] = upToVerb(parts[i]);
      if (verb || !p) break;
      if (/^(?:or|and)\s/i.test(p)) {
        chosen = [first, ...parts.slice(1, i), p];
        break;
      }
    }
  }
  const items: string[] = [];
  for (const part of chosen) {
    for (const p of part.split(/\s+(?:or|and)\s+|^(?:or|and)\s+/i)) {
      const item = cleanSynonym(p);
      if (item && item.split(/\s+/).length <= 5) items.push(item);
    }
  }
  return items;
}

/**
 * "PH", "HBP", "P.A.D.": an abbreviation of the name — its first letter is
 * the name's, and it has about one letter per word ("syndrome (SRPSS)" is no
 * abbreviation of "syndrome").
 */
function isAbbreviationOf(abbr: string, nameWords: string[]): boolean {
  const a = abbr.replace(/\./g, '');
  if (!/^[A-Z][A-Za-z0-9]{0,7}$/.test(a) || !/[A-Z].*[A-Z]|^[A-Z]{2,}/.test(a)) return false;
  const letters = a.replace(/[^A-Za-z]/g, '').length;
  const words = nameWords.flatMap((w) => w.split('-')).filter((w) => /\p{L}/u.test(w)).length;
  if (letters > words + 1) return false;
  const first = nameWords[0]?.[0];
  return !!first && first.toLowerCase() === a[0].toLowerCase();
}

const CALLED = /\b(?:called|known as|referred to as|termed)\s+([^.;:()]{1,160})/g;
/**
 * What stands between a name and "called": "X, called Y", "X, also known as
 * Y", "X is sometimes called Y", "X can also be called Y" name X twice; "a
 * hormone called insulin" names an example and is not read.
 */
const CALLED_LEAD = /(,\s*|\s)(?:(?:is|are|was|were|can|may)\s+)?(?:(also|sometimes|often|commonly|usually|formerly|previously)\s+)?(?:be\s+)?$/;
const PAREN = /\(([^()]{2,60})\)/g;
const OTHER_NAMES = /\bother names? (?:for|of) ([^.;:,]{2,80}?) (?:include|includes|are|is)\s+([^.;()]{2,200})/gi;

export interface SynonymPair {
  /** The key (phraseKey) of the known name the synonym belongs to. */
  name: string;
  /** The synonym as written. */
  synonym: string;
}

/**
 * Synonyms a passage gives for names that `known` accepts (keys from
 * phraseKey): "X, also called Y", "X (also known as Y)", "X can also be
 * called A, B, or C", "Other names for X include A and B", and "X (Y)" where
 * Y is an abbreviation of X ("pulmonary hypertension (PH)") or one word
 * after a name of several ("high blood pressure (hypertension)"; not "a
 * hormone (insulin)", where Y is an example). X must be a known name right
 * before the cue (the longest one that is), so a cue about something else
 * gives a synonym only of that other name, and only when it is known. A
 * synonym that is itself a name (`isName`) is left out: it names its own
 * documents ("eye diseases (glaucoma)" does not make glaucoma an eye disease).
 */
export function findSynonyms(
  text: string,
  known: (key: string) => boolean,
  isName: (key: string) => boolean = () => false,
  hasWord?: (word: string) => boolean,
): SynonymPair[] {
  if (!mayHoldSynonyms(text)) return [];
  const out: SynonymPair[] = [];
  const nameBefore = (end: number): { key: string; words: string[] } | null => {
    const words = wordsBefore(text, end);
    while (words.length && /^(?:is|are|can|may|be|also|sometimes|often|commonly|usually|formerly|previously)$/i.test(words[words.length - 1])) words.pop();
    const wordTerms = words.map(termsOfWord);
    // A name ends with a word of some name (cheap test before building keys).
    const last = wordTerms[wordTerms.length - 1];
    if (!last || last.length === 0 || (hasWord && !last.every(hasWord))) return null;
    for (let n = words.length; n >= 1; n--) {
      const ts: string[] = [];
      for (let i = words.length - n; i < words.length; i++) ts.push(...wordTerms[i]);
      if (ts.length === 0) continue;
      const key = phraseKeyOfTerms(ts);
      if (known(key)) {
        // The name's own words: no leading "of", "a", "the".
        let from = words.length - n;
        while (from < words.length && wordTerms[from].length === 0) from++;
        return { key, words: words.slice(from) };
      }
    }
    return null;
  };
  const add = (name: string, synonym: string | null) => {
    if (!synonym) return;
    const key = phraseKey(synonym);
    if (!key || key === name || isName(key)) return;
    out.push({ name, synonym });
  };
  for (const m of text.matchAll(CALLED)) {
    const at = m.index ?? 0;
    const lead = CALLED_LEAD.exec(text.slice(Math.max(0, at - 40), at));
    if (!lead || (!lead[1].startsWith(',') && !lead[2])) continue;
    const name = nameBefore(at - lead[0].length);
    if (!name) continue;
    // "…in the blood, called hyperammonemia" names the condition, not the
    // blood: after a one-word name, only "also called" and the like count.
    if (!lead[2] && name.words.length < 2) continue;
    for (const item of listItems(m[1])) add(name.key, item);
  }
  for (const m of text.matchAll(PAREN)) {
    const inner = m[1].trim();
    const name = nameBefore(m.index ?? 0);
    if (!name) continue;
    if (/^(?:also\s+)?(?:called|known as|referred to as)\s/i.test(inner)) {
      for (const item of listItems(inner.replace(/^(?:also\s+)?(?:called|known as|referred to as)\s+/i, ''))) add(name.key, item);
    } else if (isAbbreviationOf(inner, name.words)) {
      add(name.key, inner);
    } else if (/^[a-z]{5,}$/.test(inner) && name.words.length >= 2) {
      add(name.key, inner);
    }
  }
  for (const m of text.matchAll(OTHER_NAMES)) {
    const key = phraseKey(m[1]);
    if (!key || !known(key)) continue;
    for (const item of listItems(m[2])) add(key, item);
  }
  return out;
}

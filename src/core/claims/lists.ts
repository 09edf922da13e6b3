// Distributing one coordinated list per clause: "Symptoms include fever,
// cough, and fatigue" → three claims; "X and Y cause Z" → "X causes Z",
// "Y causes Z". The items, the words before and after them, and the verb
// to put in the singular are found by walking tokens; every choice that
// could be wrong in a way a reader would notice returns null instead (the
// clause then stays one claim).
import {
  DETERMINERS,
  FIXED_PAIRS,
  LIST_ENDERS,
  PREPOSITIONS,
  PRONOUNS,
  RELATIONAL,
  SUBORDINATORS,
  isAdjective,
  verbForms,
} from './lexicon.ts';
import {
  FINITE,
  PLURAL_NOUNS,
  type Tok,
  firstFinite,
  isAdverb,
  isWordAux,
  kindAt,
  plural,
  render,
  words,
} from './tagger.ts';

/** How far back a list may reach from its conjunction. */
const MAX_ITEM_WORDS = 8;


export interface List {
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

function hasPrep(T: Tok[], a: number, b: number): number {
  let last = -1;
  for (let i = a + 1; i < b; i++) if (T[i].depth === 0 && PREPOSITIONS.has(T[i].w)) last = i;
  return last;
}

/** Predicates that relate the items to each other: "A and B are linked". */
const RELATIONAL_PREDICATE = /^(?:(?:is|are|was|were|be|been|can be|may be|often|closely|strongly|also|not|\s)+)?(linked|related|associated|connected|correlated|interrelated|intertwined|similar|different|distinct|comparable|equivalent|equal|the same|alike|differ|differs|interact|interacts|coexist|combined|together|mixed|compared|opposites|synonyms)\b|\b(each other|one another|together|combined|respectively)\b/;

function isTitle(text: string, t: Tok): boolean {
  return /^\p{Lu}\p{Ll}/u.test(text.slice(t.s, t.e));
}

/** The first list in T[from..to) that can be distributed, or null. */
export function findList(A: string, T: Tok[], from: number, to: number): List | null {
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
    // "…, changes in the immune system, and…": after a comma, a verb form
    // followed by a preposition is a noun opening an item; "…, reduces pain"
    // is a verb; so is one whose list is of verb phrases.
    const r = T[conj + 1];
    if (r && verbForms(r.w)?.forms.has('third')) return true;
    const nx = T[j + 1];
    return !!nx && nx.word && !PREPOSITIONS.has(nx.w) && nx.w !== 'and' && nx.w !== 'or';
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

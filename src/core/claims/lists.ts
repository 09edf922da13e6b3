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

/** The last top-level preposition strictly inside (start, end), or -1. */
function lastPreposition(toks: Tok[], start: number, end: number): number {
  let last = -1;
  for (let i = start + 1; i < end; i++) if (toks[i].depth === 0 && PREPOSITIONS.has(toks[i].w)) last = i;
  return last;
}

/** Predicates that relate the items to each other: "A and B are linked". */
const RELATIONAL_PREDICATE = /^(?:(?:is|are|was|were|be|been|can be|may be|often|closely|strongly|also|not|\s)+)?(linked|related|associated|connected|correlated|interrelated|intertwined|similar|different|distinct|comparable|equivalent|equal|the same|alike|differ|differs|interact|interacts|coexist|combined|together|mixed|compared|opposites|synonyms)\b|\b(each other|one another|together|combined|respectively)\b/;

function isTitle(text: string, tok: Tok): boolean {
  return /^\p{Lu}\p{Ll}/u.test(text.slice(tok.s, tok.e));
}

/** One clause of an English sentence and the "and" / "or" a list may be built around. */
interface Scan {
  text: string;
  toks: Tok[];
  /** The clause: toks[from..to). */
  from: number;
  to: number;
  /** Index of the conjunction and its word ("and" / "or"). */
  conj: number;
  conjWord: string;
}

/** A list being worked out; each step below refines or rejects it. */
interface Draft {
  items: [number, number][];
  head: [number, number];
  /** The items are the subject of the clause (each takes the verb). */
  subjectList: boolean;
  /** The first item was cut at another "and" / "or". */
  andStop: boolean;
  /** The last item (also the last entry of `items`). */
  right: [number, number];
  /** End of the last item: the tail starts here. */
  rightEnd: number;
  verb: number;
  /** The words before the items hold a verb: the items are its object. */
  objectHead: boolean;
  /** Gerund items ("eating … and treating …"). */
  parallel: boolean;
  drop: Set<number>;
}

/**
 * The first list in toks[from..to) that can be distributed, or null.
 * (Chinese enumerations are found by findEnumeration in chinese.ts.)
 */
export function findCoordinatedList(text: string, toks: Tok[], from: number, to: number): List | null {
  for (let conj = from + 1; conj < to - 1; conj++) {
    const tok = toks[conj];
    if (tok.depth > 0 || (tok.w !== 'and' && tok.w !== 'or')) continue;
    const list = listAt({ text, toks, from, to, conj, conjWord: tok.w });
    if (list) return list;
  }
  return null;
}

/** The list built around one conjunction, step by step; null as soon as a step says it is not one. */
function listAt(scan: Scan): List | null {
  if (!conjunctionMayJoinItems(scan)) return null;
  const left = collectLeftItems(scan);
  if (!left) return null;
  const draft = addRightItem(scan, left);
  if (!draft || !rightItemIsAnItem(scan, draft)) return null;
  if (!settleClauseRole(scan, draft) || !itemsAreNotClauses(scan, draft)) return null;
  if (!dropCorrelatives(scan, draft)) return null;
  alignParallelStarts(scan, draft);
  moveVerbPreposition(scan, draft);
  if (!attachToPreposition(scan, draft)) return null;
  adjectivesAfterObject(scan, draft);
  if (scopeIsUnclear(scan, draft) || isRelationOrRange(scan, draft)) return null;
  const heads = sharedHeadNouns(scan, draft.items);
  const dets = sharedDeterminers(scan, draft.items);
  // A list with no verb at all is only safe when it is short ("Fever and
  // cough."): a verb the lexicon does not know must not be cut in two.
  if (draft.subjectList && draft.verb < 0 && draft.items.some(([a, b]) => words(scan.toks, a, b) > 3)) return null;
  const lastOnly = lastItemOnlyFrom(scan, draft);
  // Subject agreement only when each item is the whole subject.
  const verb = draft.subjectList && scan.conjWord === 'and' ? draft.verb : -1;
  return { items: draft.items, heads, dets, head: draft.head, tail: [draft.rightEnd, scan.to], drop: draft.drop, verb, lastOnly };
}

/** The words on either side of the conjunction could be items ("and/or", fixed pairs and proper names cannot). */
function conjunctionMayJoinItems({ text, toks, from, conj, conjWord }: Scan): boolean {
  const next = toks[conj + 1];
  if (!next || !next.word || LIST_ENDERS.has(next.w) || next.w === 'other' || next.w === 'more') return false;
  if (toks[conj - 1].w === '/' || next.w === '/') return false; // and/or
  const prevWord = toks[conj - 1].word ? toks[conj - 1] : toks[conj - 2];
  if (!prevWord || !prevWord.word) return false;
  if (FIXED_PAIRS.has(`${prevWord.w} ${conjWord} ${next.w}`)) return false;
  // Proper names: "Department of Health and Human Services".
  if (isTitle(text, prevWord) && isTitle(text, next) && toks.indexOf(prevWord) > from) return false;
  return true;
}

type LeftStop = 'trigger' | 'comma' | 'start';

/**
 * Where the item ending at segEnd starts, walking back: at a comma, at a
 * trigger word ("include", a verb, ":"), or at the clause start. Null when
 * the item would be too long.
 */
function leftItemBoundary(scan: Scan, segEnd: number, firstItem: boolean): { at: number; stop: LeftStop; andStop: boolean } | null {
  const { toks, from, conj } = scan;
  let at = segEnd - 1;
  for (; at >= from; at--) {
    const tok = toks[at];
    if (tok.depth > 0) continue;
    if (!tok.word) {
      if (tok.w === ',') return { at, stop: 'comma', andStop: false };
      if (tok.w === ':' || tok.w === '—' || tok.w === '–') return { at, stop: 'trigger', andStop: false };
      continue;
    }
    // An inner "and" ends the item next to the conjunction; further left,
    // items may contain one ("frequent ear and sinus infections").
    if (firstItem && (tok.w === 'and' || tok.w === 'or')) return { at, stop: 'trigger', andStop: true };
    if (isTrigger(toks, at, from, conj) || (SUBORDINATORS.has(tok.w) && tok.w !== 'as' && tok.w !== 'so' && at > from)) {
      return { at, stop: 'trigger', andStop: false };
    }
    if (segEnd - at > 12) return null;
  }
  return { at, stop: 'start', andStop: false };
}

/**
 * At a comma before an item: whether the list stops there, the words before
 * it being an introduction ("In adults,") or too long to be an item; a
 * segment with a verb or a trigger word is walked on.
 */
function listStopsAtComma({ toks, from, conj }: Scan, comma: number): boolean {
  let p = comma - 1;
  while (p >= from && !(toks[p].w === ',' && toks[p].depth === 0)) p--;
  const segStart = p + 1;
  if (firstFinite(toks, segStart, comma) >= 0) return false;
  for (let q = segStart; q < comma; q++) if (toks[q].depth === 0 && toks[q].word && isTrigger(toks, q, from, conj)) return false;
  const first = toks[segStart];
  const intro = segStart === from && first && first.word && INTRO.test(first.w);
  const count = words(toks, segStart, comma);
  return Boolean(intro) || count > 6 || count === 0;
}

/** The items left of the conjunction, in order, and the words before them. */
function collectLeftItems(scan: Scan): Pick<Draft, 'items' | 'head' | 'subjectList' | 'andStop'> | null {
  const { toks, from, conj } = scan;
  const items: [number, number][] = [];
  let segEnd = toks[conj - 1].w === ',' ? conj - 1 : conj;
  let head: [number, number] = [from, from];
  let subjectList = false;
  let andStop = false;
  for (let guard = 0; guard < 50; guard++) {
    const boundary = leftItemBoundary(scan, segEnd, items.length === 0);
    if (!boundary) return null;
    const { at, stop } = boundary;
    andStop ||= boundary.andStop;
    const itemStart = stop === 'start' ? from : at + 1;
    if (itemStart >= segEnd) return null;
    items.push([itemStart, segEnd]);
    if (stop === 'trigger') {
      head = [from, at + 1];
      break;
    }
    if (stop === 'start') {
      head = [from, from];
      subjectList = true;
      break;
    }
    if (listStopsAtComma(scan, at)) {
      head = [from, at + 1];
      subjectList = true;
      break;
    }
    segEnd = at;
  }
  items.reverse();
  return { items, head, subjectList, andStop };
}

/** The item right of the conjunction: up to a boundary; when the items are the subject, up to the verb. */
function addRightItem(scan: Scan, left: Pick<Draft, 'items' | 'head' | 'subjectList' | 'andStop'>): Draft | null {
  const { toks, to, conj, conjWord } = scan;
  const objectHead = !left.subjectList && firstFinite(toks, left.head[0], left.head[1]) >= 0;
  const { end, verb } = rightItemEnd(scan, objectHead);
  if (words(toks, conj + 1, end) === 0 || words(toks, conj + 1, end) > MAX_ITEM_WORDS + (objectHead ? 2 : 0)) return null;
  // "…weakness and impaired function in the legs and arms": another "and"
  // right after the item means the scope is elsewhere; try the next one.
  if (toks[end] && toks[end].depth === 0 && (toks[end].w === 'and' || toks[end].w === 'or')) return null;
  // "snoring, frequent ear and sinus infections, sore throat, and drowsiness":
  // this "and" is inside an item of a longer list that ends later.
  if (toks[end]?.w === ',' && left.items.length > 1) {
    for (let i = end + 1; i < to; i++) {
      if (toks[i].depth === 0 && (toks[i].w === 'and' || toks[i].w === 'or') && toks[i - 1].w === ',') return null;
      if (toks[i].depth === 0 && (toks[i].w === ';' || toks[i].w === ':')) break;
    }
  }
  // "the tubules, or tiny tubes, inside…": "or" between commas renames.
  if (conjWord === 'or' && left.items.length === 1 && toks[conj - 1].w === ',' && toks[end]?.w === ',') return null;
  const right: [number, number] = [conj + 1, end];
  const items = [...left.items, right];
  if (items.length < 2) return null;
  return { ...left, items, right, rightEnd: end, verb, objectHead, parallel: false, drop: new Set<number>() };
}

/** Where the right item ends, and the verb that ends it (-1: none). */
function rightItemEnd({ toks, to, conj }: Scan, objectHead: boolean): { end: number; verb: number } {
  let end = conj + 1;
  let verb = -1;
  for (let i = conj + 1; i < to; i++) {
    const tok = toks[i];
    if (tok.depth === 0 && !tok.word && /^[,;:!?.—–]$/.test(tok.w)) break;
    if (tok.depth === 0 && tok.word && STOPPERS.has(tok.w)) break;
    // "causes waste and fluid [to build up]": the infinitive is shared.
    if (tok.depth === 0 && tok.w === 'to' && i > conj + 1 && toks[conj + 1].w !== 'to' && kindAt(toks, i + 1, i) === 'inf') break;
    if (tok.depth === 0 && tok.word && i > conj + 1) {
      const kind = kindAt(toks, i, conj + 1);
      if (kind && (objectHead ? kind === 'aux' || kind === 'modal' : FINITE.has(kind) && !(kind === 'base' && toks[i - 1].w === 'to'))) {
        verb = i;
        break;
      }
    }
    end = i + 1;
  }
  // "…and environmental factors likely play…": the adverb goes with the verb.
  // ("exercising regularly" keeps its adverb.)
  if (verb >= 0 && !toks.slice(conj + 1, end).some((t) => /^[a-z]{3,}ing$/.test(t.w))) {
    while (end - 1 > conj + 1 && isAdverb(toks[end - 1].w)) end--;
  }
  return { end, verb };
}

/** Rejects right items that are not items: a negated verb phrase, a pronoun, a quantity, a verb after nouns. */
function rightItemIsAnItem({ toks }: Scan, { items, right }: Draft): boolean {
  const rightFirst = toks[right[0]].w;
  // "does not sense X and awaken…": a negated verb phrase, not a list.
  if (toks[items[0][0]].w === 'not' && rightFirst !== 'not') return false;
  // A lone pronoun is not an item ("…money, and they…").
  if (right[1] - right[0] === 1 && PRONOUNS.has(rightFirst)) return false;
  // "one or both kidneys", "two or three times": quantities, not items.
  if (items[0][1] - items[0][0] === 1 && QUANTIFIERS.has(toks[items[0][0]].w)) return false;
  // Verbs are coordinated with verbs: "travel to the lungs, and block blood
  // flow" is not a list of places.
  const rightVerb = verbForms(rightFirst);
  if (rightVerb && (rightVerb.forms.has('base') || rightVerb.forms.has('third')) && !rightVerb.forms.has('ing') && !isAdjective(rightFirst)) {
    const firstWord = toks[items[0][0]].w;
    const firstVerb = verbForms(firstWord);
    const rightIsNoun = kindAt(toks, right[0], right[0] - 1) === null && toks[right[0] + 1] !== undefined && !toks[right[0] + 1].word;
    if (!(firstVerb && (firstVerb.forms.has('base') || firstVerb.forms.has('third'))) && !rightIsNoun && firstWord !== 'not') return false;
  }
  return true;
}

/**
 * Subject or object list: a head without a verb ("Lifestyle changes:", "In
 * adults,") leaves the items as the subject; an object list ends where the
 * clause ends. False when the two sides are clauses rather than items.
 */
function settleClauseRole({ toks }: Scan, draft: Draft): boolean {
  const { head, verb, items } = draft;
  if (!draft.subjectList && verb >= 0 && firstFinite(toks, head[0], head[1]) < 0 && !headHasStrongTrigger(toks, head)) {
    draft.subjectList = true;
  }
  // "…can show whether [you] and [the father] are…": a new clause's subject.
  if (!draft.subjectList && verb >= 0 && head[1] > head[0] && SUBORDINATORS.has(toks[head[1] - 1].w) && toks[head[1] - 1].w !== 'as') {
    draft.subjectList = true;
  }
  // "If you're Rh-negative and the father is Rh-positive": the right side has
  // its own verb, so these are clauses, not items.
  if (!draft.subjectList && draft.objectHead && verb >= 0) return false;
  if (draft.subjectList && firstFinite(toks, items[0][0], items[0][1]) >= 0) return false;
  if (SUBORDINATORS.has(toks[items[0][0]].w) && toks[items[0][0]].w !== 'as') return false;
  if (!draft.subjectList) draft.verb = -1;
  return true;
}

/** Every item is short and none is a clause, a relative clause or a second name. */
function itemsAreNotClauses({ toks }: Scan, { items, right, subjectList }: Draft): boolean {
  for (let n = 0; n < items.length - 1; n++) {
    const [a, b] = items[n];
    if (words(toks, a, b) === 0 || words(toks, a, b) > MAX_ITEM_WORDS) return false;
    if (n > 0 && firstFinite(toks, a, b) >= 0) return false;
    if (toks[a].w === 'which' || toks[a].w === 'who' || toks[a].w === 'that') return false;
    // "high blood glucose, also called high blood sugar": a second name, not an item.
    if (n > 0 && /^(also|called|known|i\.e|e\.g|or)$/.test(toks[a].w)) return false;
  }
  // Right item must not be a clause of its own ("…and weight gain" is fine: a base form can be a noun).
  if (!subjectList) {
    for (let i = right[0]; i < right[1]; i++) {
      const kind = toks[i].depth === 0 ? kindAt(toks, i, right[0]) : null;
      if (kind === 'aux' || kind === 'modal' || kind === 'third') return false;
    }
  }
  return true;
}

/** "both X and Y", "either X or Y", "are both X and Y": the correlative word is dropped. */
function dropCorrelatives({ toks }: Scan, draft: Draft): boolean {
  const { items, drop, verb } = draft;
  const first = items[0][0];
  if (toks[first].w === 'both' || toks[first].w === 'either') {
    drop.add(first);
    items[0] = [first + 1, items[0][1]];
    if (items[0][0] >= items[0][1]) return false;
  }
  if (verb >= 0 && toks[verb + 1] && (toks[verb + 1].w === 'both' || toks[verb + 1].w === 'all')) drop.add(verb + 1);
  return true;
}

/** The first item starts with the same kind of word as the last: a gerund, "to", a preposition. */
function alignParallelStarts({ toks }: Scan, draft: Draft): void {
  const { items, right } = draft;
  const rightFirst = toks[right[0]].w;
  // "Eating … within a diet and treating …": gerunds are parallel.
  if (/^[a-z]{2,}ing$/.test(rightFirst) && !/^[a-z]{2,}ing$/.test(toks[items[0][0]].w)) {
    for (let j = items[0][1] - 1; j >= Math.max(draft.head[0], items[0][0] - 8); j--) {
      if (toks[j].depth > 0) continue;
      if (!toks[j].word && toks[j].w !== '-') break;
      if (/^[a-z]{2,}ing$/.test(toks[j].w) && j > 0 && !DETERMINERS.has(toks[j - 1]?.w ?? '')) {
        items[0] = [j, items[0][1]];
        draft.head = [draft.head[0], j];
        draft.parallel = true;
        break;
      }
    }
  } else if (/^[a-z]{2,}ing$/.test(rightFirst)) draft.parallel = true;

  // "are to relieve symptoms and to preserve…": the first item starts at the
  // same word as the last one.
  if ((rightFirst === 'to' || PREPOSITIONS.has(rightFirst)) && toks[items[0][0]].w !== rightFirst) {
    for (let j = items[0][0] - 1; j >= Math.max(draft.head[0], items[0][0] - 4); j--) {
      if (toks[j].depth > 0) continue;
      if (toks[j].w === rightFirst) {
        items[0] = [j, items[0][1]];
        draft.head = [draft.head[0], j];
        break;
      }
      if (!toks[j].word) break;
    }
  }
}

/** "lead to [A] and [B]", "result in [A] and [B]": the preposition belongs to the verb. */
function moveVerbPreposition({ toks }: Scan, draft: Draft): void {
  const { items, right } = draft;
  if (!draft.subjectList && PREPOSITIONS.has(toks[items[0][0]].w) && items[0][1] - items[0][0] > 1 && draft.head[1] === items[0][0]) {
    if (!PREPOSITIONS.has(toks[right[0]].w)) {
      items[0] = [items[0][0] + 1, items[0][1]];
      draft.head = [draft.head[0], items[0][0]];
    }
  }
}

/** Prepositional attachment: "the risk of [heart disease] and [stroke]" (the list starts after "of"). */
function attachToPreposition({ toks }: Scan, draft: Draft): boolean {
  const { items, right } = draft;
  const firstPrep = draft.parallel ? -1 : lastPreposition(toks, items[0][0], items[0][1]);
  if (firstPrep < 0) return true;
  // "[the result of] a small bladder, long sleep, and underdevelopment of…":
  // a "the X of" before the preposition takes the whole list when any other item is plain.
  const theNounOf = firstPrep - items[0][0] <= 3 && (toks[items[0][0]].w === 'the' || toks[items[0][0]].w === 'a') && toks[firstPrep].w === 'of';
  const othersPlain =
    items.slice(1).every(([a, b]) => lastPreposition(toks, a - 1, b) < 0) ||
    (theNounOf && items.length > 2 && items.slice(1).some(([a, b]) => lastPreposition(toks, a - 1, b) < 0));
  // "a variety of [genetic] and [environmental factors]": adjectives sharing a noun.
  const adjAfterPrep =
    items[0][1] - firstPrep === 2 && isAdjective(toks[firstPrep + 1].w) && isAdjective(toks[right[0]].w) && right[1] - right[0] > 1;
  let attach = othersPlain || adjAfterPrep;
  if (draft.subjectList && draft.verb >= 0 && !adjAfterPrep) attach = verbAgreesWithItems(toks, draft.verb, firstPrep) ?? attach;
  if (!attach) return true;
  draft.head = [draft.head[0], firstPrep + 1];
  items[0] = [firstPrep + 1, items[0][1]];
  if (items[0][0] >= items[0][1]) return false;
  draft.subjectList = false;
  return true;
}

/**
 * A subject list with a preposition in its first item: does the verb agree
 * with the items after the preposition (singular verb), rather than with the
 * noun before it ("People with [obesity] and [diabetes] are…")? Undefined
 * when the verb's number is unknown.
 */
function verbAgreesWithItems(toks: Tok[], verb: number, prep: number): boolean | undefined {
  const verbWord = toks[verb].w;
  if (verbWord === 'is' || verbWord === 'was' || verbWord === 'has' || verbWord === 'does' || verbForms(verbWord)?.forms.has('third')) return true;
  if (verbWord === 'are' || verbWord === 'were' || verbWord === 'have' || verbWord === 'do' || verbForms(verbWord)?.forms.has('base')) {
    // "People with [obesity] and [diabetes] are…": the plural verb agrees with "people".
    const headNoun = toks[prep - 1]?.w ?? '';
    return plural(headNoun) || PLURAL_NOUNS.has(headNoun);
  }
  return undefined;
}

/** "make intercourse painful, difficult, or impossible": adjectives after an object. */
function adjectivesAfterObject({ toks }: Scan, draft: Draft): void {
  const { items } = draft;
  if (
    !draft.subjectList &&
    items.length >= 2 &&
    items.slice(1).every(([a, b]) => b - a === 1 && isAdjective(toks[a].w)) &&
    items[0][1] - items[0][0] > 1 &&
    isAdjective(toks[items[0][1] - 1].w)
  ) {
    draft.head = [draft.head[0], items[0][1] - 1];
    items[0] = [items[0][1] - 1, items[0][1]];
  }
}

/**
 * "lactose-free and lactose-reduced milk and milk products": the first item
 * was cut at another "and" and nothing moved it past it: the scope is unclear.
 */
function scopeIsUnclear({ toks, from }: Scan, { andStop, head }: Draft): boolean {
  return andStop && head[1] > from && (toks[head[1] - 1].w === 'and' || toks[head[1] - 1].w === 'or');
}

/** Relations between the items ("between A and B", "A and B are linked") and number ranges are one claim. */
function isRelationOrRange({ text, toks, to }: Scan, { items, head, right }: Draft): boolean {
  if (RELATIONAL_PREDICATE.test(render(text, toks, right[1], to).toLowerCase())) return true;
  for (let i = Math.max(head[0], head[1] - 3); i < items[0][0]; i++) if (RELATIONAL.has(toks[i].w)) return true;
  for (let i = items[0][0]; i < items[0][1]; i++) if (RELATIONAL.has(toks[i].w)) return true;
  // Number ranges: "5 and 10", "ages 18 and 65".
  if (items.every(([a, b]) => b - a === 1 && /^\d/.test(toks[a].w))) return true;
  return /^\d/.test(toks[items[0][1] - 1].w) && /^\d/.test(toks[right[0]].w) && words(toks, right[0], right[1]) <= 2;
}

/** "dry and itchy skin", "type 1 and type 2 diabetes": the head noun of the last item, shared by the others. */
function sharedHeadNouns({ text, toks }: Scan, items: [number, number][]): (string | null)[] {
  const heads: (string | null)[] = items.map(() => null);
  const last = items[items.length - 1];
  const lastWords = toks.slice(last[0], last[1]).filter((t) => t.word);
  if (lastWords.length < 2) return heads;
  const firstLen = words(toks, items[0][0], items[0][1]) - (/^(a|an|the)$/.test(toks[items[0][0]].w) && items[0][1] - items[0][0] === 2 ? 1 : 0);
  const adjectival = items.slice(0, -1).every(([a, b], n) => isModifierItem(toks, a, b, n === 0, lastWords[0].w));
  if (adjectival && lastWords.length > firstLen && isAdjectiveLike(lastWords, firstLen)) {
    const shared = lastWords.slice(firstLen);
    const nounText = text.slice(shared[0].s, shared[shared.length - 1].e);
    for (let n = 0; n < items.length - 1; n++) heads[n] = nounText;
  }
  return heads;
}

/** An item that only modifies a noun: one adjective (or -ing / -ed word like the last item's), or "type N". */
function isModifierItem(toks: Tok[], start: number, end: number, first: boolean, lastFirstWord: string): boolean {
  let ws = toks.slice(start, end).filter((t) => t.word).map((t) => t.w);
  if (first && ws.length === 2 && (ws[0] === 'a' || ws[0] === 'an' || ws[0] === 'the')) ws = ws.slice(1);
  return (
    (ws.length === 1 &&
      (isAdjective(ws[0]) ||
        (/ing$/.test(ws[0]) && /ing$/.test(lastFirstWord) && !!verbForms(ws[0])) ||
        (/[a-z](ed|en)$/.test(ws[0]) && /[a-z](ed|en)$/.test(lastFirstWord)))) ||
    (ws.length === 2 && ws[0] === 'type' && /^\d/.test(ws[1]))
  );
}

/** "the heart, brain, and eyes": the determiner of the first item, shared by the others. */
function sharedDeterminers({ text, toks }: Scan, items: [number, number][]): (string | null)[] {
  const det = toks[items[0][0]].w;
  const dets: (string | null)[] = items.map(() => null);
  if (SHARED_DET.has(det) && items[0][1] - items[0][0] > 1) {
    const detText = text.slice(toks[items[0][0]].s, toks[items[0][0]].e).toLowerCase();
    for (let n = 1; n < items.length; n++) {
      const w = toks[items[n][0]].w;
      if (!DETERMINERS.has(w) && !SHARED_DET.has(w) && !PRONOUNS.has(w)) dets[n] = detText;
    }
  }
  return dets;
}

/**
 * "…and a rash that spreads quickly": a relative clause after the last item
 * belongs to it alone, unless its plural verb says it covers them all. The
 * token where that part starts, or -1.
 */
function lastItemOnlyFrom({ toks, to, conjWord }: Scan, { subjectList, rightEnd }: Draft): number {
  if (subjectList) return -1;
  let lastOnly = -1;
  if (toks[rightEnd]?.w === ',' && /^(such|including|especially|particularly|like|e\.g)$/.test(toks[rightEnd + 1]?.w ?? '')) {
    lastOnly = rightEnd; // "…, and certain fish, such as salmon": the examples are of the last item
  }
  if (rightEnd < to && RELATIVE_START.has(toks[rightEnd].w)) {
    const relVerb = firstFinite(toks, rightEnd + 1, to);
    const pluralVerb =
      relVerb >= 0 &&
      conjWord === 'and' &&
      (toks[relVerb].w === 'are' || toks[relVerb].w === 'were' || toks[relVerb].w === 'have' || kindAt(toks, relVerb, rightEnd + 1) === 'base');
    if (!pluralVerb) lastOnly = rightEnd;
  }
  return lastOnly;
}

const RELATIVE_START = new Set(['that', 'which', 'who', 'whom', 'whose']);
const QUANTIFIERS = new Set(['one', 'two', 'three', 'four', 'five', 'some', 'many', 'all', 'both', 'either', 'each', 'several', 'few', 'once', 'twice']);
const SHARED_DET = new Set(['the', 'its', 'their', 'your', 'his', 'her', 'our', 'my', 'more', 'less', 'fewer']);

function headHasStrongTrigger(toks: Tok[], head: [number, number]): boolean {
  for (let i = head[0]; i < head[1]; i++) if (toks[i].word && STRONG_TRIGGERS.has(toks[i].w) && toks[i].w !== 'as') return true;
  return head[1] - 2 >= head[0] && toks[head[1] - 1].w === 'as' && toks[head[1] - 2].w === 'such';
}

function isAdjectiveLike(lastWords: Tok[], firstLen: number): boolean {
  const w = lastWords[0].w;
  if (firstLen === 2) return w === 'type';
  return isAdjective(w) || /ed$/.test(w) || /ing$/.test(w);
}

/** Whether toks[at] opens the items (a trigger word, a verb, a participle clause) for the list at `conj`. */
function isTrigger(toks: Tok[], at: number, from: number, conj: number): boolean {
  const w = toks[at].w;
  if (STRONG_TRIGGERS.has(w)) {
    if (w === 'as') return at > from && (toks[at - 1].w === 'such' || toks[at - 1].w === 'known' || toks[at - 1].w === 'well');
    if (w === 'like') return true;
    return true;
  }
  if ((w === 'be' || w === 'been' || w === 'being') && at > from && (isWordAux(toks[at - 1].w) || toks[at - 1].w === 'to' || toks[at - 1].w === 'not')) {
    return true; // "may be [the result of …]"
  }
  const k = kindAt(toks, at, from);
  if (k === 'ing') return true;
  if (k === 'third' && toks[at - 1] && toks[at - 1].w === ',') {
    // "…, changes in the immune system, and…": after a comma, a verb form
    // followed by a preposition is a noun opening an item; "…, reduces pain"
    // is a verb; so is one whose list is of verb phrases.
    const r = toks[conj + 1];
    if (r && verbForms(r.w)?.forms.has('third')) return true;
    const nx = toks[at + 1];
    return !!nx && nx.word && !PREPOSITIONS.has(nx.w) && nx.w !== 'and' && nx.w !== 'or';
  }
  if (k && (FINITE.has(k) || k === 'inf' || k === 'participle')) return true;
  // "…, causing fever and chills": a participle clause opens a list, unless
  // the items themselves are -ing words ("smoking, being overweight, and lacking…").
  const v = verbForms(w);
  if (v?.forms.has('ing') && (at === from || toks[at - 1].w === ',')) {
    const r = toks[conj + 1];
    return !(r && verbForms(r.w)?.forms.has('ing')) && !/ing$/.test(r?.w ?? '');
  }
  return false;
}

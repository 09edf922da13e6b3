// The focus index: what each indexed chunk is about (its document's focus —
// the disease or drug of a MedQuAD document — or a short title), the other
// names the corpus gives for those foci, and the kind of question each
// MedQuAD document answers (causes, symptoms, treatments…). Built with the
// BM25 index from the chunks (no change to the pack format) and stored with
// it, so a check needs no chunk text to use it.
//
// A claim's main entity is the longest name in the claim, as a whole phrase
// (order-free, stemmed): "hypertension" matches the focus "High Blood
// Pressure" through the synonym MedQuAD gives, never "Pulmonary
// Hypertension"; a name in the claim's subject wins over one further on.
import type { Chunk } from '../types.ts';
import { focusNames, findSynonyms, mayHoldSynonyms, phraseKey, phraseKeyOfTerms, phraseTerms, phraseTokens } from '../evidence/synonyms.ts';
import { tokenize } from '../text/tokenize.ts';
import { NEGATION_WORDS } from '../text/stopwords.ts';

/** Retrieval terms (as bm25.ts makes them; not imported from there, which imports this module). */
function retrievalTerms(text: string): string[] {
  return tokenize(text)
    .map((t) => t.term)
    .filter((t) => !NEGATION_WORDS.has(t));
}

export interface SerializedFocus {
  /** Entities, by name key (phraseKey of the focus); entity number = position. */
  names: string[];
  /** Per indexed chunk (BM25 document number): its entity, -1 for none. */
  chunkEntity: Int32Array;
  /** Per indexed chunk: the kind of question its document answers (QuestionKind), 0 unknown. */
  chunkKind: Uint8Array;
  /** Other names: aliasEntity[i] is the entity named by the key aliasKeys[i]. */
  aliasKeys: string[];
  aliasEntity: Uint32Array;
}

/** Kinds of MedQuAD questions (and of claims, by their cue words). */
export const QUESTION_KINDS = [
  'none',
  'about',
  'causes',
  'symptoms',
  'treatments',
  'prevention',
  'diagnosis',
  'risk',
  'genetics',
  'frequency',
  'outlook',
  'complications',
  'stages',
  'research',
] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
const KIND = Object.fromEntries(QUESTION_KINDS.map((k, i) => [k, i])) as Record<QuestionKind, number>;

/** The kind of question a MedQuAD question (or title) asks. */
export function questionKind(question: string | undefined): number {
  if (!question) return 0;
  const q = question.toLowerCase();
  if (/^what causes|\bcauses? of\b|\bcause[sd]?\b/.test(q)) return KIND.causes;
  if (/symptoms|\bsigns\b/.test(q)) return KIND.symptoms;
  if (/treatments?\b|\btreat(?:ed|ing)?\b|what to do for|therap|medicines?\b/.test(q)) return KIND.treatments;
  if (/prevent/.test(q)) return KIND.prevention;
  if (/diagnos/.test(q)) return KIND.diagnosis;
  if (/\brisk\b/.test(q)) return KIND.risk;
  if (/inherited|genetic changes|\bgenes?\b/.test(q)) return KIND.genetics;
  if (/how many people/.test(q)) return KIND.frequency;
  if (/outlook|prognosis/.test(q)) return KIND.outlook;
  if (/complications/.test(q)) return KIND.complications;
  if (/\bstages\b/.test(q)) return KIND.stages;
  if (/research|clinical trials/.test(q)) return KIND.research;
  if (/^(?:what (?:is|are)|do you have information)/.test(q)) return KIND.about;
  return 0;
}

/** Words in a claim that say which kind of passage answers it. */
const CUES: Partial<Record<QuestionKind, string>> = {
  causes: 'cause caused causes causing trigger triggered triggers spread spreads contagious transmitted catch',
  symptoms: 'symptom symptoms sign signs painful pain hurts notice',
  treatments: 'treat treated treatment treatments medicine medicines medication medications drug drugs prescribed prescription therapy cure cured surgery control controlled manage managed inhaled',
  prevention: 'prevent prevented prevention prevents avoid vaccine vaccines',
  diagnosis: 'diagnose diagnosed diagnosis test tests screening detected',
  risk: 'risk risks',
  genetics: 'inherited inherit gene genes genetic mutation mutations hereditary',
  frequency: 'common rare affects prevalence',
  outlook: 'outlook prognosis fatal survival',
  complications: 'complication complications',
  stages: 'stage stages',
};
let cueTerms: Map<string, number[]> | undefined;
function cueMap(): Map<string, number[]> {
  if (cueTerms) return cueTerms;
  cueTerms = new Map();
  for (const [kind, words] of Object.entries(CUES) as [QuestionKind, string][]) {
    for (const t of phraseTerms(words)) {
      const list = cueTerms.get(t) ?? [];
      if (!list.includes(KIND[kind])) list.push(KIND[kind]);
      cueTerms.set(t, list);
    }
  }
  return cueTerms;
}

/**
 * Cue words whose question belongs to the entity named after them: "X raises
 * the risk of Y" asks who is at risk for Y; "X causes Y" asks what causes Y.
 */
const CUE_BEFORE_ENTITY = new Set(phraseTerms('risk risks cause causes causing trigger triggers'));
/** Cue words whose question belongs to the entity named before them: "X is caused by …". */
const CUE_AFTER_ENTITY = new Set(phraseTerms('caused triggered'));

/**
 * The question kinds a claim's words point to ("caused" → causes). With the
 * entity's place in the claim, a cue that asks about something else is left
 * out ("High blood pressure raises the risk of stroke" asks nothing about who
 * is at risk for high blood pressure).
 */
export function claimKinds(claim: string, entity?: { start: number; end: number }): number[] {
  const map = cueMap();
  const out = new Set<number>();
  for (const t of phraseTokens(claim)) {
    const kinds = map.get(t.term);
    if (!kinds) continue;
    if (entity && CUE_BEFORE_ENTITY.has(t.term) && t.start > entity.start) continue;
    if (entity && CUE_AFTER_ENTITY.has(t.term) && t.start < entity.end) continue;
    for (const k of kinds) out.add(k);
  }
  return [...out];
}

/** What a claim is about, as found in the focus index. */
export interface ClaimFocus {
  /** The name as written in the claim. */
  phrase: string;
  /** Its words (phraseTerms: plurals folded), in claim order. */
  terms: string[];
  /** Its terms as retrieval makes them (stemmed, retrievalTerms). */
  stems: string[];
  /** Entities it names (a focus, or the foci a synonym belongs to). */
  entities: number[];
  /** True when the name stands in the claim's subject (before its first verb). */
  inSubject: boolean;
  /** Question kinds the claim's cue words point to. */
  kinds: number[];
  /** Every name of those entities, as term lists (for finding them in a passage). */
  names: string[][];
}

/** Longest name looked up in a claim, in terms. */
const MAX_NAME_TERMS = 8;
/** An alias shared by more entities than this is too generic to name one. */
const MAX_ALIAS_ENTITIES = 3;

/** Where the subject of a claim ends: its first auxiliary or verb-like word. */
const SUBJECT_END = /^(?:is|are|was|were|be|been|has|have|had|can|could|may|might|will|would|should|must|does|do|did|often|usually|always|never|sometimes|rarely|mostly|generally|typically|causes?|spreads?|affects?|damages?|leads?|makes?|helps?|increases?|reduces?|raises?|lowers?|occurs?|develops?|needs?|requires?|includes?|means?|results?)$/;

/** Which entities a claim names, and how documents relate to them. Built once per loaded index. */
export class FocusIndex {
  private readonly data: SerializedFocus;
  /** Name or alias key → entities. */
  private readonly byKey = new Map<string, number[]>();
  /** Entity → its chunks (CSR). */
  private readonly chunkOffsets: Uint32Array;
  private readonly chunkList: Uint32Array;
  /** Term → entities whose name holds it (for "longer names that contain this one"). */
  private byTerm: Map<string, number[]> | undefined;
  /** Entity → alias keys (for names in passages). */
  private aliasesOf: Map<number, string[]> | undefined;

  constructor(data: SerializedFocus) {
    this.data = data;
    data.names.forEach((key, e) => this.byKey.set(key, [e]));
    for (let i = 0; i < data.aliasKeys.length; i++) {
      const key = data.aliasKeys[i];
      const list = this.byKey.get(key);
      const e = data.aliasEntity[i];
      if (!list) this.byKey.set(key, [e]);
      else if (!list.includes(e)) list.push(e);
    }
    const n = data.names.length;
    const counts = new Uint32Array(n + 1);
    const ce = data.chunkEntity;
    for (let d = 0; d < ce.length; d++) if (ce[d] >= 0) counts[ce[d] + 1]++;
    for (let e = 0; e < n; e++) counts[e + 1] += counts[e];
    this.chunkOffsets = counts;
    this.chunkList = new Uint32Array(counts[n]);
    const fill = counts.slice(0, n);
    for (let d = 0; d < ce.length; d++) if (ce[d] >= 0) this.chunkList[fill[ce[d]]++] = d;
  }

  static deserialize(s: SerializedFocus): FocusIndex {
    return new FocusIndex(s);
  }

  serialize(): SerializedFocus {
    return this.data;
  }

  get entities(): number {
    return this.data.names.length;
  }

  get aliases(): number {
    return this.data.aliasKeys.length;
  }

  /** Per indexed chunk: its entity (-1 none); for tight loops. */
  get chunkEntities(): Int32Array {
    return this.data.chunkEntity;
  }

  /** Per indexed chunk: its question kind. */
  get chunkKinds(): Uint8Array {
    return this.data.chunkKind;
  }

  /** Entity of an indexed chunk (-1: none). */
  entityOf(doc: number): number {
    return doc < this.data.chunkEntity.length ? this.data.chunkEntity[doc] : -1;
  }

  kindOf(doc: number): number {
    return doc < this.data.chunkKind.length ? this.data.chunkKind[doc] : 0;
  }

  /** Indexed chunks of an entity's documents. */
  chunksOf(entity: number): Uint32Array {
    return this.chunkList.subarray(this.chunkOffsets[entity], this.chunkOffsets[entity + 1]);
  }

  /** Entities by a name (phraseKey); empty when unknown. */
  lookup(key: string): readonly number[] {
    return this.byKey.get(key) ?? [];
  }

  /** The entity's name key. */
  nameOf(entity: number): string {
    return this.data.names[entity];
  }

  /**
   * Entities with a longer name that holds all of `terms` ("pulmonary
   * hypertension" for hypertension), leaving out `except`.
   */
  longerNames(terms: readonly string[], except: ReadonlySet<number>): Set<number> {
    if (!this.byTerm) {
      this.byTerm = new Map();
      this.data.names.forEach((key, e) => {
        for (const t of new Set(key.split(' '))) {
          const list = this.byTerm!.get(t);
          if (list) list.push(e);
          else this.byTerm!.set(t, [e]);
        }
      });
    }
    const out = new Set<number>();
    const lists = [...new Set(terms)].map((t) => this.byTerm!.get(t) ?? []);
    if (lists.length === 0 || lists.some((l) => l.length === 0)) return out;
    lists.sort((a, b) => a.length - b.length);
    const rest = lists.slice(1).map((l) => new Set(l));
    for (const e of lists[0]) if (!except.has(e) && rest.every((s) => s.has(e))) out.add(e);
    return out;
  }

  /** Every name of an entity (focus and synonyms), as term lists. */
  namesOf(entity: number): string[][] {
    if (!this.aliasesOf) {
      this.aliasesOf = new Map();
      for (let i = 0; i < this.data.aliasKeys.length; i++) {
        const e = this.data.aliasEntity[i];
        const list = this.aliasesOf.get(e);
        if (list) list.push(this.data.aliasKeys[i]);
        else this.aliasesOf.set(e, [this.data.aliasKeys[i]]);
      }
    }
    return [this.data.names[entity], ...(this.aliasesOf.get(entity) ?? [])].map((k) => k.split(' '));
  }

  /**
   * The claim's main entity: the name found in the claim's subject, else the
   * longest one (then the earliest). Whole phrases only: every term of the
   * name, contiguous in the claim, and nothing else.
   */
  match(claim: string): ClaimFocus | undefined {
    // A check asks twice per claim (ranking, then the evidence sentence).
    if (this.recent.has(claim)) return this.recent.get(claim);
    const found = this.find(claim);
    if (this.recent.size >= 64) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(claim, found);
    return found;
  }

  private readonly recent = new Map<string, ClaimFocus | undefined>();

  private find(claim: string): ClaimFocus | undefined {
    const all = tokenize(claim, { keepStopWords: true });
    let subjectEnd = Infinity;
    for (let i = 1; i < all.length; i++) {
      if (SUBJECT_END.test(all[i].surface)) {
        subjectEnd = all[i].start;
        break;
      }
    }
    const content = phraseTokens(claim);
    if (subjectEnd === Infinity) {
      // No verb found: the first half of the claim stands for its subject.
      const half = content[Math.ceil(content.length / 2) - 1];
      subjectEnd = half ? half.end : Infinity;
    }
    let best: { i: number; j: number; entities: number[]; inSubject: boolean } | undefined;
    for (let i = 0; i < content.length; i++) {
      for (let j = Math.min(content.length, i + MAX_NAME_TERMS); j > i; j--) {
        const key = phraseKeyOfTerms(content.slice(i, j).map((t) => t.term));
        const entities = this.byKey.get(key);
        if (!entities || entities.length === 0 || entities.length > MAX_ALIAS_ENTITIES) continue;
        const inSubject = content[i].start < subjectEnd;
        const better =
          !best ||
          (inSubject && !best.inSubject) ||
          (inSubject === best.inSubject && j - i > best.j - best.i);
        if (better) best = { i, j, entities, inSubject };
        break; // shorter names starting here are inside this one
      }
    }
    if (!best) return undefined;
    const names: string[][] = [];
    for (const e of best.entities) names.push(...this.namesOf(e));
    const phrase = claim.slice(content[best.i].start, content[best.j - 1].end);
    return {
      phrase,
      terms: content.slice(best.i, best.j).map((t) => t.term),
      stems: retrievalTerms(phrase),
      entities: best.entities,
      inSubject: best.inSubject,
      kinds: claimKinds(claim, { start: content[best.i].start, end: content[best.j - 1].end }),
      names,
    };
  }
}

/** The name a chunk's document is about: its focus, or a short title that is no question. */
function headOf(chunk: Pick<Chunk, 'focus' | 'title'>): string | undefined {
  if (chunk.focus) return chunk.focus;
  const t = chunk.title?.trim();
  if (!t || /\?\s*$/.test(t) || t.split(/\s+/).length > 10) return undefined;
  // A file name is no name: "notes.md", "Given evidence 1".
  if (/\.\w{1,5}$/.test(t) || /^given evidence \d+$/i.test(t)) return undefined;
  return t;
}

/** Builds the focus index over chunks in index order (add each, then finish). */
export class FocusIndexBuilder {
  private readonly names: string[] = [];
  private readonly entityByKey = new Map<string, number>();
  private readonly chunkEntity: number[] = [];
  private readonly chunkKind: number[] = [];
  /** Alias key → entities (from focus strings and from passages). */
  private readonly aliases = new Map<string, Set<number>>();
  /** Passages that may hold synonyms, read once all names are known. */
  private readonly texts: string[] = [];
  private last: Pick<Chunk, 'focus' | 'title' | 'question'> | undefined;
  private lastHead: string | undefined;
  private lastEntity = -1;
  private lastKind = 0;

  add(chunk: Pick<Chunk, 'focus' | 'title' | 'question' | 'text'>): void {
    // Chunks of one document come one after the other: work per document.
    const last = this.last;
    if (last && chunk.focus === last.focus && chunk.title === last.title && chunk.question === last.question) {
      this.chunkEntity.push(this.lastEntity);
      this.chunkKind.push(this.lastKind);
      if (mayHoldSynonyms(chunk.text)) this.texts.push(chunk.text);
      return;
    }
    this.last = chunk;
    const head = headOf(chunk);
    let entity = -1;
    if (head === this.lastHead) entity = this.lastEntity;
    else if (head) {
      const [main, ...others] = focusNames(head);
      const key = phraseKey(main);
      if (key) {
        entity = this.entityByKey.get(key) ?? -1;
        if (entity < 0) {
          entity = this.names.length;
          this.names.push(key);
          this.entityByKey.set(key, entity);
        }
        for (const other of others) this.addAlias(phraseKey(other), entity);
      }
    }
    this.lastHead = head;
    this.lastEntity = entity;
    this.lastKind = questionKind(chunk.question ?? (chunk.focus ? chunk.title : undefined));
    this.chunkEntity.push(entity);
    this.chunkKind.push(this.lastKind);
    if (mayHoldSynonyms(chunk.text)) this.texts.push(chunk.text);
  }

  private addAlias(key: string, entity: number): void {
    if (!key || entity < 0) return;
    const set = this.aliases.get(key);
    if (set) set.add(entity);
    else this.aliases.set(key, new Set([entity]));
  }

  finish(): FocusIndex {
    // Synonyms of known names, as the passages give them.
    const nameEntities = (key: string): number[] => {
      const e = this.entityByKey.get(key);
      if (e !== undefined) return [e];
      return [...(this.aliases.get(key) ?? [])];
    };
    const known = (key: string) => this.entityByKey.has(key) || this.aliases.has(key);
    const isName = (key: string) => this.entityByKey.has(key);
    const words = new Set<string>();
    for (const key of this.entityByKey.keys()) for (const w of key.split(' ')) words.add(w);
    for (const key of this.aliases.keys()) for (const w of key.split(' ')) words.add(w);
    const hasWord = (w: string) => words.has(w);
    const found: [string, number][] = [];
    for (const text of this.texts) {
      for (const { name, synonym } of findSynonyms(text, known, isName, hasWord)) {
        const key = phraseKey(synonym);
        for (const e of nameEntities(name)) found.push([key, e]);
      }
    }
    for (const [key, e] of found) this.addAlias(key, e);
    const aliasKeys: string[] = [];
    const aliasEntity: number[] = [];
    for (const [key, set] of this.aliases) {
      if (set.size > MAX_ALIAS_ENTITIES) continue; // too generic to name anything
      for (const e of set) {
        if (this.names[e] === key) continue;
        aliasKeys.push(key);
        aliasEntity.push(e);
      }
    }
    return new FocusIndex({
      names: this.names,
      chunkEntity: Int32Array.from(this.chunkEntity),
      chunkKind: Uint8Array.from(this.chunkKind),
      aliasKeys,
      aliasEntity: Uint32Array.from(aliasEntity),
    });
  }
}

/** Builds the focus index of chunks (index order); null when no chunk has a focus or name. */
export function buildFocusIndex(chunks: Iterable<Pick<Chunk, 'focus' | 'title' | 'question' | 'text'>>): FocusIndex {
  const b = new FocusIndexBuilder();
  for (const c of chunks) b.add(c);
  return b.finish();
}

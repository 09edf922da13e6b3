// Sentence-aware chunker: cuts a document (a MedQuAD answer, a text file, an
// abstract) into retrievable chunks of 1–4 sentences and at most ~600
// characters. Paragraph breaks end chunks.
//
// Offsets stay honest: white space inside a chunk is collapsed (runs of white
// space become one space), but `chunk.offset` indexes into the ORIGINAL
// document text, and for every chunk
//
//   normalizeWhitespace(original.slice(chunk.offset)).startsWith(chunk.text)
//
// holds (equivalently: collapsing the original from `offset` to the end of the
// chunk's last sentence gives exactly `chunk.text`). `chunk.sentences` are
// spans inside `chunk.text`.
import type { Chunk, Span } from '../types.ts';
import { sentenceSpans } from '../text/sentences.ts';

export interface ChunkOptions {
  /** Most sentences per chunk (default 4). */
  maxSentences?: number;
  /** Most characters per chunk (default 600); one longer sentence is a chunk of its own. */
  maxChars?: number;
  /**
   * A chunk shorter than this does not end at a paragraph break: a lone
   * heading ("Key Points") is kept with the paragraph after it. A shorter
   * chunk left at the end joins the chunk before it (or takes sentences from
   * it) when the limits allow (default 40).
   */
  minChars?: number;
  /**
   * Sentences to leave out (site boilerplate). A chunk never spans the gap a
   * dropped sentence leaves, so offsets stay honest.
   */
  dropSentence?: (sentence: string) => boolean;
}

type Limits = Required<Omit<ChunkOptions, 'dropSentence'>>;

/** The document-level fields every chunk of a document shares. */
export type ChunkBase = Omit<Chunk, 'id' | 'text' | 'sentences' | 'offset'> & { idPrefix: string };

export const DEFAULT_CHUNK_OPTIONS: Limits = { maxSentences: 4, maxChars: 600, minChars: 40 };

/** Same test as the `\s` class of JS regular expressions, on a char code. */
export function isSpaceCode(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Runs of white space become one space; ends are trimmed. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * One sentence (or piece of an over-long sentence) located in the original
 * text. `text` is the collapsed form of original[start, end). The sentence
 * proper starts `skip` characters into `text` (after a list marker).
 */
interface Unit {
  start: number;
  end: number;
  text: string;
  skip: number;
  /** A paragraph break comes before this unit. */
  paragraph: boolean;
  /** A dropped sentence comes before this unit: always start a new chunk. */
  gap?: boolean;
}

/** Collapses original[from, to) (already trimmed) with a map back to it. */
function collapse(original: string, from: number, to: number): { text: string; map: Int32Array } {
  const map = new Int32Array(to - from);
  let out = '';
  let n = 0;
  let runStart = from;
  let i = from;
  while (i < to) {
    if (isSpaceCode(original.charCodeAt(i))) {
      out += original.slice(runStart, i) + ' ';
      for (let k = runStart; k < i; k++) map[n++] = k;
      map[n++] = i;
      while (i < to && isSpaceCode(original.charCodeAt(i))) i++;
      runStart = i;
    } else {
      i++;
    }
  }
  out += original.slice(runStart, to);
  for (let k = runStart; k < to; k++) map[n++] = k;
  return { text: out, map: map.subarray(0, n) };
}

/** Trimmed [start, end) ranges of the paragraphs (split at blank lines). */
function paragraphs(text: string): Span[] {
  const out: Span[] = [];
  const re = /\n[^\S\n]*\n\s*/g;
  let start = 0;
  let m: RegExpExecArray | null;
  const push = (s: number, e: number) => {
    while (s < e && isSpaceCode(text.charCodeAt(s))) s++;
    while (e > s && isSpaceCode(text.charCodeAt(e - 1))) e--;
    if (e > s) out.push([s, e]);
  };
  while ((m = re.exec(text))) {
    push(start, m.index);
    start = m.index + m[0].length;
  }
  push(start, text.length);
  return out;
}

const BULLET = /^(?:[-•*▪◦‣]|\d{1,3}[.)])[^\S\n]+(?=\S)/;
// Two or more spaces (or a line break, or a sentence end) before a dash
// bullet, as in MedQuAD's flattened lists: "…cells).    - Leukemia may…",
// "…kidneys. - What is my GFR?". A single space between words is not a
// bullet: GARD's tables read "Albinism - Hearing impairment - …".
const INLINE_BULLET = /(?:[^\S\n]{2,}|\n[^\S\n]*|(?<=[.!?:;])[^\S\n]+)(?=[-•▪◦‣][^\S\n]+\S)/g;
const LINE_BREAK = /\n[^\S\n]*/g;

/**
 * Where a paragraph must break besides sentence ends: before list items and
 * after a heading-like line (short, no closing punctuation, next line starts
 * with a capital or a digit). Plain hard-wrapped prose is left alone.
 */
function forcedBreaks(text: string, from: number, to: number): number[] {
  const part = text.slice(from, to);
  const cuts = new Set<number>();
  let m: RegExpExecArray | null;
  INLINE_BULLET.lastIndex = 0;
  while ((m = INLINE_BULLET.exec(part))) cuts.add(from + m.index + m[0].length);
  LINE_BREAK.lastIndex = 0;
  let lineStart = 0;
  while ((m = LINE_BREAK.exec(part))) {
    const next = m.index + m[0].length;
    const line = part.slice(lineStart, m.index).trim();
    const rest = part.slice(next, next + 8);
    if (BULLET.test(rest)) cuts.add(from + next);
    else if (line.length > 0 && !/[.,;:!?…)\]"'”’]$/.test(line) && line.split(/\s+/).length <= 8 && /^[\p{Lu}\p{N}]/u.test(rest)) {
      cuts.add(from + next);
    }
    lineStart = next;
  }
  return [...cuts].sort((a, b) => a - b);
}

/** Sentence units of one block of the original text (no forced breaks inside). */
function blockUnits(original: string, from: number, to: number, paragraph: boolean, out: Unit[]): void {
  while (from < to && isSpaceCode(original.charCodeAt(from))) from++;
  while (to > from && isSpaceCode(original.charCodeAt(to - 1))) to--;
  if (to <= from) return;
  const { text, map } = collapse(original, from, to);
  let first = true;
  for (const [s, e] of sentenceSpans(text)) {
    const t = text.slice(s, e);
    const marker = first ? BULLET.exec(t) : null;
    out.push({
      start: map[s],
      end: map[e - 1] + 1,
      text: t,
      skip: marker && marker[0].length < t.length ? marker[0].length : 0,
      paragraph: paragraph && first,
    });
    first = false;
  }
}

// Preferred cut points inside an over-long sentence, best first.
const CLAUSE_CUTS = [/[;:]\s/g, /\s[-–—]{1,2}\s/g, /,\s/g, /\)\s/g, /\s/g];

/** Splits an over-long unit into pieces of at most `max` characters. */
function splitLong(original: string, unit: Unit, max: number): Unit[] {
  const pieces: Unit[] = [];
  const { text, map } = collapse(original, unit.start, unit.end);
  const piece = (begin: number, end: number): Unit => ({
    start: map[begin],
    end: map[end - 1] + 1,
    text: text.slice(begin, end),
    skip: begin === 0 ? unit.skip : 0, // the list marker stays with the first piece
    paragraph: begin === 0 && unit.paragraph,
    ...(begin === 0 && unit.gap ? { gap: true } : {}),
  });
  let begin = 0;
  while (text.length - begin > max) {
    const limit = begin + max;
    const floor = begin + Math.floor(max / 2);
    let cut = -1;
    for (const re of CLAUSE_CUTS) {
      re.lastIndex = floor;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) && m.index < limit) {
        // Cut after the punctuation, at the white space.
        const at = m.index + m[0].search(/\s/);
        if (at > floor && at <= limit) cut = at;
      }
      if (cut > 0) break;
    }
    if (cut < 0) cut = limit; // one huge token (a URL, a sequence): hard cut
    let end = cut;
    while (end > begin && text.charCodeAt(end - 1) === 32) end--;
    pieces.push(piece(begin, end));
    begin = cut;
    while (begin < text.length && text.charCodeAt(begin) === 32) begin++;
  }
  if (begin < text.length) pieces.push(piece(begin, text.length));
  return pieces;
}

function options(opts?: ChunkOptions): Limits {
  const { dropSentence: _drop, ...limits } = opts ?? {};
  const o = { ...DEFAULT_CHUNK_OPTIONS, ...stripUndefined(limits) };
  if (!(o.maxSentences >= 1) || !(o.maxChars >= 20) || !(o.minChars >= 0)) {
    throw new RangeError(`Bad chunk options: ${JSON.stringify(opts)}`);
  }
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Collapsed length of units joined (one space where the original had a gap). */
function joinedLength(units: Unit[]): number {
  let n = 0;
  for (let i = 0; i < units.length; i++) {
    if (i > 0 && units[i].start > units[i - 1].end) n++;
    n += units[i].text.length;
  }
  return n;
}

function fits(units: Unit[], o: Limits): boolean {
  return units.length <= o.maxSentences && joinedLength(units) <= o.maxChars;
}

/** Groups units into chunks under the limits. */
function group(units: Unit[], base: ChunkBase, o: Limits): Chunk[] {
  const groups: Unit[][] = [];
  let cur: Unit[] = [];
  let len = 0;
  for (const u of units) {
    if (cur.length > 0) {
      const added = (u.start > cur[cur.length - 1].end ? 1 : 0) + u.text.length;
      if (u.gap || (u.paragraph && len >= o.minChars) || cur.length >= o.maxSentences || len + added > o.maxChars) {
        groups.push(cur);
      } else {
        len += added;
        cur.push(u);
        continue;
      }
    }
    cur = [u];
    len = u.text.length;
  }
  if (cur.length > 0) groups.push(cur);

  // A tiny left-over chunk (the last item of a list, "- Weight gain.") joins
  // the chunk before it when both fit, or takes sentences from its end. Going
  // backwards, a chunk left tiny by that is mended in turn.
  for (let i = groups.length - 1; i >= 1; i--) {
    const g = groups[i];
    const prev = groups[i - 1];
    if (joinedLength(g) >= o.minChars || g[0].gap) continue;
    if (fits([...prev, ...g], o)) {
      groups.splice(i - 1, 2, [...prev, ...g]);
    } else {
      while (joinedLength(g) < o.minChars && prev.length >= 2 && fits([prev[prev.length - 1], ...g], o)) g.unshift(prev.pop()!);
    }
    // (A chunk that starts after a dropped sentence neither merges nor
    // borrows: its text would no longer be one stretch of the original.)
  }

  const { idPrefix, ...fields } = base;
  return groups.map((g, n) => {
    let text = '';
    const sentences: Span[] = [];
    for (let i = 0; i < g.length; i++) {
      const u = g[i];
      if (i > 0 && u.start > g[i - 1].end) text += ' ';
      sentences.push([text.length + u.skip, text.length + u.text.length]);
      text += u.text;
    }
    return { ...fields, id: `${idPrefix}#${n}`, text, sentences, offset: g[0].start };
  });
}

/** Leaves out dropped sentences; the unit after a dropped run starts a new chunk. */
function dropUnits(units: Unit[], drop: ((sentence: string) => boolean) | undefined): Unit[] {
  if (!drop) return units;
  const out: Unit[] = [];
  let dropped = false;
  for (const u of units) {
    if (drop(u.text.slice(u.skip))) {
      dropped = true;
      continue;
    }
    out.push(dropped ? { ...u, gap: true } : u);
    dropped = false;
  }
  return out;
}

function limitUnits(original: string, units: Unit[], o: Limits, split: boolean): Unit[] {
  if (!split) return units;
  const out: Unit[] = [];
  for (const u of units) {
    if (u.text.length > 2 * o.maxChars) out.push(...splitLong(original, u, o.maxChars));
    else out.push(u);
  }
  return out;
}

/**
 * Cuts `text` into chunks with ids `${idPrefix}#0`, `#1`, … in reading
 * order. Returns [] for a text with nothing but white space.
 */
export function chunkDocument(text: string, base: ChunkBase, opts?: ChunkOptions): Chunk[] {
  const o = options(opts);
  const units: Unit[] = [];
  for (const [ps, pe] of paragraphs(text)) {
    let from = ps;
    let first = true;
    for (const cut of forcedBreaks(text, ps, pe)) {
      const before = units.length;
      blockUnits(text, from, cut, first, units);
      if (units.length > before) first = false;
      from = cut;
    }
    blockUnits(text, from, pe, first, units);
  }
  return group(limitUnits(text, dropUnits(units, opts?.dropSentence), o, true), base, o);
}

/**
 * Chunks a document whose sentences are already given (Check-COVID, SciFact
 * abstracts). Sentences are kept whole and never merged or split inside; the
 * original text is `sentences.join(' ')` and `offset` indexes into it.
 */
export function chunkSentences(sentences: readonly string[], base: ChunkBase, opts?: ChunkOptions): Chunk[] {
  const o = options(opts);
  const original = sentences.join(' ');
  const units: Unit[] = [];
  let pos = 0;
  for (const s of sentences) {
    let from = pos;
    let to = pos + s.length;
    pos = to + 1;
    while (from < to && isSpaceCode(original.charCodeAt(from))) from++;
    while (to > from && isSpaceCode(original.charCodeAt(to - 1))) to--;
    if (to <= from) continue;
    const { text } = collapse(original, from, to);
    units.push({ start: from, end: to, text, skip: 0, paragraph: false });
  }
  return group(dropUnits(units, opts?.dropSentence), base, o);
}

// Claim decomposition by the loaded model: ask for JSON
// {claims: [{claim, span}]} under a JSON schema, then tie each claim back to
// the answer text by its span (exact → case/space-insensitive → best fuzzy
// window). Claims whose span cannot be found are dropped. Any failure — no
// model, engine error, bad JSON, nothing anchored — falls back to the
// rule-based splitter, so checking never depends on the model behaving.
import * as v from 'valibot';
import type { Claim } from '../types.ts';
import { splitClaims } from '../claims/index.ts';
import { AbortedError } from '../errors.ts';
import { checkWith, record } from '../validate.ts';
import { sentenceSpans } from '../text/sentences.ts';
import { splitThinkingStream } from './think-stream.ts';
import type { ChatEngine, ChatMessage } from './types.ts';

export const CLAIMS_SCHEMA = {
  type: 'object',
  properties: {
    claims: {
      type: 'array',
      items: {
        type: 'object',
        properties: { claim: { type: 'string' }, span: { type: 'string' } },
        required: ['claim', 'span'],
        additionalProperties: false,
      },
    },
  },
  required: ['claims'],
  additionalProperties: false,
} as const;

const SYSTEM = `You split a medical answer into atomic factual claims so that each can be checked against evidence.
Return only JSON: {"claims": [{"claim": "...", "span": "..."}]}.
- claim: one checkable statement, self-contained (name what "it"/"this" refers to), faithful to the answer: keep numbers, doses, negations and hedges; add nothing.
- span: the exact words of the answer the claim comes from, copied character for character.
- Skip greetings, questions and advice with no factual content.
Example: for the answer "Ibuprofen is an NSAID. It can irritate the stomach." return
{"claims": [{"claim": "Ibuprofen is an NSAID.", "span": "Ibuprofen is an NSAID."}, {"claim": "Ibuprofen can irritate the stomach.", "span": "It can irritate the stomach."}]}`;

export function decompositionMessages(answer: string): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `Answer:\n<<<\n${answer}\n>>>` },
  ];
}

export interface RawClaim {
  claim: string;
  span: string;
}

export type AnchorMethod = 'exact' | 'normalized' | 'fuzzy';

export interface Anchor {
  start: number;
  end: number;
  method: AnchorMethod;
  /** 1 for exact / normalized; the token overlap (Dice) for fuzzy. */
  score: number;
}

export interface DecomposeOptions {
  /** The rule-based splitter to fall back on (default: splitClaims). */
  fallback?: (answer: string) => Claim[];
  signal?: AbortSignal;
  /** Lowest token overlap a fuzzy span may have (0..1, default 0.6). */
  minSimilarity?: number;
  maxTokens?: number;
}

export interface DecomposeResult {
  claims: Claim[];
  source: 'model' | 'fallback';
  /** Why the fallback ran. */
  fallbackReason?: string;
  /** Model claims that could not be tied to the answer. */
  dropped: RawClaim[];
  /** How each kept claim was anchored (same order as claims when source is 'model'). */
  anchors: Anchor[];
  /** The model's raw output, for debugging. */
  raw?: string;
}

/** The first JSON object in a model's text (tolerates code fences and chatter around it). */
export function extractJson(text: string): unknown {
  const t = text.trim();
  try {
    return JSON.parse(t);
  } catch {
    /* look for an object inside */
  }
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(t);
  if (fenced) {
    try {
      return JSON.parse(fenced[1]);
    } catch {
      /* go on */
    }
  }
  const start = t.indexOf('{');
  const end = t.lastIndexOf('}');
  if (start >= 0 && end > start) return JSON.parse(t.slice(start, end + 1));
  throw new SyntaxError('no JSON object in the model output');
}

const ClaimsReplySchema = record(v.object({ claims: v.array(v.unknown()) }));
/** One claim as the model writes it; a span that is not a string is ignored. */
const ClaimItemSchema = record(v.object({ claim: v.string(), span: v.optional(v.unknown()) }));

/** Validates the model's JSON; throws with what is wrong. Items that are not claims are skipped. */
export function parseClaimsJson(value: unknown): RawClaim[] {
  const reply = checkWith(ClaimsReplySchema, value);
  if (!reply.ok) throw new TypeError(`expected an object with a "claims" array (${reply.message})`);
  const out: RawClaim[] = [];
  const seen = new Set<string>();
  for (const raw of reply.value.claims) {
    const item = checkWith(ClaimItemSchema, raw);
    if (!item.ok || !item.value.claim.trim()) continue;
    const { claim, span } = item.value;
    const c = { claim: claim.trim(), span: typeof span === 'string' ? span.trim() : '' };
    const key = c.claim + '\u0000' + c.span;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Anchoring

/** Folded text with a map from each folded character back to the original offset. */
function fold(text: string): { folded: string; map: number[] } {
  let folded = '';
  const map: number[] = [];
  let space = false;
  for (let i = 0; i < text.length; i++) {
    let ch = text[i];
    if (/\s/.test(ch)) {
      if (folded.length > 0 && !space) {
        folded += ' ';
        map.push(i);
      }
      space = true;
      continue;
    }
    space = false;
    ch = ch.replace(/[’‘`]/, "'").replace(/[“”]/, '"').replace(/[‐-―−]/, '-').toLowerCase();
    for (const c of ch) {
      folded += c;
      map.push(i);
    }
  }
  if (folded.endsWith(' ')) {
    folded = folded.slice(0, -1);
    map.pop();
  }
  return { folded, map };
}

interface Tok {
  t: string;
  start: number;
  end: number;
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
function words(text: string): Tok[] {
  const out: Tok[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = m[0];
    const s = m.index ?? 0;
    if (CJK.test(w)) {
      // Chinese: one token per character (no spaces to split on).
      let off = 0;
      for (const ch of w) {
        out.push({ t: ch, start: s + off, end: s + off + ch.length });
        off += ch.length;
      }
    } else {
      out.push({ t: w.toLowerCase(), start: s, end: s + w.length });
    }
  }
  return out;
}

function dice(a: Map<string, number>, aSize: number, b: Tok[], from: number, to: number): number {
  const seen = new Map<string, number>();
  let common = 0;
  for (let i = from; i < to; i++) {
    const t = b[i].t;
    const used = seen.get(t) ?? 0;
    if (used < (a.get(t) ?? 0)) common++;
    seen.set(t, used + 1);
  }
  return (2 * common) / (aSize + (to - from));
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
/** A match must not cut a word in two (a span is copied as whole words). CJK has no word breaks. */
function wholeWords(text: string, start: number, end: number): boolean {
  const edge = (a: string | undefined, b: string | undefined) =>
    a === undefined || b === undefined || !WORD_CHAR.test(a) || !WORD_CHAR.test(b) || CJK.test(a) || CJK.test(b);
  return edge(text[start - 1], text[start]) && edge(text[end - 1], text[end]);
}

/** First whole-word occurrence of `needle` at or after `from`, else anywhere. */
function findWhole(hay: string, needle: string, from: number, ok: (i: number) => boolean): number {
  for (const origin of [from, 0]) {
    for (let i = hay.indexOf(needle, origin); i >= 0; i = hay.indexOf(needle, i + 1)) if (ok(i)) return i;
  }
  return -1;
}

/** Words compare by their first 6 letters: "diarrhoea" ~ "diarrhea", "common" ~ "commonly". */
const key = (t: string) => (CJK.test(t) ? t : t.slice(0, 6));

/**
 * Where `span` is in `answer`: exact match (searching from `from` first,
 * then anywhere), then ignoring case, white space and quote/dash styles,
 * then the window of answer words that shares most words with it.
 */
export function anchorSpan(answer: string, span: string, from = 0, minSimilarity = 0.6): Anchor | undefined {
  const s = span.trim();
  if (!s || !WORD_CHAR.test(s)) return undefined;
  const i = findWhole(answer, s, from, (k) => wholeWords(answer, k, k + s.length));
  if (i >= 0) return { start: i, end: i + s.length, method: 'exact', score: 1 };

  const fa = fold(answer);
  const fs = fold(s).folded;
  if (fs) {
    const fromFolded = Math.max(0, fa.map.findIndex((o) => o >= from));
    const j = findWhole(fa.folded, fs, fromFolded, (k) => wholeWords(answer, fa.map[k], fa.map[k + fs.length - 1] + 1));
    if (j >= 0) return { start: fa.map[j], end: fa.map[j + fs.length - 1] + 1, method: 'normalized', score: 1 };
  }

  const sw = words(s).map((w) => ({ ...w, t: key(w.t) }));
  const aw = words(answer).map((w) => ({ ...w, t: key(w.t) }));
  if (sw.length === 0 || aw.length === 0) return undefined;
  const bag = new Map<string, number>();
  for (const w of sw) bag.set(w.t, (bag.get(w.t) ?? 0) + 1);
  const slack = Math.max(1, Math.floor(sw.length / 4));
  let best: { score: number; a: number; b: number } | undefined;
  for (let len = Math.max(1, sw.length - slack); len <= sw.length + slack; len++) {
    for (let a = 0; a + len <= aw.length; a++) {
      const score = dice(bag, sw.length, aw, a, a + len);
      // Ties: prefer a window at or after the expected position.
      const better = !best || score > best.score + 1e-9 ||
        (Math.abs(score - best.score) <= 1e-9 && aw[a].start >= from && aw[best.a].start < from);
      if (better) best = { score, a, b: a + len };
    }
  }
  if (!best || best.score < minSimilarity) return undefined;
  return { start: aw[best.a].start, end: aw[best.b - 1].end, method: 'fuzzy', score: best.score };
}

function sentenceOf(spans: Array<[number, number]>, start: number, end: number): [number, number] {
  let s = -1;
  let e = -1;
  for (const [a, b] of spans) {
    if (b > start && a < end) {
      if (s < 0) s = a;
      e = b;
    }
  }
  return s < 0 ? [start, end] : [s, e];
}

/** Ties model claims to the answer; returns kept claims (in answer order) and dropped ones. */
export function anchorClaims(
  answer: string,
  raw: RawClaim[],
  minSimilarity = 0.6,
): { claims: Claim[]; anchors: Anchor[]; dropped: RawClaim[] } {
  const sentences = sentenceSpans(answer);
  const kept: Array<{ claim: Claim; anchor: Anchor }> = [];
  const dropped: RawClaim[] = [];
  let cursor = 0;
  for (const r of raw) {
    const anchor = anchorSpan(answer, r.span || r.claim, cursor, minSimilarity) ??
      (r.span ? anchorSpan(answer, r.claim, cursor, minSimilarity) : undefined);
    if (!anchor) {
      dropped.push(r);
      continue;
    }
    cursor = anchor.start;
    const [sentenceStart, sentenceEnd] = sentenceOf(sentences, anchor.start, anchor.end);
    kept.push({
      claim: { text: r.claim, start: anchor.start, end: anchor.end, sentenceStart, sentenceEnd, part: 'answer' },
      anchor,
    });
  }
  kept.sort((x, y) => x.claim.start - y.claim.start || x.claim.end - y.claim.end);
  return { claims: kept.map((k) => k.claim), anchors: kept.map((k) => k.anchor), dropped };
}

/**
 * Claims of `answer` as the loaded model decomposes them, or as the
 * rule-based fallback splits them when the model cannot.
 */
export async function decomposeClaims(
  engine: ChatEngine,
  answer: string,
  options: DecomposeOptions = {},
): Promise<DecomposeResult> {
  const split = options.fallback ?? ((a: string) => splitClaims(a));
  const fallback = (reason: string, dropped: RawClaim[] = [], raw?: string): DecomposeResult => ({
    claims: split(answer),
    source: 'fallback',
    fallbackReason: reason,
    dropped,
    anchors: [],
    ...(raw !== undefined ? { raw } : {}),
  });
  if (!answer.trim()) return fallback('empty answer');
  if (!engine.model) return fallback('no model loaded');

  let raw = '';
  let finish: string | undefined;
  try {
    for await (const c of engine.chat(decompositionMessages(answer), {
      thinking: false,
      temperature: 0,
      max_tokens: options.maxTokens ?? Math.min(4096, 256 + Math.ceil(answer.length / 2)),
      response_format: { type: 'json_object', schema: CLAIMS_SCHEMA as unknown as Record<string, unknown> },
      signal: options.signal,
    })) {
      if (c.kind === 'delta' && c.channel === 'content') raw += c.delta;
      else if (c.kind === 'usage') finish = c.usage.finish_reason;
    }
  } catch (e) {
    if (e instanceof AbortedError || options.signal?.aborted) throw e instanceof AbortedError ? e : new AbortedError('Cancelled.');
    return fallback(`the model failed (${e instanceof Error ? e.message : String(e)})`, [], raw);
  }
  if (options.signal?.aborted) throw new AbortedError('Cancelled.');

  let parsed: RawClaim[];
  try {
    parsed = parseClaimsJson(extractJson(splitThinkingStream(raw).answerText));
  } catch (e) {
    const why = finish === 'length' ? 'the output was cut off at the token limit' : `unusable JSON (${e instanceof Error ? e.message : String(e)})`;
    return fallback(why, [], raw);
  }
  if (parsed.length === 0) return fallback('the model returned no claims', [], raw);
  const { claims, anchors, dropped } = anchorClaims(answer, parsed, options.minSimilarity);
  if (claims.length === 0) return fallback('no claim could be found in the answer text', dropped, raw);
  return { claims, source: 'model', dropped, anchors, raw };
}

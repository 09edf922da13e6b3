// Sentence segmentation shared by the chunker, the claim splitter and the
// evidence-sentence picker. Intl.Segmenter does the work (English and
// Chinese); a few abbreviations it breaks after are merged back.
import type { Span } from '../types.ts';

// Abbreviations that never end a sentence: a break after them is undone.
// Units (mg, kg…), "etc." and "U.S." often do end one ("The dose is 500 mg.
// Take it…"); Intl.Segmenter already keeps them (and "No. 5", "Jan. 3")
// together when a lower-case word or a number follows, so they are not listed.
const ABBREVIATIONS = new Set([
  'dr', 'mr', 'mrs', 'ms', 'prof', 'st', 'vs', 'fig', 'figs', 'approx', 'ca', 'al', 'e.g', 'i.e', 'cf', 'resp',
]);

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(locale: string): Intl.Segmenter {
  let s = segmenters.get(locale);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: 'sentence' });
    segmenters.set(locale, s);
  }
  return s;
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
export function hasCJK(text: string): boolean {
  return CJK.test(text);
}

/**
 * Sentence spans of `text`, trimmed of surrounding white space, empty ones
 * dropped. Offsets index into `text` itself.
 */
export function sentenceSpans(text: string, locale?: string): Span[] {
  const loc = locale ?? (hasCJK(text) ? 'zh' : 'en');
  const raw: Span[] = [];
  for (const seg of segmenter(loc).segment(text)) {
    raw.push([seg.index, seg.index + seg.segment.length]);
  }
  // Merge breaks that follow a known abbreviation ("Dr. Smith").
  const merged: Span[] = [];
  for (const span of raw) {
    const prev = merged[merged.length - 1];
    if (prev) {
      const prevText = text.slice(prev[0], prev[1]).trimEnd();
      const m = /(?:^|[^A-Za-z.])([A-Za-z.]+)\.$/.exec(prevText);
      const nextStart = text.slice(span[0], span[1]).trimStart();
      if (m && ABBREVIATIONS.has(m[1].toLowerCase()) && nextStart.length > 0) {
        prev[1] = span[1];
        continue;
      }
    }
    merged.push([span[0], span[1]]);
  }
  const out: Span[] = [];
  for (const [s0, e0] of merged) {
    let s = s0;
    let e = e0;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) out.push([s, e]);
  }
  // Intl.Segmenter does not break on hard line breaks inside a sentence;
  // blank lines always end a sentence.
  const final: Span[] = [];
  for (const [s, e] of out) {
    let start = s;
    const part = text.slice(s, e);
    const re = /\n\s*\n/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(part))) {
      const end = s + m.index;
      if (end > start) final.push(trimSpan(text, start, end));
      start = s + m.index + m[0].length;
    }
    if (e > start) final.push(trimSpan(text, start, e));
  }
  return final.filter(([a, b]) => b > a);
}

export function trimSpan(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return [s, e];
}

export function sentences(text: string, locale?: string): string[] {
  return sentenceSpans(text, locale).map(([s, e]) => text.slice(s, e));
}

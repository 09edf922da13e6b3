// Claim splitter: answer text → atomic, self-contained claims, each with the
// span of the original text it comes from.
//
//   answer ─► <think> split ─► Markdown masked to spaces (offsets kept) ─►
//   blocks (paragraphs, headings, list items, table cells) ─► sentences
//   (Intl.Segmenter) ─► filters (questions, greetings, disclaimers…) ─►
//   English / Chinese clause and list splitting ─► claims
import { ClaimLensError } from '../errors.ts';
import { hasCJK, sentenceSpans } from '../text/sentences.ts';
import type { Claim, Span } from '../types.ts';
import { splitChinese, zhHasSubject } from './chinese.ts';
import { splitEnglish } from './english.ts';
import type { RawClaim, Unit } from './unit.ts';
import { isSentenceLike, mainClauseVerbless } from './tagger.ts';
import { hasEnglishVerb, nonClaimReason, ZH_PREDICATE } from './filters.ts';
import { maskMarkdown, type Block } from './markdown.ts';
import { splitThinking } from './think.ts';
import { type ClaimOrigin, mergeRepeats, repairFragments, resolveReferences } from './context.ts';

export { splitThinking, type ThinkParts } from './think.ts';
export { nonClaimReason, type NonClaimReason } from './filters.ts';
export { maskMarkdown, type Block, type MaskedDocument } from './markdown.ts';

export interface SplitOptions {
  /** Also return claims made inside `<think>` reasoning (part: 'reasoning'). Default false. */
  checkReasoning?: boolean;
}

/** Headings whose sections hold no claims about health. */
const NON_CLAIM_SECTION =
  /^(references?|sources?|citations?|bibliography|further reading|resources|learn more|links|see also|参考文献|参考资料|资料来源|延伸阅读)\s*[:：]?$/i;
/** Headings too generic to give a bullet its context. */
const GENERIC_HEADING =
  /^(summary|overview|introduction|conclusion|key (points|takeaways|facts)|bottom line|tl;?dr|notes?|details|answer|background|important|caution|warning|tips?|总结|小结|概述|要点|注意事项|提示|简介|结论)\s*[:：]?$/i;

/** Lead-ins that expect an object: "Symptoms include:", "Treatment options such as:". */
const OPEN_LEAD =
  /\b(include|includes|including|involve|involves|are|is|were|was|as|like|such as|e\.g|consist of|consists of|contain|contains|cause|causes|can cause|may cause|may include|can include|can lead to|may lead to|lead to|leads to|include:|are:|to)\s*$/i;

export function splitClaims(answer: string, opts: SplitOptions = {}): Claim[] {
  if (typeof answer !== 'string') {
    throw new ClaimLensError(`splitClaims expects the answer as text, got ${answer === null ? 'null' : typeof answer}.`);
  }
  if (!/\S/.test(answer)) return [];
  const parts = splitThinking(answer);
  const regions: { span: Span; part: Claim['part'] }[] = parts.answer.map((span) => ({ span, part: 'answer' }));
  if (opts.checkReasoning) for (const span of parts.reasoning) regions.push({ span, part: 'reasoning' });
  regions.sort((x, y) => x.span[0] - y.span[0]);
  if (!regions.length) return [];

  const doc = maskMarkdown(
    answer,
    regions.map((r) => r.span),
  );
  const { masked, blocks } = doc;
  // Regions are sorted and disjoint: binary search (an answer may hold many <think> blocks).
  const partAt = (pos: number): Claim['part'] => {
    let lo = 0;
    let hi = regions.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [s, e] = regions[mid].span;
      if (pos < s) hi = mid - 1;
      else if (pos >= e) lo = mid + 1;
      else return regions[mid].part;
    }
    return 'answer';
  };

  const claims: Claim[] = [];
  const ctx: Context = { sentences: [], origin: new WeakMap(), topics: new Map() };
  const rows = new Map<number, Block[]>();
  const skipSection = new Set<number>();
  blocks.forEach((b, i) => {
    if (b.kind === 'heading' && NON_CLAIM_SECTION.test(clean(masked.slice(b.start, b.end)))) skipSection.add(i);
  });

  for (const b of blocks) {
    if (b.heading !== undefined && skipSection.has(b.heading)) continue;
    if (b.kind === 'cell') {
      const r = rows.get(b.rowId!) ?? [];
      r.push(b);
      rows.set(b.rowId!, r);
      continue;
    }
    splitBlock(masked, blocks, b, partAt(b.start), claims, ctx);
  }
  for (const cells of rows.values()) splitRow(masked, cells, partAt(cells[0].start), claims, ctx);

  // Spans never overlap (defensive: the splitters already keep them apart).
  claims.sort((x, y) => x.start - y.start || x.end - y.end);
  const out: Claim[] = [];
  let lastEnd = -1;
  for (const c of claims) {
    if (c.start < lastEnd || !c.text) continue;
    out.push(c);
    lastEnd = c.end;
  }
  // Claims in context: no fragments, pronouns resolved, repeats merged.
  const whole = repairFragments(masked, out, ctx.origin);
  ctx.sentences.sort((x, y) => x[0] - y[0]);
  resolveReferences(masked, whole, ctx.sentences, ctx.topics);
  return mergeRepeats(whole);
}

/** What the block splitters record for the passes over the whole answer. */
interface Context {
  /** Every sentence seen, claim or not (a pronoun's antecedent must be in the sentence right before). */
  sentences: Span[];
  origin: WeakMap<Claim, ClaimOrigin>;
  /** What a heading or a "What is X?" question is about, by sentence start ("It is…" after it may mean X). */
  topics: Map<number, string>;
}

/** "## Metformin" → "Metformin"; "What is glaucoma?" → "glaucoma"; generic headings and other sentences → ''. */
function topicOf(sentence: string, heading: boolean): string {
  const q = /^(?:what|who)\s+(?:is|are)\s+([^?]{1,60}?)\s*\?$/i.exec(sentence);
  if (q) return q[1];
  if (!heading || hasCJK(sentence)) return '';
  const h = sentence.replace(/[:：]\s*$/, '');
  if (GENERIC_HEADING.test(h) || NON_CLAIM_SECTION.test(h) || hasEnglishVerb(h) || /[?？]/.test(h)) return '';
  return h;
}

function clean(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Context for the first sentence of a list item: its lead-in or heading. */
function itemContext(masked: string, blocks: Block[], b: Block, itemText: string): string {
  const zh = hasCJK(itemText);
  const verbless = zh ? !ZH_PREDICATE.test(itemText) || itemText.length <= 6 : mainClauseVerbless(itemText);
  if (b.leadIn !== undefined) {
    const lb = blocks[b.leadIn];
    const lt = masked.slice(lb.start, lb.end);
    const ss = sentenceSpans(lt);
    const last = ss[ss.length - 1];
    if (last) {
      const lead = clean(lt.slice(last[0], last[1])).replace(/[:：]\s*$/, '');
      const reason = nonClaimReason(lead);
      if (lead && reason !== 'greeting' && reason !== 'question' && reason !== 'disclaimer' && reason !== 'seek-care') {
        if (zh) {
          if (!verbless) return '';
          // "常见症状包括：" reads on into the item; "常见症状：" keeps its colon.
          return /(包括|包含|有|是|为|如下|如|表现为|例如|比如|主要有|常见的有)$/.test(lead) ? lead : lead + '：';
        }
        if (OPEN_LEAD.test(lead) && !/^\p{Lu}\p{Ll}*\s+(is|are|was|were)\b/u.test(itemText)) {
          // "Symptoms include:" + "fever" → "Symptoms include fever"
          if (verbless || !/^\p{Lu}/u.test(itemText.trim()) || mainClauseVerbless(itemText)) return lead + ' ';
          return '';
        }
        if (verbless) return lead + ': ';
      }
    }
    return '';
  }
  if (verbless && b.heading !== undefined) {
    const h = clean(masked.slice(blocks[b.heading].start, blocks[b.heading].end)).replace(/[:：]\s*$/, '');
    if (!h || GENERIC_HEADING.test(h) || nonClaimReason(h, { heading: true }) === 'question') return '';
    if (zh ? ZH_PREDICATE.test(h) && h.length > 8 : hasEnglishVerb(h)) return '';
    return zh ? h + '：' : h + ': ';
  }
  return '';
}

/** "Symptoms include " + "Blurred vision" → "…include blurred vision" (same length). */
function lowerAfterLead(prefix: string, sentence: string): string {
  if (!prefix.endsWith(' ') || prefix.endsWith(': ')) return sentence;
  const m = /^(\s*)(\p{Lu})(\p{Ll}+\b|\s)/u.exec(sentence);
  if (m && /^\s*I\s/.test(sentence)) return sentence;
  if (!m) return sentence;
  const i = m[1].length;
  return sentence.slice(0, i) + sentence[i].toLowerCase() + sentence.slice(i + 1);
}

function splitBlock(masked: string, blocks: Block[], b: Block, part: Claim['part'], out: Claim[], ctx: Context): void {
  const text = masked.slice(b.start, b.end);
  const spans = sentenceSpans(text);
  spans.forEach(([s0, e0], n) => {
    const s = b.start + s0;
    const e = b.start + e0;
    const sentence = masked.slice(s, e);
    ctx.sentences.push([s, e]);
    const heading = b.kind === 'heading';
    const topic = topicOf(clean(sentence), heading);
    if (topic) ctx.topics.set(s, topic);
    const reason = nonClaimReason(sentence, { heading });
    if (reason === 'question' || reason === 'greeting' || reason === 'disclaimer' || reason === 'heading') return;
    let prefix = '';
    if (n === 0 && b.kind === 'item') prefix = itemContext(masked, blocks, b, sentence);
    const unit: Unit = { text: prefix + lowerAfterLead(prefix, sentence), prefixLen: prefix.length, base: s };
    const raw = hasCJK(sentence) ? splitChinese(unit) : splitEnglish(unit);
    emit(raw, s, e, part, prefix.length > 0, out, ctx, b.kind);
  });
}

function zhSentence(s: string): boolean {
  return ZH_PREDICATE.test(s) && s.replace(/\s/g, '').length >= 8 && zhHasSubject(s.trim());
}

function emit(
  raw: RawClaim[],
  s: number,
  e: number,
  part: Claim['part'],
  contextual: boolean,
  out: Claim[],
  ctx: Context,
  kind: ClaimOrigin['kind'],
): void {
  for (const r of raw) {
    if (r.start < s || r.end > e || r.end <= r.start) continue;
    if (nonClaimReason(r.text, { contextual })) continue;
    const c: Claim = { text: r.text, start: r.start, end: r.end, sentenceStart: s, sentenceEnd: e, part };
    ctx.origin.set(c, { kind, contextual });
    out.push(c);
  }
}

/**
 * A table row: cells that are sentences give their own claims; a row of
 * short cells becomes one claim read across the row ("Metformin — dose:
 * 500 mg twice daily").
 */
function splitRow(masked: string, cells: Block[], part: Claim['part'], out: Claim[], ctx: Context): void {
  // Cells before the first sentence-like cell are read across the row.
  let firstSentence = cells.length;
  cells.forEach((c, i) => {
    const t = clean(masked.slice(c.start, c.end));
    if (i < firstSentence && (hasCJK(t) ? zhSentence(t) : isSentenceLike(t))) firstSentence = i;
  });
  for (const c of cells.slice(firstSentence)) {
    const text = masked.slice(c.start, c.end);
    for (const [s0, e0] of sentenceSpans(text)) {
      const s = c.start + s0;
      const e = c.start + e0;
      const sentence = masked.slice(s, e);
      ctx.sentences.push([s, e]);
      // Only cells that are sentences stand alone; "Lowers glucose" reads with its row.
      if (nonClaimReason(sentence) || !(hasCJK(sentence) ? zhSentence(sentence) : isSentenceLike(sentence))) continue;
      const unit: Unit = { text: sentence, prefixLen: 0, base: s };
      emit(hasCJK(sentence) ? splitChinese(unit) : splitEnglish(unit), s, e, part, false, out, ctx, 'cell');
    }
  }
  const across = cells.slice(0, firstSentence);
  if (across.length < 2) return;
  const values = across.map((c) => clean(masked.slice(c.start, c.end)));
  const zh = values.some((v) => hasCJK(v));
  const [first, ...rest] = values;
  const restText = rest
    .map((v, i) => {
      const h = across[i + 1].header;
      return h ? `${zh ? h + '：' : h.toLowerCase() + ': '}${v}` : v;
    })
    .join(zh ? '；' : '; ');
  const text = zh ? `${first}——${restText}` : `${first} — ${restText}`;
  const start = across[0].start;
  const end = across[across.length - 1].end;
  if (nonClaimReason(text, { contextual: true })) return;
  const c: Claim = { text, start, end, sentenceStart: start, sentenceEnd: end, part };
  ctx.origin.set(c, { kind: 'row', contextual: true });
  out.push(c);
}

// Splits an answer into plain-text and claim segments for highlighting.
// Pure: the view renders each segment as text (never as HTML).
import { splitThinking } from '../core/claims/index.ts';

export interface Segment {
  start: number;
  end: number;
  /** Index of the claim this segment shows, or null for text between claims. */
  claim: number | null;
}

/**
 * Segments of text[from, to) covered by the given claim spans. Claims may come
 * in any order; an overlapping claim is clipped to start where the previous
 * one ended, so every character is shown exactly once.
 */
export function segmentText(
  text: string,
  claims: readonly { start: number; end: number }[],
  from = 0,
  to = text.length,
): Segment[] {
  const order = claims
    .map((c, i) => ({ start: Math.max(from, c.start), end: Math.min(to, c.end), i }))
    .filter((c) => c.end > c.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment[] = [];
  let at = from;
  for (const c of order) {
    const start = Math.max(at, c.start);
    if (c.end <= start) continue;
    if (start > at) out.push({ start: at, end: start, claim: null });
    out.push({ start, end: c.end, claim: c.i });
    at = c.end;
  }
  if (to > at) out.push({ start: at, end: to, claim: null });
  return out;
}

/** A highlighted stretch of the answer: a claim's own span or one of its merged repeats. */
export interface ClaimSpan {
  start: number;
  end: number;
  /** Index of the claim in the report. */
  claim: number;
  /** True for a repeat (an identical claim elsewhere, merged into this one). */
  repeat: boolean;
}

/**
 * Every span to highlight: each claim's own span, then the spans of its
 * repeats, all pointing at the same claim. Pass the result to segmentText;
 * a segment's `claim` is then an index into this list.
 */
export function claimSpans(
  claims: readonly { start: number; end: number; repeats?: readonly (readonly [number, number])[] }[],
): ClaimSpan[] {
  const out: ClaimSpan[] = [];
  claims.forEach((c, i) => {
    out.push({ start: c.start, end: c.end, claim: i, repeat: false });
    for (const [start, end] of c.repeats ?? []) {
      if (Number.isFinite(start) && Number.isFinite(end) && end > start) out.push({ start, end, claim: i, repeat: true });
    }
  });
  return out;
}

export interface Block {
  /** 'answer' and 'reasoning' text; 'gap': the <think> tags and white space around them. */
  kind: 'answer' | 'reasoning' | 'gap';
  start: number;
  end: number;
}

/**
 * The answer cut into answer text, reasoning (<think>) blocks and the gaps
 * between them (tags, white space), in order, covering the whole text.
 */
export function answerLayout(answer: string): Block[] {
  const parts = splitThinking(answer);
  if (parts.reasoning.length === 0) return answer ? [{ kind: 'answer', start: 0, end: answer.length }] : [];
  // Blocks are trimmed: the white space around a reasoning block (shown as a
  // block of its own) goes to the gaps, so it does not add blank lines.
  const trim = ([start, end]: [number, number]) => {
    while (start < end && /\s/.test(answer[start])) start++;
    while (end > start && /\s/.test(answer[end - 1])) end--;
    return { start, end };
  };
  const spans = [
    ...parts.answer.map((s) => ({ kind: 'answer' as const, ...trim(s) })),
    ...parts.reasoning.map((s) => ({ kind: 'reasoning' as const, ...trim(s) })),
  ]
    .filter((b) => b.end > b.start)
    .sort((a, b) => a.start - b.start);
  const out: Block[] = [];
  let at = 0;
  for (const b of spans) {
    if (b.start > at) out.push({ kind: 'gap', start: at, end: b.start });
    out.push(b);
    at = Math.max(at, b.end);
  }
  if (at < answer.length) out.push({ kind: 'gap', start: at, end: answer.length });
  return out;
}

/** The pasted answer has a reasoning (<think>) block. */
export function hasReasoning(answer: string): boolean {
  return splitThinking(answer).reasoning.length > 0;
}

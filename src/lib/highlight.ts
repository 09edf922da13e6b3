// Splits an answer into plain-text and claim segments for highlighting.
// Pure: the view renders each segment as text (never as HTML).
import { splitThinking } from './core-shim.ts';

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

/** Where the reasoning (<think>) block sits in the answer, if it has one. */
export function reasoningRange(answer: string): [number, number] | null {
  const t = splitThinking(answer);
  return t.thinkStart >= 0 ? [t.thinkStart, t.thinkEnd] : null;
}

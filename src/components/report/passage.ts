// A long evidence passage is shown as an excerpt around its evidence
// sentence, with a button to open it in full.

/** Passages up to this many characters are shown whole. */
export const LONG_PASSAGE = 600;
/** Characters of context kept on each side of the evidence sentence. */
const CONTEXT = 180;

export interface PassageExcerpt {
  /** [start, end) of the excerpt in the passage; always holds the evidence sentence. */
  start: number;
  end: number;
  /** Whether text was left out before / after. */
  before: boolean;
  after: boolean;
}

/**
 * The excerpt of a long passage to show: the evidence sentence with some
 * context on each side, cut at word boundaries. null when the passage is
 * short enough to show whole.
 */
export function passageExcerpt(passage: string, sentenceStart: number, sentenceEnd: number, limit = LONG_PASSAGE): PassageExcerpt | null {
  if (passage.length <= limit) return null;
  const s = Math.max(0, Math.min(sentenceStart, passage.length));
  const e = Math.max(s, Math.min(sentenceEnd, passage.length));
  let start = Math.max(0, s - CONTEXT);
  let end = Math.min(passage.length, e + CONTEXT);
  // Cut at a space so that no word is broken.
  if (start > 0) {
    const sp = passage.indexOf(' ', start);
    start = sp >= 0 && sp < s ? sp + 1 : s;
  }
  if (end < passage.length) {
    const sp = passage.lastIndexOf(' ', end);
    end = sp > e ? sp : e;
  }
  if (start === 0 && end === passage.length) return null;
  return { start, end, before: start > 0, after: end < passage.length };
}

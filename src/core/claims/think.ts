// Separates `<think>…</think>` reasoning (Qwen3, DeepSeek-R1, Baichuan-M2
// style) from the answer. Works on offsets so that claims found in either
// part keep their place in the original text. The tags themselves belong to
// neither part.
import type { Span } from '../types.ts';

export interface ThinkParts {
  /** Ranges of reasoning text (tags excluded), in order. */
  reasoning: Span[];
  /** Ranges of answer text (tags excluded), in order. */
  answer: Span[];
  /** Reasoning ranges, each trimmed, joined by blank lines. */
  reasoningText: string;
  /** Answer ranges, each trimmed, joined by blank lines. */
  answerText: string;
  /** True when a `<think>` block is still open at the end (streaming). */
  open: boolean;
}

// <think>, </think>, <thinking>, </thinking>; case and inner spaces tolerated.
const TAG = /<\s*(\/?)\s*think(?:ing)?\s*>/gi;

/** Tag ranges in `text` (exported for masking). */
export function thinkTags(text: string): Span[] {
  const out: Span[] = [];
  if (!/think/i.test(text)) return out;
  for (const m of text.matchAll(TAG)) out.push([m.index, m.index + m[0].length]);
  return out;
}

export function splitThinking(text: string): ThinkParts {
  const reasoning: Span[] = [];
  const answer: Span[] = [];
  const push = (list: Span[], s: number, e: number) => {
    if (e > s && /\S/.test(text.slice(s, e))) list.push([s, e]);
  };
  let pos = 0;
  let inside = false;
  let sawOpen = false;
  let first = true;
  if (/think/i.test(text)) {
    for (const m of text.matchAll(TAG)) {
      const closing = m[1] === '/';
      const s = m.index;
      const e = s + m[0].length;
      if (closing) {
        if (inside) {
          push(reasoning, pos, s);
          inside = false;
        } else if (first && !sawOpen) {
          // Only `</think>`: the chat template put the opening tag in the
          // prompt, so everything before it is reasoning (as vLLM's
          // reasoning parsers read it).
          push(reasoning, pos, s);
        } else {
          push(answer, pos, s); // stray closing tag: dropped, text kept
        }
      } else if (inside) {
        push(reasoning, pos, s); // nested opening tag: still reasoning
      } else {
        push(answer, pos, s);
        inside = true;
        sawOpen = true;
      }
      pos = e;
      first = false;
    }
  }
  if (inside) push(reasoning, pos, text.length);
  else push(answer, pos, text.length);
  const join = (spans: Span[]) =>
    spans
      .map(([s, e]) => text.slice(s, e).trim())
      .filter((t) => t.length > 0)
      .join('\n\n');
  return {
    reasoning,
    answer,
    reasoningText: join(reasoning),
    answerText: join(answer),
    open: inside,
  };
}

// Streaming split of `<think>…</think>` reasoning from the answer, fed delta
// by delta as tokens arrive. It reads the same tag grammar and follows the
// same rules as the non-streaming splitThinking() (src/core/claims/think.ts),
// so that the text shown while streaming and the text checked afterwards
// agree:
// - tags: <think>, </think>, <thinking>, </thinking>; any case, inner spaces;
// - a closing tag with no opening tag before it (the chat template put
//   `<think>` in the prompt, or a reasoning parser stripped it) makes all text
//   before it reasoning — while streaming, that text first shows as answer and
//   moves to reasoning when the tag arrives (`reset` in the update);
// - a stray closing tag later is dropped (text kept as answer); an opening tag
//   inside a block is dropped (still reasoning); an unclosed block at the end
//   is reasoning;
// - final texts: each segment trimmed, empty ones dropped, joined by "\n\n".
// Text a server already separated (`reasoning_content`) goes in through
// pushReasoning() and is reasoning whatever it contains.

export interface ThinkUpdate {
  /** Raw reasoning text appended by this call (tags removed). */
  reasoning: string;
  /** Raw answer text appended by this call (tags removed). */
  answer: string;
  /**
   * True when earlier answer text was re-read as reasoning (close-only tag):
   * re-render from `reasoningText` / `answerText` instead of appending.
   */
  reset: boolean;
}

export interface ThinkResult {
  reasoningText: string;
  answerText: string;
  /** A `<think>` block was still open at the end (truncated generation). */
  open: boolean;
  /**
   * The reply in tagged form (`<think>\n…\n</think>\n\n` + answer) for storing:
   * splitThinking() of it gives back the same two texts.
   */
  tagged: string;
}

export interface ThinkStreamOptions {
  /**
   * Start inside a think block, as when the chat template ends the prompt
   * with `<think>` (Qwen3.5-style templates, DeepSeek-R1 served raw).
   */
  startInReasoning?: boolean;
}

type Part = 'reasoning' | 'answer';
interface Segment {
  part: Part;
  text: string;
  /** 'channel' segments came from pushReasoning() and are never reclassified. */
  source: 'content' | 'channel';
}

const TAG = /<\s*(\/?)\s*think(?:ing)?\s*>/i;
// A tail that may still grow into a tag ("<", "</th", "<think", "< /thinkin").
const TAG_PREFIX = /^<\s*\/?\s*(?:t|th|thi|thin|think|thinki|thinkin|thinking)?\s*$/i;
const MAX_PREFIX = 24;

export class ThinkStream {
  private pending = '';
  private inside: boolean;
  private sawOpen: boolean;
  private sawTag = false;
  private segments: Segment[] = [];
  private boundary = true; // next content text starts a new segment

  constructor(options: ThinkStreamOptions = {}) {
    this.inside = options.startInReasoning === true;
    this.sawOpen = this.inside;
  }

  /** Feed one content delta. */
  push(delta: string): ThinkUpdate {
    const update: ThinkUpdate = { reasoning: '', answer: '', reset: false };
    this.pending += delta;
    this.drain(false, update);
    return update;
  }

  /** Feed one delta of server-separated reasoning (`reasoning_content`). */
  pushReasoning(delta: string): ThinkUpdate {
    const last = this.segments[this.segments.length - 1];
    if (last && last.source === 'channel') last.text += delta;
    else this.segments.push({ part: 'reasoning', text: delta, source: 'channel' });
    this.boundary = true;
    return { reasoning: delta, answer: '', reset: false };
  }

  /** End of stream: flush a held-back partial tag as text. */
  end(): ThinkUpdate {
    const update: ThinkUpdate = { reasoning: '', answer: '', reset: false };
    this.drain(true, update);
    return update;
  }

  /** Currently inside a think block. */
  get inReasoning(): boolean {
    return this.inside;
  }

  /** Reasoning so far, normalised like splitThinking(). */
  get reasoningText(): string {
    return this.join('reasoning');
  }

  /** Answer so far, normalised like splitThinking(). */
  get answerText(): string {
    return this.join('answer');
  }

  /** Final texts; call after end(). */
  result(): ThinkResult {
    const reasoningText = this.reasoningText;
    const answerText = this.answerText;
    const tagged = reasoningText
      ? `<think>\n${reasoningText}\n</think>\n\n${answerText}`
      : answerText;
    return { reasoningText, answerText, open: this.inside, tagged };
  }

  private join(part: Part): string {
    const out: string[] = [];
    for (const s of this.segments) {
      if (s.part !== part) continue;
      const t = s.text.trim();
      if (t) out.push(t);
    }
    return out.join('\n\n');
  }

  private emit(text: string, update: ThinkUpdate): void {
    if (!text) return;
    const part: Part = this.inside ? 'reasoning' : 'answer';
    const last = this.segments[this.segments.length - 1];
    if (!this.boundary && last && last.source === 'content' && last.part === part) last.text += text;
    else this.segments.push({ part, text, source: 'content' });
    this.boundary = false;
    update[part] += text;
  }

  private tag(closing: boolean, update: ThinkUpdate): void {
    if (closing) {
      if (this.inside) {
        this.inside = false;
      } else if (!this.sawTag && !this.sawOpen) {
        // Close-only: everything streamed so far was reasoning.
        let moved = false;
        for (const s of this.segments) {
          if (s.source === 'content' && s.part === 'answer') {
            s.part = 'reasoning';
            moved = true;
          }
        }
        if (moved) update.reset = true;
      }
      // else: stray closing tag, dropped.
    } else if (!this.inside) {
      this.inside = true;
      this.sawOpen = true;
    }
    // An opening tag inside a block is dropped; the block goes on.
    this.sawTag = true;
    this.boundary = true;
  }

  private drain(final: boolean, update: ThinkUpdate): void {
    for (;;) {
      const m = TAG.exec(this.pending);
      if (m) {
        this.emit(this.pending.slice(0, m.index), update);
        this.tag(m[1] === '/', update);
        this.pending = this.pending.slice(m.index + m[0].length);
        continue;
      }
      if (!final) {
        const lt = this.pending.lastIndexOf('<');
        if (lt >= 0) {
          const tail = this.pending.slice(lt);
          if (tail.length <= MAX_PREFIX && TAG_PREFIX.test(tail)) {
            this.emit(this.pending.slice(0, lt), update);
            this.pending = tail;
            return;
          }
        }
      }
      this.emit(this.pending, update);
      this.pending = '';
      return;
    }
  }
}

/** Convenience: split a whole text with the streaming rules (one delta). */
export function splitThinkingStream(text: string, options?: ThinkStreamOptions): ThinkResult {
  const s = new ThinkStream(options);
  s.push(text);
  s.end();
  return s.result();
}

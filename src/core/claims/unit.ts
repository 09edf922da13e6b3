// What the English and Chinese splitters take and give.

/** One sentence to split: `text` is context (`prefixLen` chars) + the sentence. */
export interface Unit {
  text: string;
  /** Characters at the start of `text` that are context (a list lead-in), not part of the answer. */
  prefixLen: number;
  /** Answer offset of text[prefixLen]. */
  base: number;
}

/** A claim with its span in answer offsets. */
export interface RawClaim {
  text: string;
  start: number;
  end: number;
}

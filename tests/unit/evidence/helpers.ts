// Assertions shared by the evidence tests.
import { expect } from 'vitest';
import type { Chunk } from '../../../src/core/types.ts';
import { normalizeWhitespace } from '../../../src/core/evidence/chunk.ts';

/** The documented offset contract, plus sentence-span sanity. */
export function expectHonestChunks(original: string, chunks: Chunk[]): void {
  let lastOffset = -1;
  for (const c of chunks) {
    expect(normalizeWhitespace(original.slice(c.offset)).startsWith(c.text), `offset of ${c.id}`).toBe(true);
    expect(c.offset).toBeGreaterThan(lastOffset);
    lastOffset = c.offset;
    expect(c.text).toBe(c.text.trim());
    expect(c.text).not.toMatch(/\s{2}|[\n\t]/);
    let prevEnd = 0;
    for (const [s, e] of c.sentences) {
      expect(s).toBeGreaterThanOrEqual(prevEnd);
      expect(e).toBeGreaterThan(s);
      expect(e).toBeLessThanOrEqual(c.text.length);
      const sentence = c.text.slice(s, e);
      expect(sentence).toBe(sentence.trim());
      // Between sentences only white space or a list marker.
      expect(c.text.slice(prevEnd, s)).toMatch(/^\s*(?:[-•*▪◦‣]|\d{1,3}[.)])?\s*$/);
      prevEnd = e;
    }
    expect(prevEnd).toBe(c.text.length);
  }
}

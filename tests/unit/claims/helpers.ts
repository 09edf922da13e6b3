import { expect } from 'vitest';
import { splitClaims, type SplitOptions } from '../../../src/core/claims/index.ts';
import type { Claim } from '../../../src/core/types.ts';

/** [highlighted text, claim text] pairs, in answer order. */
export function pairs(answer: string, opts?: SplitOptions): [string, string][] {
  const claims = splitClaims(answer, opts);
  expectValidSpans(answer, claims);
  return claims.map((c) => [answer.slice(c.start, c.end), c.text]);
}

/** Spans in range, inside their sentence, in order and never overlapping. */
export function expectValidSpans(answer: string, claims: Claim[]): void {
  expect(spanProblems(answer, claims)).toEqual([]);
}

/** What is wrong with the claims' spans (empty when nothing is). */
export function spanProblems(answer: string, claims: Claim[]): string[] {
  const problems: string[] = [];
  let lastEnd = 0;
  for (const c of claims) {
    const span = answer.slice(c.start, c.end);
    const say = (what: string) => problems.push(`${JSON.stringify(c.text)} [${c.start}, ${c.end}) ${what}`);
    if (c.start < 0 || c.end > answer.length) say('is outside the answer');
    if (c.end <= c.start) say('is empty');
    if (c.start < lastEnd) say('overlaps the previous claim');
    if (c.sentenceStart > c.start || c.sentenceEnd < c.end) say('is not inside its sentence');
    if (!c.text.trim()) say('has no text');
    if (span !== span.trim()) say('starts or ends with white space');
    if (/<\/?think>/i.test(span)) say('contains a think tag');
    lastEnd = Math.max(lastEnd, c.end);
  }
  return problems;
}

// The span checker must itself catch bad spans, or the MedQuAD test could not fail.
import { describe, expect, it } from 'vitest';
import type { Claim } from '../../../src/core/types.ts';
import { spanProblems } from './helpers.ts';

const claim = (start: number, end: number, s = 0, e = 20): Claim => ({
  text: 'x',
  start,
  end,
  sentenceStart: s,
  sentenceEnd: e,
  part: 'answer',
});

describe('spanProblems', () => {
  const answer = 'Aspirin helps. <think>x</think>';
  it('accepts ordered, disjoint spans', () => {
    expect(spanProblems(answer, [claim(0, 7), claim(8, 14)])).toEqual([]);
  });
  it('reports overlap, empty spans, spans outside the sentence, white space and tags', () => {
    expect(spanProblems(answer, [claim(0, 7), claim(5, 9)])).toHaveLength(1);
    expect(spanProblems(answer, [claim(3, 3)])).toHaveLength(1);
    expect(spanProblems(answer, [claim(0, 7, 2, 7)])).toHaveLength(1);
    expect(spanProblems(answer, [claim(7, 14)])).toHaveLength(1);
    expect(spanProblems(answer, [claim(15, 22, 0, 40)])).toHaveLength(1);
  });
});

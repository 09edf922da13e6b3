// sentenceSpans is shared (chunker, claim splitter, evidence sentences); these
// cases pin the abbreviation handling the claim splitter relies on.
import { describe, expect, it } from 'vitest';
import { sentences } from '../../../src/core/text/sentences.ts';

describe('sentences', () => {
  it('keeps titles and e.g./i.e. inside the sentence', () => {
    expect(sentences('See Dr. Smith today. Take a pain reliever, e.g. Aspirin, if needed.')).toEqual([
      'See Dr. Smith today.',
      'Take a pain reliever, e.g. Aspirin, if needed.',
    ]);
  });

  it('ends a sentence after a unit, "etc." or "U.S." when a new sentence starts', () => {
    expect(sentences('The dose is 500 mg. Take it with food.')).toEqual(['The dose is 500 mg.', 'Take it with food.']);
    expect(sentences('Avoid salt, sugar, etc. Exercise daily.')).toEqual(['Avoid salt, sugar, etc.', 'Exercise daily.']);
    expect(sentences('It is common in the U.S. The rate is rising.')).toEqual(['It is common in the U.S.', 'The rate is rising.']);
  });

  it('does not break inside "500 mg. twice daily" or "Fig. 5"', () => {
    expect(sentences('Take 500 mg. twice daily. See Fig. 5 for details.')).toEqual([
      'Take 500 mg. twice daily.',
      'See Fig. 5 for details.',
    ]);
  });

  it('splits Chinese on 。！？ and newlines', () => {
    expect(sentences('高血压是常见病。它会增加风险！你知道吗？症状包括头痛\n下一行')).toEqual([
      '高血压是常见病。',
      '它会增加风险！',
      '你知道吗？',
      '症状包括头痛',
      '下一行',
    ]);
  });
});

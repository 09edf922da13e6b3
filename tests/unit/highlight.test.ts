import { describe, expect, it } from 'vitest';
import { answerLayout, claimSpans, segmentText } from '../../src/lib/highlight.ts';

const text = 'Aspirin thins blood. It cures cancer. Water is wet.';
const a = { start: 0, end: 20 };
const b = { start: 21, end: 37 };
const c = { start: 38, end: 51 };

function show(segs: ReturnType<typeof segmentText>): string[] {
  return segs.map((s) => `${s.claim ?? '-'}:${text.slice(s.start, s.end)}`);
}

describe('segmentText', () => {
  it('covers every character once, with text between claims', () => {
    const segs = segmentText(text, [c, a]);
    expect(show(segs)).toEqual(['1:Aspirin thins blood.', '-: It cures cancer. ', '0:Water is wet.']);
    expect(segs.map((s) => text.slice(s.start, s.end)).join('')).toBe(text);
  });

  it('clips overlapping claims', () => {
    const segs = segmentText(text, [a, { start: 10, end: 37 }]);
    expect(show(segs)).toEqual(['0:Aspirin thins blood.', '1: It cures cancer.', '-: Water is wet.']);
  });

  it('limits segments to a range', () => {
    expect(show(segmentText(text, [a, b, c], 21, 37))).toEqual(['1:It cures cancer.']);
    expect(show(segmentText(text, [a], 5, 30))).toEqual(['0:in thins blood.', '-: It cures ']);
  });

  it('returns the text alone when there are no claims', () => {
    expect(show(segmentText(text, []))).toEqual([`-:${text}`]);
    expect(segmentText('', [])).toEqual([]);
  });
});

describe('claimSpans', () => {
  const answer = 'Drink water. Aspirin thins blood. Drink water. Rest. Drink water.';
  const claims = [
    { start: 0, end: 12, repeats: [[34, 46], [53, 65]] as [number, number][] },
    { start: 13, end: 33 },
    { start: 47, end: 52, repeats: [] },
  ];

  it("lists each claim's own span and its repeats, all pointing at the claim", () => {
    expect(claimSpans(claims)).toEqual([
      { start: 0, end: 12, claim: 0, repeat: false },
      { start: 34, end: 46, claim: 0, repeat: true },
      { start: 53, end: 65, claim: 0, repeat: true },
      { start: 13, end: 33, claim: 1, repeat: false },
      { start: 47, end: 52, claim: 2, repeat: false },
    ]);
  });

  it('highlights every repeat in the answer through segmentText', () => {
    const spans = claimSpans(claims);
    const segs = segmentText(answer, spans).filter((s) => s.claim !== null);
    expect(segs.map((s) => [spans[s.claim!].claim, answer.slice(s.start, s.end)])).toEqual([
      [0, 'Drink water.'],
      [1, 'Aspirin thins blood.'],
      [0, 'Drink water.'],
      [2, 'Rest.'],
      [0, 'Drink water.'],
    ]);
  });

  it('drops empty or malformed repeat spans', () => {
    expect(claimSpans([{ start: 0, end: 5, repeats: [[9, 9], [7, 3], [Number.NaN, 4]] }])).toEqual([
      { start: 0, end: 5, claim: 0, repeat: false },
    ]);
  });
});

describe('answerLayout', () => {
  it('is one answer block without reasoning', () => {
    expect(answerLayout('Aspirin thins blood.')).toEqual([{ kind: 'answer', start: 0, end: 20 }]);
  });

  it('puts the reasoning in its own block and the tags in gaps', () => {
    const text = '<think>\nThe user asks about aspirin.\n</think>\n\nAspirin thins blood.';
    const blocks = answerLayout(text);
    expect(blocks.map((b) => [b.kind, text.slice(b.start, b.end)])).toEqual([
      ['gap', '<think>\n'],
      ['reasoning', 'The user asks about aspirin.'],
      ['gap', '\n</think>\n\n'],
      ['answer', 'Aspirin thins blood.'],
    ]);
  });
});

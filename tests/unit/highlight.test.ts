import { describe, expect, it } from 'vitest';
import { answerLayout, segmentText } from '../../src/lib/highlight.ts';

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

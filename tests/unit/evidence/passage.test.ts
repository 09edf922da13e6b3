import { describe, expect, it } from 'vitest';
import { passageExcerpt } from '../../../src/components/report/passage.ts';

describe('passageExcerpt', () => {
  it('shows a short passage whole', () => {
    expect(passageExcerpt('Glaucoma damages the optic nerve.', 0, 33)).toBeNull();
  });

  it('cuts a long passage around its evidence sentence at word boundaries', () => {
    const before = 'Word '.repeat(100);
    const sentence = 'Glaucoma damages the optic nerve.';
    const after = ' More'.repeat(100);
    const passage = before + sentence + after;
    const s = before.length;
    const x = passageExcerpt(passage, s, s + sentence.length)!;
    expect(x.before && x.after).toBe(true);
    expect(x.start).toBeLessThanOrEqual(s);
    expect(x.end).toBeGreaterThanOrEqual(s + sentence.length);
    expect(passage[x.start - 1]).toBe(' ');
    expect(passage.slice(x.start, x.end)).toContain(sentence);
    expect(x.end - x.start).toBeLessThan(passage.length / 2);
  });
});

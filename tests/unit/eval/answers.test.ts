import { describe, expect, it } from 'vitest';
import { answerText, composeAnswers, seededRandom, type LabelledClaim } from '../../../src/core/eval/answers.ts';

const claims: LabelledClaim[] = [
  ...['a', 'b', 'c', 'd'].map((x) => ({ id: `t1-s${x}`, claim: `Topic one fact ${x}.`, label: 'supported' as const, group: 't1' })),
  { id: 't1-c1', claim: 'Topic one error', label: 'contradicted', group: 't1' },
  { id: 't1-c2', claim: 'Topic one other error.', label: 'contradicted', group: 't1' },
  { id: 't1-u1', claim: 'Topic one unknown.', label: 'unverifiable', group: 't1' },
  { id: 't2-s1', claim: 'Topic two fact.', label: 'supported', group: 't2' },
  { id: 't2-c1', claim: 'Topic two error.', label: 'contradicted', group: 't2' },
  { id: 't3-s1', claim: 'Topic three fact.', label: 'supported', group: 't3' },
];

describe('composeAnswers', () => {
  const answers = composeAnswers(claims, { n: 20, minClaims: 3, maxClaims: 5, rnd: seededRandom(7) });

  it('makes matched pairs from one group: k supported claims, and the same with one swapped for a contradicted claim', () => {
    expect(answers.length).toBeGreaterThan(2);
    expect(answers.length % 2).toBe(0);
    for (let i = 0; i < answers.length; i += 2) {
      const [f, h] = [answers[i], answers[i + 1]];
      expect(f.hallucinated).toBe(false);
      expect(h.hallucinated).toBe(true);
      expect(f.group).toBe(h.group);
      expect(h.claims).toHaveLength(f.claims.length);
      expect(f.claims.every((c) => c.label === 'supported' && c.group === f.group)).toBe(true);
      expect(h.claims.filter((c) => c.label === 'contradicted')).toHaveLength(1);
      expect(h.claims.filter((c, j) => c.id !== f.claims[j].id)).toHaveLength(1);
    }
  });

  it('caps the answer length by the group: 3–4 claims in t1, 1 in t2; never groups without a contradicted claim or unverifiable claims', () => {
    for (const a of answers) {
      if (a.group === 't1') expect(a.claims.length).toBeGreaterThanOrEqual(3);
      if (a.group === 't1') expect(a.claims.length).toBeLessThanOrEqual(4);
      if (a.group === 't2') expect(a.claims).toHaveLength(1);
      expect(a.group).not.toBe('t3');
      expect(a.claims.some((c) => c.label === 'unverifiable')).toBe(false);
    }
  });

  it('never repeats a pair, stops when the groups run out, and is reproducible with the same seed', () => {
    const keys = answers.map((a) => a.claims.map((c) => c.id).sort().join('+'));
    expect(new Set(keys).size).toBe(keys.length);
    // t2 gives exactly one pair
    expect(answers.filter((a) => a.group === 't2')).toHaveLength(2);
    expect(composeAnswers(claims, { n: 20, minClaims: 3, maxClaims: 5, rnd: seededRandom(7) })).toEqual(answers);
    expect(composeAnswers(claims, { n: 4, rnd: seededRandom(7) })).toHaveLength(4);
  });

  it('writes each claim as a sentence', () => {
    expect(answerText([claims[4], claims[0]])).toBe('Topic one error. Topic one fact a.');
  });
});

describe('seededRandom', () => {
  it('gives the same numbers in [0, 1) for the same seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(43)()).not.toBe(xs[0]);
  });
});

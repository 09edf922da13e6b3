import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../src/core/eval/metrics.ts';
import type { Verdict } from '../../../src/core/types.ts';

describe('computeMetrics', () => {
  it('computes accuracy, per-label scores and macro-F1 by hand-checkable numbers', () => {
    const gold: Verdict[] = ['supported', 'supported', 'contradicted', 'unverifiable', 'unverifiable'];
    const pred: Verdict[] = ['supported', 'contradicted', 'contradicted', 'unverifiable', 'supported'];
    const m = computeMetrics(gold, pred);
    expect(m.n).toBe(5);
    expect(m.accuracy).toBeCloseTo(3 / 5);
    // supported: tp 1, predicted 2, gold 2 → P .5 R .5 F1 .5
    expect(m.per_label.supported.f1).toBeCloseTo(0.5);
    // contradicted: tp 1, predicted 2, gold 1 → P .5 R 1 F1 .667
    expect(m.per_label.contradicted.f1).toBeCloseTo(2 / 3);
    // unverifiable: tp 1, predicted 1, gold 2 → P 1 R .5 F1 .667
    expect(m.per_label.unverifiable.f1).toBeCloseTo(2 / 3);
    expect(m.macro_f1).toBeCloseTo((0.5 + 2 / 3 + 2 / 3) / 3);
    expect(m.confusion.supported.contradicted).toBe(1);
    expect(m.confusion.unverifiable.supported).toBe(1);
  });

  it('averages macro-F1 over the labels present in the gold data only', () => {
    const m = computeMetrics(['supported', 'contradicted'], ['supported', 'unverifiable']);
    expect(m.labels).toEqual(['supported', 'contradicted']);
    expect(m.macro_f1).toBeCloseTo(0.5);
  });
});

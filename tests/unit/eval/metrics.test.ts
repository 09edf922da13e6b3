import { describe, expect, it } from 'vitest';
import { auroc, calibration, computeMetrics, shownVerdicts } from '../../../src/core/eval/metrics.ts';
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

describe('shownVerdicts', () => {
  it('gives the precision of the shown verdicts, their mean and the coverage', () => {
    const gold: Verdict[] = ['supported', 'supported', 'contradicted', 'unverifiable'];
    const pred: Verdict[] = ['supported', 'contradicted', 'contradicted', 'unverifiable'];
    const s = shownVerdicts(gold, pred);
    // supported shown once, right → 1; contradicted shown twice, right once → .5
    expect(s.supported_precision).toBeCloseTo(1);
    expect(s.contradicted_precision).toBeCloseTo(0.5);
    expect(s.mean_precision).toBeCloseTo(0.75);
    expect(s.coverage).toBeCloseTo(3 / 4);
    expect([s.shown_supported, s.shown_contradicted]).toEqual([1, 2]);
  });

  it('says null, not 0, for a verdict that was never shown', () => {
    const s = shownVerdicts(['supported', 'contradicted'], ['supported', 'unverifiable']);
    expect(s.contradicted_precision).toBeNull();
    expect(s.mean_precision).toBeCloseTo(1);
    expect(s.coverage).toBeCloseTo(0.5);
    const none = shownVerdicts(['supported'], ['unverifiable']);
    expect(none.mean_precision).toBeNull();
    expect(none.coverage).toBe(0);
  });
});

describe('calibration', () => {
  it('computes ECE over 10 bins by hand-checkable numbers', () => {
    const gold: Verdict[] = ['supported', 'supported', 'contradicted', 'unverifiable'];
    const pred: Verdict[] = ['supported', 'contradicted', 'contradicted', 'unverifiable'];
    const c = calibration(gold, pred, [0.95, 0.85, 0.82, 0.35]);
    // bin 0.9–1: n 1, conf .95, acc 1 → .05 · 1/4
    // bin 0.8–0.9: n 2, conf .835, acc .5 → .335 · 2/4
    // bin 0.3–0.4: n 1, conf .35, acc 1 → .65 · 1/4
    expect(c.ece).toBeCloseTo(0.0125 + 0.1675 + 0.1625);
    expect(c.bins).toHaveLength(10);
    expect(c.bins[8]).toMatchObject({ n: 2, accuracy: 0.5 });
    expect(c.bins[8].confidence).toBeCloseTo(0.835);
    expect(c.bins[0]).toMatchObject({ n: 0, confidence: null, accuracy: null });
  });

  it('puts confidence 1 in the last bin and 0 in the first; a perfectly calibrated set has ECE 0', () => {
    const c = calibration(['supported', 'supported'], ['supported', 'contradicted'], [1, 0]);
    expect(c.bins[9].n).toBe(1);
    expect(c.bins[0].n).toBe(1);
    expect(c.ece).toBeCloseTo(0);
  });
});

describe('auroc', () => {
  it('is the share of positive–negative pairs ranked right, ties counting half', () => {
    // pos .9 beats both negatives; pos .3 beats .1 but not .8 → 3/4
    expect(auroc([0.9, 0.8, 0.3, 0.1], [true, false, true, false])).toBeCloseTo(0.75);
    expect(auroc([0.5, 0.5], [true, false])).toBeCloseTo(0.5);
    expect(auroc([0.2, 0.7, 0.7, 0.9], [false, true, false, true])).toBeCloseTo((1 + 1 + 1 + 0.5) / 4);
    expect(auroc([1, 0], [true, false])).toBe(1);
    expect(auroc([0, 1], [true, false])).toBe(0);
  });

  it('is null without a positive or a negative', () => {
    expect(auroc([0.1, 0.2], [true, true])).toBeNull();
    expect(auroc([], [])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  fitJudgeConfidence,
  fitTemperature,
  fitThresholds,
  parseCalibration,
  temper,
  withVersion,
  type CalibrationFile,
  type Scored,
} from '../../../src/core/verify/calibrate.ts';
import { createFeatureVerifier } from '../../../src/core/verify/feature-verifier.ts';
import type { Verdict } from '../../../src/core/types.ts';

describe('calibration helpers', () => {
  it('temper is softmax(log p / T): T < 1 sharpens, T > 1 flattens, T = 1 keeps', () => {
    const p = { supported: 0.6, contradicted: 0.3, unverifiable: 0.1 };
    expect(temper(p, 1)).toEqual(p);
    expect(temper(p, 0.5).supported).toBeGreaterThan(0.6);
    expect(temper(p, 3).supported).toBeLessThan(0.6);
    const s = temper(p, 2);
    expect(s.supported + s.contradicted + s.unverifiable).toBeCloseTo(1, 12);
  });

  it('fits a temperature that undoes over-confidence (NLL)', () => {
    // The true probability of the top class is 0.7, but the scores say 0.95.
    const items: { gold: Verdict; p: Record<Verdict, number> }[] = [];
    for (let i = 0; i < 100; i++) {
      items.push({ gold: i % 10 < 7 ? 'supported' : 'contradicted', p: { supported: 0.95, contradicted: 0.04, unverifiable: 0.01 } });
    }
    const t = fitTemperature(items, (e, t) => temper(e.p, t));
    expect(t).toBeGreaterThan(1.5);
    expect(temper(items[0].p, t).supported).toBeGreaterThan(0.6);
    expect(temper(items[0].p, t).supported).toBeLessThan(0.8);
  });

  it('fits thresholds that stop showing a verdict that is mostly wrong when weakly held', () => {
    const items: Scored[] = [];
    // Strong supported: right. Weak supported (0.5): wrong (gold unverifiable).
    for (let i = 0; i < 20; i++) items.push({ gold: 'supported', p: { supported: 0.9, contradicted: 0.05, unverifiable: 0.05 }, hasEvidence: true });
    for (let i = 0; i < 20; i++) items.push({ gold: 'unverifiable', p: { supported: 0.5, contradicted: 0.1, unverifiable: 0.4 }, hasEvidence: true });
    for (let i = 0; i < 10; i++) items.push({ gold: 'contradicted', p: { supported: 0.1, contradicted: 0.8, unverifiable: 0.1 }, hasEvidence: true });
    const { thresholds } = fitThresholds([{ items, floors: { f1: 0, precision: 0 } }]);
    expect(thresholds.supported).toBeGreaterThan(0.5);
    expect(thresholds.supported).toBeLessThanOrEqual(0.9);
    expect(thresholds.contradicted).toBeLessThanOrEqual(0.8);
  });

  it('judge confidence is the smoothed precision of each stated verdict', () => {
    const gold: Verdict[] = ['supported', 'supported', 'unverifiable', 'contradicted'];
    const stated: Verdict[] = ['supported', 'supported', 'supported', 'unverifiable'];
    expect(fitJudgeConfidence(gold, stated, { supported: 0.8, contradicted: 0.8, unverifiable: 0.6 })).toEqual({
      supported: 0.6, // (2 + 1) / (3 + 2)
      contradicted: 0.8, // never stated: the prior
      unverifiable: 0.333,
    });
  });

  it('reads a calibration file and says what is wrong with a bad one', () => {
    const m = { n: 3, accuracy: 0.5, macro_f1: 0.4, shown_precision: 0.5, coverage: 0.6, ece: 0.1 };
    const good: CalibrationFile = {
      format: 'claimlens-calibration',
      version: 1,
      verifier: 'llm',
      model: 'Qwen/Qwen3-8B',
      thresholds: { supported: 0.5, contradicted: 0.6 },
      confidence: { supported: 0.8, contradicted: 0.7, unverifiable: 0.5 },
      fittedOn: { n: 3, file: 'x.jsonl' },
      metricsBefore: m,
      metricsAfter: m,
    };
    expect(parseCalibration(JSON.parse(JSON.stringify(good)))).toEqual(good);
    expect(() => parseCalibration({ ...good, format: 'x' })).toThrow(/not a ClaimLens calibration: "format"/);
    expect(() => parseCalibration({ ...good, version: 2 })).toThrow(/version 2 is not supported/);
    expect(() => parseCalibration({ ...good, thresholds: { supported: 2, contradicted: 0.5 } })).toThrow(/thresholds/);
    expect(() => parseCalibration({ ...good, confidence: undefined })).toThrow(/needs "confidence"/);
    expect(() => parseCalibration({ ...good, verifier: 'features', confidence: undefined, temperature: -1 })).toThrow(/temperature/);
    expect(() => parseCalibration([])).toThrow(/not a JSON object/);
  });

  it('withVersion changes the cache key part and nothing else', async () => {
    const f = createFeatureVerifier();
    const v = withVersion(f, 'cal t1.2 0.5,0.5');
    expect(v.version).toBe(`${f.version}|cal t1.2 0.5,0.5`);
    const input = [{ claim: 'Glaucoma damages the optic nerve.', evidence: [{ sentence: 'Glaucoma damages the optic nerve.', passage: 'Glaucoma damages the optic nerve.', score: 1, rank: 0 }] }];
    expect(await v.verify(input)).toEqual(await f.verify(input));
  });
});

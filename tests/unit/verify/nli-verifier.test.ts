import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NLIVerifier, nliVerdict } from '../../../src/core/verify/nli-verifier.ts';
import { CombinedVerifier, combineVerdicts } from '../../../src/core/verify/combine.ts';
import { createFeatureVerifier } from '../../../src/core/verify/feature-verifier.ts';
import type { EvidenceCandidate, VerifierOutput } from '../../../src/core/verify/types.ts';
import type { NLIModel, NLIPair, NLIScores } from '../../../src/core/models/types.ts';
import { loadNodeNLIModel } from '../../../src/cli/model-runtime.ts';
import { FIXTURE_IDS } from '../../../scripts/build-fixtures.ts';
import type { TransformersNLIModel } from '../../../src/app/models/transformers-runner.ts';

/** Test double: scores by premise text, records every pair it is asked about. */
class TableNLI implements NLIModel {
  readonly id = 'table-nli';
  calls: NLIPair[][] = [];
  constructor(private readonly table: Record<string, NLIScores>) {}
  async classify(pairs: NLIPair[]): Promise<NLIScores[]> {
    this.calls.push(pairs);
    return pairs.map((p) => this.table[p.premise] ?? { entailment: 0.05, contradiction: 0.05, neutral: 0.9 });
  }
}

const cand = (sentence: string, passage: string, rank: number): EvidenceCandidate => ({ sentence, passage, score: 10 - rank, rank });

describe('NLIVerifier with a test double', () => {
  it('sends sentence and passage premises of the top-k candidates by rank, the claim as hypothesis', async () => {
    const model = new TableNLI({});
    const v = new NLIVerifier(model, { topK: 2 });
    await v.verify([
      {
        claim: '  Aspirin prevents strokes. ',
        evidence: [cand('S2.', 'P2 S2.', 2), cand('S0.', 'P0 S0.', 0), cand('S1.', 'S1.', 1)],
      },
    ]);
    expect(model.calls).toHaveLength(1);
    expect(model.calls[0]).toEqual([
      { premise: 'S0.', hypothesis: 'Aspirin prevents strokes.' },
      { premise: 'P0 S0.', hypothesis: 'Aspirin prevents strokes.' },
      // passage equal to the sentence is not sent twice
      { premise: 'S1.', hypothesis: 'Aspirin prevents strokes.' },
    ]);
  });

  it('labels by the strongest entailment or contradiction and points at that evidence', async () => {
    const model = new TableNLI({
      'supports it': { entailment: 0.9, contradiction: 0.02, neutral: 0.08 },
      'refutes it': { entailment: 0.03, contradiction: 0.85, neutral: 0.12 },
      'weakly related': { entailment: 0.3, contradiction: 0.2, neutral: 0.5 },
    });
    const v = new NLIVerifier(model, { usePassage: false });
    const [supported, contradicted, unverifiable, none] = await v.verify([
      { claim: 'c1', evidence: [cand('nothing', 'x', 0), cand('supports it', 'y', 1)] },
      { claim: 'c2', evidence: [cand('refutes it', 'x', 0), cand('nothing', 'y', 1)] },
      { claim: 'c3', evidence: [cand('weakly related', 'x', 0)] },
      { claim: 'c4', evidence: [] },
    ]);
    expect(supported).toMatchObject({ verdict: 'supported', evidenceIndex: 1 });
    expect(supported.confidence).toBeCloseTo(0.9);
    expect(contradicted).toMatchObject({ verdict: 'contradicted', evidenceIndex: 0 });
    expect(unverifiable).toMatchObject({ verdict: 'unverifiable', evidenceIndex: -1 });
    expect(unverifiable.confidence).toBeCloseTo(0.7);
    expect(none).toEqual({ verdict: 'unverifiable', confidence: 1, probabilities: { supported: 0, contradicted: 0, unverifiable: 1 }, evidenceIndex: -1, reason: 'No evidence passage matched the claim.' });
    expect(supported.reason).toMatch(/^The NLI model reads the evidence as entailing the claim/);
    expect(contradicted.reason).toMatch(/^The NLI model reads the evidence as contradicting/);
    expect(unverifiable.reason).toMatch(/^The NLI model finds neither/);
    for (const out of [supported, contradicted, unverifiable]) {
      const p = out.probabilities;
      expect(p.supported + p.contradicted + p.unverifiable).toBeCloseTo(1, 6);
    }
    // One model call for all claims; no call at all without pairs.
    expect(model.calls).toHaveLength(1);
    await v.verify([{ claim: 'c', evidence: [] }]);
    expect(model.calls).toHaveLength(1);
  });

  it('applies configurable thresholds and puts them in its version', async () => {
    const model = new TableNLI({ 'fairly sure': { entailment: 0.6, contradiction: 0.1, neutral: 0.3 } });
    const lenient = new NLIVerifier(model);
    const strict = new NLIVerifier(model, { thresholds: { support: 0.8 } });
    const input = [{ claim: 'c', evidence: [cand('fairly sure', 'fairly sure', 0)] }];
    expect((await lenient.verify(input))[0].verdict).toBe('supported');
    expect((await strict.verify(input))[0].verdict).toBe('unverifiable');
    expect(strict.version).not.toBe(lenient.version);
    expect(strict.version).toContain('table-nli');
  });

  it('shares the mass when entailment and contradiction both run high on different premises', () => {
    const out = nliVerdict(
      [
        { index: 0, scores: { entailment: 0.8, contradiction: 0.1, neutral: 0.1 } },
        { index: 1, scores: { entailment: 0.1, contradiction: 0.7, neutral: 0.2 } },
      ],
      { support: 0.5, contradict: 0.5 },
    );
    expect(out.verdict).toBe('supported');
    expect(out.evidenceIndex).toBe(0);
    expect(out.probabilities.unverifiable).toBe(0);
    expect(out.probabilities.supported).toBeCloseTo(0.8 / 1.5);
  });
});

describe('combineVerdicts', () => {
  const out = (verdict: VerifierOutput['verdict'], s: number, c: number, u: number, evidenceIndex: number): VerifierOutput => ({
    verdict,
    confidence: Math.max(s, c, u),
    probabilities: { supported: s, contradicted: c, unverifiable: u },
    evidenceIndex,
  });

  it('averages probabilities by weight and keeps the evidence of the agreeing verifier', () => {
    const nli = out('contradicted', 0.1, 0.8, 0.1, 2);
    const features = out('unverifiable', 0.2, 0.3, 0.5, 0);
    const c = combineVerdicts([
      { output: nli, weight: 2 },
      { output: features, weight: 1 },
    ]);
    expect(c.verdict).toBe('contradicted');
    expect(c.probabilities.contradicted).toBeCloseTo((2 * 0.8 + 0.3) / 3);
    expect(c.confidence).toBeCloseTo(c.probabilities.contradicted);
    expect(c.evidenceIndex).toBe(2);
    const equal = combineVerdicts([
      { output: nli, weight: 1 },
      { output: features, weight: 1 },
    ]);
    expect(equal.probabilities.contradicted).toBeCloseTo(0.55);
  });

  it('ignores zero weights and rejects having none', () => {
    const a = out('supported', 0.9, 0.05, 0.05, 1);
    const b = out('contradicted', 0.05, 0.9, 0.05, 0);
    expect(combineVerdicts([{ output: a, weight: 1 }, { output: b, weight: 0 }])).toMatchObject({ verdict: 'supported', evidenceIndex: 1 });
    expect(() => combineVerdicts([{ output: a, weight: 0 }])).toThrow(/positive weight/);
  });

  it('gives no evidence for an unverifiable result', () => {
    const c = combineVerdicts([
      { output: out('supported', 0.45, 0.1, 0.45, 0), weight: 1 },
      { output: out('unverifiable', 0.1, 0.1, 0.8, 1), weight: 1 },
    ]);
    expect(c).toMatchObject({ verdict: 'unverifiable', evidenceIndex: -1 });
  });
});

describe('NLIVerifier with the fixture NLI model (Node)', () => {
  let model: TransformersNLIModel;
  beforeAll(async () => {
    model = await loadNodeNLIModel(FIXTURE_IDS.nli);
  });
  afterAll(async () => {
    await model?.dispose();
  });

  const evidence = [
    cand('Insulin is produced by the pancreas.', 'Insulin is produced by the pancreas. It regulates blood sugar.', 0),
    cand('Statins lower LDL cholesterol in most adults.', 'Statins lower LDL cholesterol in most adults.', 1),
    cand('Metformin is a first-line drug for type 2 diabetes.', 'Metformin is a first-line drug for type 2 diabetes.', 2),
  ];
  const negated = cand('Statins do not lower LDL cholesterol in children.', 'Statins do not lower LDL cholesterol in children.', 0);

  it('finds supporting and contradicting evidence through the real model path', async () => {
    const v = new NLIVerifier(model);
    const [supported, contradicted, unverifiable] = await v.verify([
      { claim: 'Statins lower LDL cholesterol in most adults.', evidence },
      { claim: 'Statins lower LDL cholesterol in children.', evidence: [negated, { ...evidence[0], rank: 1 }] },
      { claim: 'Vitamin C cures the common cold.', evidence },
    ]);
    expect(supported).toMatchObject({ verdict: 'supported', evidenceIndex: 1 });
    expect(contradicted).toMatchObject({ verdict: 'contradicted', evidenceIndex: 0 });
    expect(unverifiable.verdict).toBe('unverifiable');
  });

  it('combines with the feature verifier into valid verdicts', async () => {
    const combined = new CombinedVerifier([
      { verifier: new NLIVerifier(model), weight: 1 },
      { verifier: createFeatureVerifier(), weight: 1 },
    ]);
    expect(combined.name).toBe('nli+features-lr');
    const [out] = await combined.verify([{ claim: 'Statins lower LDL cholesterol in most adults.', evidence }]);
    const p = out.probabilities;
    expect(p.supported + p.contradicted + p.unverifiable).toBeCloseTo(1, 6);
    expect(out.verdict).toBe('supported');
    expect(out.evidenceIndex).toBe(1);
  });
});

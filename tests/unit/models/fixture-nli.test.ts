// The fixture NLI model through the text-classification pipeline's tokenizer
// and model, with premise/hypothesis pairs tokenized as text pairs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_IDS } from '../../../scripts/build-fixtures.ts';
import { loadNodeNLIModel } from '../../../src/cli/model-runtime.ts';
import { nliLabelIndex, type TransformersNLIModel } from '../../../src/app/models/transformers-runner.ts';
import { ModelLoadError } from '../../../src/core/errors.ts';

let nli: TransformersNLIModel;
beforeAll(async () => {
  nli = await loadNodeNLIModel(FIXTURE_IDS.nli);
});
afterAll(async () => {
  await nli?.dispose();
});

const argmax = (s: { entailment: number; contradiction: number; neutral: number }) =>
  (Object.entries(s) as [string, number][]).sort((a, b) => b[1] - a[1])[0][0];

describe('fixture NLI model (Node, cpu)', () => {
  it('returns three probabilities summing to 1 per pair, in order', async () => {
    const pairs = [
      { premise: 'Aspirin reduces the risk of heart attack.', hypothesis: 'Aspirin reduces the risk of heart attack.' },
      { premise: 'Aspirin reduces the risk of heart attack.', hypothesis: 'Aspirin does not reduce the risk of heart attack.' },
      { premise: 'Aspirin reduces the risk of heart attack.', hypothesis: 'Insulin is made in the pancreas.' },
    ];
    const out = await nli.classify(pairs, { batchSize: 2 });
    expect(out).toHaveLength(3);
    for (const s of out) {
      expect(Object.keys(s).sort()).toEqual(['contradiction', 'entailment', 'neutral']);
      expect(s.entailment + s.contradiction + s.neutral).toBeCloseTo(1, 5);
    }
    // The fixture's logits come from token overlap and negation: enough to
    // check that labels are mapped by name, not by position.
    expect(argmax(out[0])).toBe('entailment');
    expect(argmax(out[1])).toBe('contradiction');
    expect(argmax(out[2])).toBe('neutral');
  });

  it('reads the segments of a pair: swapping premise and hypothesis changes coverage', async () => {
    const long = 'Metformin lowers blood glucose and is used for type 2 diabetes in adults.';
    const short = 'Metformin lowers blood glucose.';
    const [shortClaim, longClaim] = await nli.classify([
      { premise: long, hypothesis: short },
      { premise: short, hypothesis: long },
    ]);
    expect(shortClaim.entailment).toBeGreaterThan(longClaim.entailment);
  });

  it('gives the same scores alone and inside a padded batch', async () => {
    const pair = { premise: 'Zinc supports immune function.', hypothesis: 'Zinc supports immune function.' };
    const [alone] = await nli.classify([pair]);
    const [batched] = await nli.classify(
      [pair, { premise: 'A far longer premise about the many side effects of chemotherapy in older patients.', hypothesis: 'Chemotherapy has side effects.' }],
      { batchSize: 2 },
    );
    expect(batched.entailment).toBeCloseTo(alone.entailment, 5);
  });
});

describe('nliLabelIndex', () => {
  it('maps labels by name whatever their order and case', () => {
    expect(nliLabelIndex({ 0: 'contradiction', 1: 'entailment', 2: 'neutral' }, 'm')).toEqual({ contradiction: 0, entailment: 1, neutral: 2 });
    expect(nliLabelIndex({ 0: 'CONTRADICTION', 1: 'NEUTRAL', 2: 'ENTAILMENT' }, 'm')).toEqual({ contradiction: 0, neutral: 1, entailment: 2 });
  });

  it('rejects models that are not three-way NLI', () => {
    expect(() => nliLabelIndex({ 0: 'NEGATIVE', 1: 'POSITIVE' }, 'sst2')).toThrow(ModelLoadError);
    expect(() => nliLabelIndex({ 0: 'entailment', 1: 'not_entailment' }, 'binary')).toThrow(/entailment, contradiction, neutral/);
    expect(() => nliLabelIndex(undefined, 'none')).toThrow(ModelLoadError);
  });
});

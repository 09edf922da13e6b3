// The long-context NLI tier (onnx-community/deberta-small-long-nli, 1,680
// tokens) in the catalog, and its stand-in fixture of the same input/output
// shape (input_ids + attention_mask → logits over three labels, in the real
// model's label order) through the same transformers.js path as the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_IDS, NLI_LONG_LABELS } from '../../../scripts/build-fixtures.ts';
import { loadNodeNLIModel } from '../../../src/cli/model-runtime.ts';
import { CATALOG, catalogEntry, filesFor, modelFacts } from '../../../src/core/models/catalog.ts';
import { selectableModels } from '../../../src/core/models/settings.ts';
import { NLIVerifier } from '../../../src/core/verify/nli-verifier.ts';
import type { TransformersNLIModel } from '../../../src/app/models/transformers-runner.ts';

describe('catalog: the long-context NLI tier', () => {
  it('offers onnx-community/deberta-small-long-nli beside the fast model, with licence, size and context', () => {
    const e = catalogEntry('onnx-community/deberta-small-long-nli');
    expect(e).toMatchObject({ task: 'nli', source: 'hub', license: 'Apache-2.0', maxTokens: 1680, languages: ['en'] });
    expect(filesFor(e, ['q8']).map((f) => f.path)).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']);
    expect(filesFor(e, ['q8']).reduce((n, f) => n + (f.approxBytes ?? f.size ?? 0), 0)).toBe(161_000_000);
    const offered = selectableModels('nli', false).map((m) => m.id);
    expect(offered).toEqual(['Xenova/nli-deberta-v3-xsmall', 'onnx-community/deberta-small-long-nli']);
    expect(CATALOG.defaults.nli).toBe('Xenova/nli-deberta-v3-xsmall'); // the fast model stays the default
    expect(catalogEntry(FIXTURE_IDS.nliLong)).toMatchObject({ source: 'fixture', maxTokens: 1680 });
    // What Settings → Models shows beside the choice.
    expect(modelFacts(e)).toEqual({ license: 'Apache-2.0', bytes: 161_000_000, dtype: 'q8', maxTokens: 1680 });
    expect(modelFacts(catalogEntry('Xenova/nli-deberta-v3-xsmall'))).toEqual({ license: 'Apache-2.0', bytes: 87_200_000, dtype: 'q8', maxTokens: 512 });
  });
});

describe('long NLI fixture (Node, cpu)', () => {
  let long: TransformersNLIModel;
  let short: TransformersNLIModel;
  beforeAll(async () => {
    [long, short] = await Promise.all([loadNodeNLIModel(FIXTURE_IDS.nliLong), loadNodeNLIModel(FIXTURE_IDS.nli)]);
  });
  afterAll(async () => {
    await Promise.all([long?.dispose(), short?.dispose()]);
  });

  const argmax = (s: { entailment: number; contradiction: number; neutral: number }) =>
    (Object.entries(s) as [string, number][]).sort((a, b) => b[1] - a[1])[0][0];

  it('maps its labels by name (entailment, neutral, contradiction order), like the fast fixture', async () => {
    expect(NLI_LONG_LABELS).toEqual(['entailment', 'neutral', 'contradiction']);
    const premise = 'Aspirin reduces the risk of heart attack.';
    const out = await long.classify([
      { premise, hypothesis: premise },
      { premise, hypothesis: 'Aspirin does not reduce the risk of heart attack.' },
      { premise, hypothesis: 'Insulin is made in the pancreas.' },
    ]);
    expect(out.map(argmax)).toEqual(['entailment', 'contradiction', 'neutral']);
    const fast = await short.classify([{ premise, hypothesis: premise }]);
    expect(out[0].entailment).toBeCloseTo(fast[0].entailment, 5); // same graph, other label order
  });

  it('reads a whole passage: evidence after 512 tokens reaches the long model, not the fast one', async () => {
    const filler = Array.from({ length: 70 }, (_, i) => `Paragraph ${i} discusses hospital staffing, parking, visiting hours and cafeteria menus.`).join(' ');
    const passage = `${filler} Metformin lowers blood glucose in type 2 diabetes.`;
    const hypothesis = 'Metformin lowers blood glucose in type 2 diabetes.';
    const [l] = await long.classify([{ premise: passage, hypothesis }]);
    const [s] = await short.classify([{ premise: passage, hypothesis }]);
    expect(argmax(l)).toBe('entailment');
    expect(argmax(s)).not.toBe('entailment');
    // Through the NLI verifier, whole passages as premises.
    const verifier = new NLIVerifier(long, { topK: 1 });
    const [v] = await verifier.verify([{ claim: hypothesis, evidence: [{ sentence: 'Paragraph 0 discusses hospital staffing.', passage, score: 1, rank: 0 }] }]);
    expect(v.verdict).toBe('supported');
    expect(verifier.version).toContain('nli@fixtures/claimlens-fixture-nli-long');
  });
});

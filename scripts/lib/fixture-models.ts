// Graphs of the project's own test models. No trained weights exist on these
// machines, so the fixtures are built from seeded pseudo-random weights:
//
// - an encoder with BERT's shape (word + position + type embeddings,
//   LayerNorm, self-attention layers with a padding mask, GELU FFN) whose
//   embeddings still carry lexical identity through the residual stream, so
//   texts that share words end up closer than unrelated texts;
// - an NLI classifier over a premise/hypothesis pair whose logits come from
//   exact token overlap and a negation mismatch (cheap, but it behaves the
//   way the real checks expect: an identical pair leans entailment, a negated
//   one contradiction, an unrelated one neutral).
import { DataType, GraphBuilder, encodeModel } from './onnx-proto.ts';
import { seededRandom } from '../../src/core/eval/answers.ts';

/** mulberry32: small, fast, seedable (the same generator as the evaluation's answer composer). */
export const rng = seededRandom;

/** `n` normal(0, std) values (Box–Muller). */
export function normal(rand: () => number, n: number, std: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u)) * std;
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

export interface EncoderSpec {
  vocabSize: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  maxPositions: number;
  typeVocab: number;
  /**
   * 'full': a vocabSize×hidden table like BERT. 'hashed': token id mod
   * `buckets` into a buckets×rank table, projected to hidden (keeps the file
   * small; distinct buckets stay nearly orthogonal).
   */
  embedding: { kind: 'full' } | { kind: 'hashed'; buckets: number; rank: number };
  seed: number;
  /**
   * Dynamic int8 quantisation of every weight MatMul, the way ONNX Runtime's
   * quantize_dynamic writes the real `model_quantized.onnx` files:
   * DynamicQuantizeLinear on the activation, MatMulInteger with int8 weights,
   * then a rescale.
   */
  quantized?: boolean;
  /**
   * A sequence-classification head instead of last_hidden_state: the [CLS]
   * row through a pooler (dense + tanh) and a classifier, output `logits`
   * [batch, labels] (a cross-encoder, as the NLI models are).
   */
  classifierLabels?: number;
}

/** MiniLM-L6 shape with a hashed embedding table: about 5 MB. */
export const SMALL_ENCODER: EncoderSpec = {
  vocabSize: 30522,
  hidden: 384,
  layers: 1,
  heads: 12,
  intermediate: 384,
  maxPositions: 512,
  typeVocab: 2,
  embedding: { kind: 'hashed', buckets: 4099, rank: 64 },
  seed: 20261122,
};

/**
 * An NLI cross-encoder of the default NLI model's size (cross-encoder/nli-deberta-v3-xsmall:
 * 12 layers, 384 hidden, 6 heads, 1536 FFN) as a BERT encoder with random weights and a
 * three-label head, for NLI throughput figures only (DeBERTa's disentangled attention
 * costs somewhat more per layer, so real figures are somewhat lower).
 */
export const FULL_NLI_CROSS_ENCODER: EncoderSpec = {
  vocabSize: 30522,
  hidden: 384,
  layers: 12,
  heads: 6,
  intermediate: 1536,
  maxPositions: 512,
  typeVocab: 2,
  embedding: { kind: 'full' },
  seed: 20261207,
  classifierLabels: 3,
};

/** all-MiniLM-L6-v2's full architecture (random weights), for throughput figures. */
export const FULL_MINILM_ENCODER: EncoderSpec = {
  vocabSize: 30522,
  hidden: 384,
  layers: 6,
  heads: 12,
  intermediate: 1536,
  maxPositions: 512,
  typeVocab: 2,
  embedding: { kind: 'full' },
  seed: 20261123,
};

function quantizeSymmetric(w: Float32Array): { q: Int8Array; scale: number } {
  let max = 0;
  for (const x of w) max = Math.max(max, Math.abs(x));
  const scale = max > 0 ? max / 127 : 1;
  const q = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) q[i] = Math.round(w[i] / scale);
  return { q, scale };
}

/** y = x·W + b with W [k, n] (float or dynamically quantised). */
function linear(g: GraphBuilder, x: string, name: string, w: Float32Array, k: number, n: number, b: Float32Array | null, quantized: boolean): string {
  let y: string;
  if (quantized) {
    const { q, scale } = quantizeSymmetric(w);
    const wq = g.init(`${name}.weight_quantized`, q, [k, n]);
    const wzp = g.init(`${name}.weight_zero_point`, new Int8Array([0]), []);
    const ws = g.init(`${name}.weight_scale`, new Float32Array([scale]), []);
    const [xq, xs, xzp] = g.opN('DynamicQuantizeLinear', [x], undefined, {
      outputs: [`${name}.x_q`, `${name}.x_scale`, `${name}.x_zero_point`],
    });
    const acc = g.op('MatMulInteger', [xq, wq, xzp, wzp]);
    const accF = g.op('Cast', [acc], { to: { i: DataType.FLOAT } });
    const scaleAll = g.op('Mul', [xs, ws]);
    y = g.op('Mul', [accF, scaleAll]);
  } else {
    y = g.op('MatMul', [x, g.init(`${name}.weight`, w, [k, n])]);
  }
  return b ? g.op('Add', [y, g.init(`${name}.bias`, b, [n])]) : y;
}

function layerNorm(g: GraphBuilder, x: string, name: string, hidden: number, rand: () => number): string {
  const gamma = new Float32Array(hidden);
  const beta = normal(rand, hidden, 0.02);
  for (let i = 0; i < hidden; i++) gamma[i] = 1 + (rand() - 0.5) * 0.1;
  return g.op('LayerNormalization', [x, g.init(`${name}.gamma`, gamma, [hidden]), g.init(`${name}.beta`, beta, [hidden])], {
    axis: { i: -1 },
    epsilon: { f: 1e-12 },
  });
}

/** GELU as exported models spell it (ORT fuses it back into one kernel). */
function gelu(g: GraphBuilder, x: string): string {
  const scaled = g.op('Div', [x, g.constF32([Math.SQRT2], [])]);
  const erf = g.op('Erf', [scaled]);
  const onePlus = g.op('Add', [erf, g.constF32([1], [])]);
  const xMul = g.op('Mul', [x, onePlus]);
  return g.op('Mul', [xMul, g.constF32([0.5], [])]);
}

/** A BERT-style encoder: inputs input_ids/attention_mask/token_type_ids, output last_hidden_state. */
export function buildEncoder(spec: EncoderSpec): Uint8Array {
  const rand = rng(spec.seed);
  const { hidden: H, heads, intermediate: I } = spec;
  const headDim = H / heads;
  if (!Number.isInteger(headDim)) throw new Error('hidden must be divisible by heads');
  const q8 = spec.quantized ?? false;
  const g = new GraphBuilder('claimlens_encoder');
  const ids = g.input('input_ids', DataType.INT64, ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', DataType.INT64, ['batch_size', 'sequence_length']);
  const types = g.input('token_type_ids', DataType.INT64, ['batch_size', 'sequence_length']);

  // Word embeddings. Unit-variance rows keep token identity dominant after
  // LayerNorm; positions and types are small perturbations on top.
  let word: string;
  if (spec.embedding.kind === 'full' && q8) {
    // int8 table, gathered then dequantised (as quantize_dynamic writes Gather).
    const { q, scale } = quantizeSymmetric(normal(rand, spec.vocabSize * H, 1));
    const table = g.init('embeddings.word_quantized', q, [spec.vocabSize, H]);
    const rows = g.op('Gather', [table, ids], { axis: { i: 0 } });
    word = g.op('DequantizeLinear', [rows, g.init('embeddings.word_scale', new Float32Array([scale]), []), g.init('embeddings.word_zero_point', new Int8Array([0]), [])]);
  } else if (spec.embedding.kind === 'full') {
    const table = g.init('embeddings.word', normal(rand, spec.vocabSize * H, 1), [spec.vocabSize, H]);
    word = g.op('Gather', [table, ids], { axis: { i: 0 } });
  } else {
    const { buckets, rank } = spec.embedding;
    const bucket = g.op('Mod', [ids, g.constI64([buckets], [])]);
    const table = g.init('embeddings.word_hashed', normal(rand, buckets * rank, 1), [buckets, rank]);
    const low = g.op('Gather', [table, bucket], { axis: { i: 0 } });
    // Projection scaled by 1/sqrt(rank) so rows come out with unit variance.
    word = linear(g, low, 'embeddings.word_projection', normal(rand, rank * H, 1 / Math.sqrt(rank)), rank, H, null, q8);
  }
  const shape = g.op('Shape', [ids]);
  const seqLen = g.op('Gather', [shape, g.constI64([1], [])], { axis: { i: 0 } });
  const positions = g.op('Range', [g.constI64([0], []), seqLen, g.constI64([1], [])]);
  const posTable = g.init('embeddings.position', normal(rand, spec.maxPositions * H, 0.1), [spec.maxPositions, H]);
  const pos = g.op('Gather', [posTable, positions], { axis: { i: 0 } });
  const typeTable = g.init('embeddings.token_type', normal(rand, spec.typeVocab * H, 0.1), [spec.typeVocab, H]);
  const typ = g.op('Gather', [typeTable, types], { axis: { i: 0 } });
  let x = g.op('Add', [g.op('Add', [word, pos]), typ]);
  x = layerNorm(g, x, 'embeddings.norm', H, rand);

  // Additive attention bias: 0 for tokens, -10000 for padding; [B, 1, 1, S].
  const maskF = g.op('Cast', [mask], { to: { i: DataType.FLOAT } });
  const inverted = g.op('Sub', [g.constF32([1], []), maskF]);
  const biasFlat = g.op('Mul', [inverted, g.constF32([-10000], [])]);
  const bias = g.op('Unsqueeze', [biasFlat, g.constI64([1, 2])]);

  const splitHeads = g.constI64([0, 0, heads, headDim]);
  const mergeHeads = g.constI64([0, 0, H]);
  const wStd = 0.02 * Math.sqrt(768 / H); // BERT init, scaled so small widths still mix
  for (let l = 0; l < spec.layers; l++) {
    const p = `layer${l}`;
    const proj = (name: string) => linear(g, x, `${p}.attention.${name}`, normal(rand, H * H, wStd), H, H, normal(rand, H, 0.02), q8);
    const q = g.op('Transpose', [g.op('Reshape', [proj('query'), splitHeads])], { perm: { ints: [0, 2, 1, 3] } });
    const k = g.op('Transpose', [g.op('Reshape', [proj('key'), splitHeads])], { perm: { ints: [0, 2, 3, 1] } });
    const v = g.op('Transpose', [g.op('Reshape', [proj('value'), splitHeads])], { perm: { ints: [0, 2, 1, 3] } });
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, k]), g.constF32([1 / Math.sqrt(headDim)], [])]), bias]);
    const probs = g.op('Softmax', [scores], { axis: { i: -1 } });
    const ctx = g.op('Reshape', [g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: { ints: [0, 2, 1, 3] } }), mergeHeads]);
    const attn = linear(g, ctx, `${p}.attention.output`, normal(rand, H * H, wStd), H, H, normal(rand, H, 0.02), q8);
    x = layerNorm(g, g.op('Add', [x, attn]), `${p}.attention.norm`, H, rand);
    const inter = gelu(g, linear(g, x, `${p}.intermediate`, normal(rand, H * I, wStd), H, I, normal(rand, I, 0.02), q8));
    const ffn = linear(g, inter, `${p}.output`, normal(rand, I * H, wStd), I, H, normal(rand, H, 0.02), q8);
    x = layerNorm(g, g.op('Add', [x, ffn]), `${p}.output.norm`, H, rand);
  }
  if (spec.classifierLabels) {
    const L = spec.classifierLabels;
    const cls = g.op('Gather', [x, g.constI64([0], [])], { axis: { i: 1 } });
    const pooled = g.op('Tanh', [linear(g, cls, 'pooler', normal(rand, H * H, wStd), H, H, normal(rand, H, 0.02), q8)]);
    const logits = linear(g, pooled, 'classifier', normal(rand, H * L, wStd), H, L, normal(rand, L, 0.02), false);
    g.op('Identity', [logits], undefined, { outputs: ['logits'] });
    g.output('logits', DataType.FLOAT, ['batch_size', L]);
  } else {
    g.op('Identity', [x], undefined, { outputs: ['last_hidden_state'] });
    g.output('last_hidden_state', DataType.FLOAT, ['batch_size', 'sequence_length', H]);
  }
  return encodeModel(g, {
    docString: `ClaimLens test encoder (random weights, seed ${spec.seed}${q8 ? ', int8 weights' : ''}); not a trained model.`,
  });
}

export interface NliSpec {
  vocabSize: number;
  /** Token ids that carry no content ([CLS], [SEP], [PAD], punctuation, stop words). */
  contentWeight: Float32Array;
  /** 1 for negation tokens ("not", "no", "never"…). */
  negation: Float32Array;
  sepTokenId: number;
  /** Label order of the logits, e.g. ['contradiction', 'entailment', 'neutral']. */
  labels: readonly ('contradiction' | 'entailment' | 'neutral')[];
}

/**
 * A premise/hypothesis classifier: inputs input_ids and attention_mask (the
 * inputs of the real DeBERTa-v3 NLI export), output logits [batch, 3].
 * The two segments are told apart by counting [SEP] tokens, as the
 * tokenizer lays pairs out as [CLS] premise [SEP] hypothesis [SEP].
 * Features: coverage (share of the hypothesis' content tokens that occur in
 * the premise) and negation mismatch (one side negated, the other not).
 */
export function buildNli(spec: NliSpec): Uint8Array {
  const g = new GraphBuilder('claimlens_nli');
  const ids = g.input('input_ids', DataType.INT64, ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', DataType.INT64, ['batch_size', 'sequence_length']);
  const maskF = g.op('Cast', [mask], { to: { i: DataType.FLOAT } });

  const isSep = g.op('Cast', [g.op('Equal', [ids, g.constI64([spec.sepTokenId], [])])], { to: { i: DataType.FLOAT } });
  const sepsSoFar = g.op('CumSum', [isSep, g.constI64([1], [])]);
  const inPremise = g.op('Cast', [g.op('Less', [sepsSoFar, g.constF32([0.5], [])])], { to: { i: DataType.FLOAT } });
  const afterFirstSep = g.op('Cast', [
    g.op('Less', [g.op('Abs', [g.op('Sub', [sepsSoFar, g.constF32([1], [])])]), g.constF32([0.5], [])]),
  ], { to: { i: DataType.FLOAT } });
  const inHypothesis = g.op('Mul', [afterFirstSep, g.op('Sub', [g.constF32([1], []), isSep])]);

  const weightTable = g.init('content_weight', spec.contentWeight, [spec.vocabSize]);
  const negTable = g.init('negation', spec.negation, [spec.vocabSize]);
  const weight = g.op('Mul', [g.op('Gather', [weightTable, ids], { axis: { i: 0 } }), maskF]);
  const neg = g.op('Mul', [g.op('Gather', [negTable, ids], { axis: { i: 0 } }), maskF]);
  const premiseW = g.op('Mul', [weight, inPremise]);
  const hypothesisW = g.op('Mul', [weight, inHypothesis]);

  // present[b, i] = 1 when token i also occurs as a content token of the premise.
  const same = g.op('Cast', [
    g.op('Equal', [g.op('Unsqueeze', [ids, g.constI64([2])]), g.op('Unsqueeze', [ids, g.constI64([1])])]),
  ], { to: { i: DataType.FLOAT } });
  const inPremiseRow = g.op('Unsqueeze', [premiseW, g.constI64([1])]);
  const present = g.op('ReduceMax', [g.op('Mul', [same, inPremiseRow])], { axes: { ints: [2] }, keepdims: { i: 0 } });
  const axis1 = g.constI64([1]);
  const covered = g.op('ReduceSum', [g.op('Mul', [present, hypothesisW]), axis1], { keepdims: { i: 1 } });
  const total = g.op('Max', [g.op('ReduceSum', [hypothesisW, axis1], { keepdims: { i: 1 } }), g.constF32([1e-6], [])]);
  const coverage = g.op('Div', [covered, total]);
  const negPremise = g.op('ReduceMax', [g.op('Mul', [neg, inPremise])], { axes: { ints: [1] }, keepdims: { i: 1 } });
  const negHypothesis = g.op('ReduceMax', [g.op('Mul', [neg, inHypothesis])], { axes: { ints: [1] }, keepdims: { i: 1 } });
  const mismatch = g.op('Abs', [g.op('Sub', [negPremise, negHypothesis])]);
  const features = g.op('Concat', [coverage, mismatch], { axis: { i: 1 } });

  // Rows: coverage, negation mismatch. Hand-set so that full coverage →
  // entailment, full coverage + mismatch → contradiction, none → neutral.
  const perLabel = {
    contradiction: { coverage: 4, mismatch: 6, bias: -4 },
    entailment: { coverage: 8, mismatch: -6, bias: -5 },
    neutral: { coverage: -2, mismatch: 0, bias: 1.5 },
  };
  const W = new Float32Array(2 * spec.labels.length);
  const b = new Float32Array(spec.labels.length);
  spec.labels.forEach((label, j) => {
    W[j] = perLabel[label].coverage;
    W[spec.labels.length + j] = perLabel[label].mismatch;
    b[j] = perLabel[label].bias;
  });
  const logits = g.op('Add', [g.op('MatMul', [features, g.init('classifier.weight', W, [2, spec.labels.length])]), g.init('classifier.bias', b, [spec.labels.length])]);
  g.op('Identity', [logits], undefined, { outputs: ['logits'] });
  g.output('logits', DataType.FLOAT, ['batch_size', spec.labels.length]);
  return encodeModel(g, { docString: 'ClaimLens test NLI classifier (token overlap + negation); not a trained model.' });
}

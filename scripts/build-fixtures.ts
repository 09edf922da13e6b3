// Builds the project's own test models into public/models/fixtures/ (git-
// ignored, generated): no weights can be downloaded on the build machines, so
// tests load these through the same transformers.js path as the real models.
//
//   npm run fixtures                 # small encoder + NLI fixture (a few MB, ~1 s)
//   npm run fixtures -- --full       # also a full-size MiniLM-L6 encoder (~90 MB) and an NLI
//                                    # cross-encoder of nli-deberta-v3-xsmall's size (~130 MB) for throughput
//   options: --out DIR  --tokenizer DIR (default ../shared/models/all-MiniLM-L6-v2)  --quiet
//
// Written in TypeScript with a tiny protobuf encoder (scripts/lib/onnx-proto.ts)
// so CI needs no Python. Files are rewritten only when their bytes change.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NEGATION_WORDS, STOP_WORDS } from '../src/core/text/stopwords.ts';
import { FULL_MINILM_ENCODER, FULL_NLI_CROSS_ENCODER, SMALL_ENCODER, buildEncoder, buildNli, type EncoderSpec, type NliSpec } from './lib/fixture-models.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT = join(ROOT, 'public', 'models', 'fixtures');
export const DEFAULT_TOKENIZER_DIR = resolve(ROOT, '..', 'shared', 'models', 'all-MiniLM-L6-v2');

/** Model ids relative to the local model path (`/models/` in the app). */
export const FIXTURE_IDS = {
  encoder: 'fixtures/claimlens-fixture-minilm',
  nli: 'fixtures/claimlens-fixture-nli',
  nliLong: 'fixtures/claimlens-fixture-nli-long',
  encoderFull: 'fixtures/claimlens-fixture-minilm-full',
  nliFull: 'fixtures/claimlens-fixture-nli-full',
} as const;

const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt'];
/** Label order of cross-encoder/nli-deberta-v3-xsmall (and its Xenova ONNX export). */
export const NLI_LABELS = ['contradiction', 'entailment', 'neutral'] as const;
/** Label order of tasksource/deberta-small-long-nli (onnx-community/deberta-small-long-nli): another order, found by name. */
export const NLI_LONG_LABELS = ['entailment', 'neutral', 'contradiction'] as const;
/** Context of tasksource/deberta-small-long-nli in tokens. */
export const NLI_LONG_MAX_TOKENS = 1680;

export interface BuildFixturesOptions {
  outDir?: string;
  tokenizerDir?: string;
  full?: boolean;
  log?: (line: string) => void;
}

export interface BuildFixturesResult {
  written: string[];
  unchanged: string[];
}

function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

export async function buildFixtures(opts: BuildFixturesOptions = {}): Promise<BuildFixturesResult> {
  const outDir = opts.outDir ?? DEFAULT_OUT;
  const tokenizerDir = opts.tokenizerDir ?? DEFAULT_TOKENIZER_DIR;
  const log = opts.log ?? (() => {});
  const missing = ['config.json', ...TOKENIZER_FILES].filter((f) => !existsSync(join(tokenizerDir, f)));
  if (missing.length) {
    throw new Error(
      `The MiniLM tokenizer files are missing from ${tokenizerDir} (${missing.join(', ')}). ` +
        'They come from ../shared/models/all-MiniLM-L6-v2 beside the checkout; pass --tokenizer DIR to use another copy.',
    );
  }
  const result: BuildFixturesResult = { written: [], unchanged: [] };
  const put = (path: string, data: Uint8Array | string) => {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    if (existsSync(path) && sha256(readFileSync(path)) === sha256(bytes)) {
      result.unchanged.push(path);
      return;
    }
    mkdirSync(dirname(path), { recursive: true });
    // Write then rename, so a test reading the folder never sees half a file.
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
    result.written.push(path);
    log(`wrote ${path} (${(bytes.length / 1e6).toFixed(2)} MB)`);
  };
  const copyTokenizer = (dir: string) => {
    for (const f of TOKENIZER_FILES) put(join(dir, f), readFileSync(join(tokenizerDir, f)));
  };
  const baseConfig = JSON.parse(readFileSync(join(tokenizerDir, 'config.json'), 'utf8')) as Record<string, unknown>;
  const vocab = readFileSync(join(tokenizerDir, 'vocab.txt'), 'utf8').split('\n');
  if (vocab[vocab.length - 1] === '') vocab.pop();

  const encoderConfig = (spec: EncoderSpec, id: string, note: string) => ({
    ...baseConfig,
    _name_or_path: id,
    architectures: ['BertModel'],
    hidden_size: spec.hidden,
    num_attention_heads: spec.heads,
    num_hidden_layers: spec.layers,
    intermediate_size: spec.intermediate,
    max_position_embeddings: spec.maxPositions,
    vocab_size: spec.vocabSize,
    claimlens_fixture: note,
    // Only onnx/model.onnx is fp32; without this transformers.js would look for a q8 file on cpu/wasm.
    'transformers.js_config': { dtype: 'fp32' },
  });

  // An encoder model folder: tokenizer, config, fp32 model and a genuine int8
  // variant in the layout of the real q8 files.
  const writeEncoder = (name: string, spec: EncoderSpec, note: string) => {
    const dir = join(outDir, name);
    copyTokenizer(dir);
    put(join(dir, 'config.json'), JSON.stringify(encoderConfig(spec, name, note), null, 2));
    put(join(dir, 'onnx', 'model.onnx'), buildEncoder(spec));
    put(join(dir, 'onnx', 'model_quantized.onnx'), buildEncoder({ ...spec, quantized: true }));
  };

  writeEncoder('claimlens-fixture-minilm', SMALL_ENCODER, 'Random weights (seeded), one layer, hashed embeddings; for tests only.');

  // NLI classifier over the same WordPiece vocabulary.
  const contentWeight = new Float32Array(vocab.length);
  const negation = new Float32Array(vocab.length);
  vocab.forEach((tok, id) => {
    const word = tok.startsWith('##') ? tok.slice(2) : tok;
    if (NEGATION_WORDS.has(word)) negation[id] = 1;
    // ids below 999 are [PAD], [unused*], [UNK], [CLS], [SEP], [MASK]
    const content = id >= 999 && /[\p{L}\p{N}]/u.test(word) && !STOP_WORDS.has(word) && !NEGATION_WORDS.has(word);
    contentWeight[id] = content ? 1 : 0;
  });
  const sepTokenId = vocab.indexOf('[SEP]');
  if (sepTokenId < 0) throw new Error(`No [SEP] token in ${join(tokenizerDir, 'vocab.txt')}`);
  const writeNli = (name: string, labels: NliSpec['labels'], maxTokens: number, note: string) => {
    const nli = join(outDir, name);
    for (const f of TOKENIZER_FILES) if (maxTokens === 512 || f !== 'tokenizer_config.json') put(join(nli, f), readFileSync(join(tokenizerDir, f)));
    if (maxTokens !== 512) {
      // The tokenizer truncates at the model's context, as the real model's tokenizer_config says.
      const tc = JSON.parse(readFileSync(join(tokenizerDir, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
      put(join(nli, 'tokenizer_config.json'), JSON.stringify({ ...tc, model_max_length: maxTokens }, null, 2));
    }
    put(
      join(nli, 'config.json'),
      JSON.stringify(
        {
          _name_or_path: name,
          // Same model class as Xenova/nli-deberta-v3-xsmall; the graph takes the
          // same inputs (input_ids, attention_mask). Tokenizer: MiniLM's WordPiece.
          architectures: ['DebertaV2ForSequenceClassification'],
          model_type: 'deberta-v2',
          id2label: Object.fromEntries(labels.map((l, i) => [String(i), l])),
          label2id: Object.fromEntries(labels.map((l, i) => [l, i])),
          vocab_size: vocab.length,
          max_position_embeddings: maxTokens,
          pad_token_id: 0,
          claimlens_fixture: note,
          'transformers.js_config': { dtype: 'fp32' },
        },
        null,
        2,
      ),
    );
    put(join(nli, 'onnx', 'model.onnx'), buildNli({ vocabSize: vocab.length, contentWeight, negation, sepTokenId, labels }));
  };
  writeNli('claimlens-fixture-nli', NLI_LABELS, 512, 'Logits from token overlap and negation mismatch, not a trained model; for tests only.');
  // The long-context tier's stand-in: same inputs and output (logits over three labels), the
  // real model's label order and context length (tasksource/deberta-small-long-nli).
  writeNli(
    'claimlens-fixture-nli-long',
    NLI_LONG_LABELS,
    NLI_LONG_MAX_TOKENS,
    'Stand-in for onnx-community/deberta-small-long-nli: logits from token overlap and negation mismatch, labels in its order, 1,680-token context; for tests only.',
  );

  if (opts.full) {
    writeEncoder('claimlens-fixture-minilm-full', FULL_MINILM_ENCODER, 'all-MiniLM-L6-v2 architecture with random weights; for throughput only.');
    // A cross-encoder of the default NLI model's size (random weights, NLI_LABELS order).
    const nliDir = join(outDir, 'claimlens-fixture-nli-full');
    copyTokenizer(nliDir);
    const spec = FULL_NLI_CROSS_ENCODER;
    put(
      join(nliDir, 'config.json'),
      JSON.stringify(
        {
          ...encoderConfig(spec, 'claimlens-fixture-nli-full', 'nli-deberta-v3-xsmall size (12 layers, 384 hidden) as a BERT cross-encoder with random weights; for throughput only.'),
          architectures: ['BertForSequenceClassification'],
          id2label: Object.fromEntries(NLI_LABELS.map((l, i) => [String(i), l])),
          label2id: Object.fromEntries(NLI_LABELS.map((l, i) => [l, i])),
        },
        null,
        2,
      ),
    );
    put(join(nliDir, 'onnx', 'model.onnx'), buildEncoder(spec));
    put(join(nliDir, 'onnx', 'model_quantized.onnx'), buildEncoder({ ...spec, quantized: true }));
  }
  return result;
}

/** True when the small fixtures exist (the test setup builds them otherwise). */
export function fixturesPresent(outDir = DEFAULT_OUT): boolean {
  return ['claimlens-fixture-minilm/onnx/model.onnx', 'claimlens-fixture-nli/onnx/model.onnx', 'claimlens-fixture-nli-long/onnx/model.onnx'].every((f) => existsSync(join(outDir, f)));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const quiet = args.includes('--quiet');
  const t0 = performance.now();
  const res = await buildFixtures({
    outDir: value('--out') ? resolve(value('--out')!) : undefined,
    tokenizerDir: value('--tokenizer') ? resolve(value('--tokenizer')!) : undefined,
    full: args.includes('--full'),
    log: quiet ? undefined : (l) => console.log(l),
  });
  console.log(
    `fixtures: ${res.written.length} written, ${res.unchanged.length} unchanged in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

// Embedder and NLIModel on transformers.js. Loading walks the catalog's load
// plan (WebGPU → WASM in browsers, CPU in Node) and reports each fallback;
// a WebGPU failure while running also moves the model to the next placement
// and retries the batch once.
// Imports transformers.js: use only from workers and Node, never the UI thread.
import { pipeline, type FeatureExtractionPipeline, type ProgressInfo, type TextClassificationPipeline } from '@huggingface/transformers';
import { AbortedError, ModelDownloadError, ModelLoadError } from '../../core/errors.ts';
import { loadPlan, type CatalogEntry, type PlacementPreference } from '../../core/models/catalog.ts';
import { takeNetworkFailures } from './transformers-env.ts';
import type {
  ClassifyOptions,
  EmbedOptions,
  Embedder,
  ModelEvent,
  ModelPlacement,
  NLIModel,
  NLIPair,
  NLIScores,
  RuntimeCapabilities,
} from '../../core/models/types.ts';

export interface LoadModelOptions {
  entry: CatalogEntry;
  caps: RuntimeCapabilities;
  /** Force a device and/or dtype (fixtures: fp32). */
  prefer?: PlacementPreference;
  /** Exact placements to try instead of the catalog's load plan. */
  plan?: ModelPlacement[];
  /**
   * Move to the next placement when a WebGPU run fails (default true). The
   * model worker turns this off: in a browser, transformers.js 4.3.1 chains
   * every session creation and run on one promise, so after one ONNX Runtime
   * failure every later call in that worker fails too; the worker client
   * restarts the worker instead.
   */
  recover?: boolean;
  onEvent?: (e: ModelEvent) => void;
}

function planOf(opts: LoadModelOptions): ModelPlacement[] {
  return opts.plan?.length ? opts.plan : loadPlan(opts.entry, opts.caps, opts.prefer);
}

type Task = 'feature-extraction' | 'text-classification';
type FallbackEvent = Extract<ModelEvent, { type: 'fallback' }>;
interface Loaded<P> {
  pipe: P;
  placement: ModelPlacement;
  /** Placements not tried yet, for a fallback while running. */
  rest: ModelPlacement[];
  /** Fallbacks that happened while loading. */
  fallbacks: FallbackEvent[];
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // ONNX Runtime's WebAssembly side reports some failures (e.g. no WebGPU device) as a bare number.
  return /^\d+$/.test(text.trim()) ? `ONNX Runtime failed to create the session (error ${text.trim()})` : text;
}

/** "…/<id>/resolve/main/onnx/model.onnx" or "…/<id>/onnx/model.onnx" → "onnx/model.onnx". */
function modelFileOf(url: string, id: string): string {
  const path = decodeURIComponent(new URL(url, 'http://x/').pathname);
  const at = path.indexOf(`/${id}/`);
  const rest = at >= 0 ? path.slice(at + id.length + 2) : path.split('/').slice(-1)[0];
  return rest.replace(/^resolve\/[^/]+\//, '');
}

function placementText(p: ModelPlacement): string {
  return `${p.device}/${p.dtype}`;
}

function missingFilesHint(entry: CatalogEntry): string {
  return entry.source === 'fixture'
    ? 'Build the test models with `npm run fixtures`.'
    : `Its files must be in the app's model folder under ${entry.id}/ (run \`npm run models:mirror\` on a machine with internet).`;
}

async function disposeQuietly(p: unknown): Promise<void> {
  try {
    await (p as { dispose?: () => Promise<unknown> }).dispose?.();
  } catch {
    // A pipeline whose session failed to start may fail to dispose as well.
  }
}

async function loadOnPlan<P>(
  task: Task,
  opts: LoadModelOptions,
  plan: ModelPlacement[],
  warmUp: (pipe: P) => Promise<void>,
): Promise<Loaded<P>> {
  const { entry, onEvent } = opts;
  const failures: string[] = [];
  const fallbacks: FallbackEvent[] = [];
  for (let i = 0; i < plan.length; i++) {
    const placement = plan[i];
    const t0 = performance.now();
    let pipe: P | null = null;
    takeNetworkFailures();
    // Files the UI was told about, so it lists every file with its size from the start.
    const announced = new Set<string>();
    try {
      pipe = (await pipeline(task, entry.id, {
        device: placement.device,
        dtype: placement.dtype,
        progress_callback: (info: ProgressInfo) => {
          if (info.status === 'progress_total') {
            for (const [file, f] of Object.entries(info.files ?? {})) {
              if (announced.has(file)) continue;
              announced.add(file);
              onEvent?.({ type: 'download', model: entry.id, file, loaded: f.loaded, total: f.total });
            }
          } else if (info.status === 'progress') {
            announced.add(info.file);
            onEvent?.({ type: 'download', model: entry.id, file: info.file, loaded: info.loaded, total: info.total });
          } else if (info.status === 'done') {
            onEvent?.({ type: 'downloaded', model: entry.id, file: info.file });
          }
        },
      })) as P;
      // Some WebGPU failures only show on the first run, not at session creation.
      await warmUp(pipe);
      onEvent?.({ type: 'ready', model: entry.id, placement, ms: performance.now() - t0 });
      return { pipe, placement, rest: plan.slice(i + 1), fallbacks };
    } catch (err) {
      if (pipe) await disposeQuietly(pipe);
      const broken = takeNetworkFailures();
      if (broken.length) {
        // The connection failed: another device would fail the same way. Files
        // that arrived whole are kept in the cache; a retry fetches only the rest.
        const file = modelFileOf(broken[0].url, entry.id);
        throw new ModelDownloadError(
          `Downloading ${entry.id} failed at ${file} (${broken[0].reason}). Check the connection and try again; files already downloaded are kept.`,
          { cause: err, model: entry.id, file },
        );
      }
      failures.push(`${placementText(placement)}: ${errorText(err)}`);
      const next = plan[i + 1];
      if (next) {
        const event: FallbackEvent = { type: 'fallback', model: entry.id, from: placement, to: next, reason: errorText(err) };
        fallbacks.push(event);
        onEvent?.(event);
      }
    }
  }
  // Point at the model files only when a file was missing, not when a device failed.
  const missing = failures.some((f) => /not found|could not locate|404|no such file/i.test(f));
  throw new ModelLoadError(`Could not load the model ${entry.id} (${failures.join('; ')}).${missing ? ` ${missingFilesHint(entry)}` : ''}`, {
    model: entry.id,
  });
}

/** Runs `fn` on the current pipeline; on failure, moves to the next placement and retries once. */
abstract class RunnerBase<P> {
  protected loaded: Loaded<P>;
  private recovering: Promise<void> | null = null;
  /** Every fallback that happened, for the UI ("running on WASM: WebGPU failed"). */
  readonly fallbacks: FallbackEvent[];

  protected constructor(
    protected readonly opts: LoadModelOptions,
    loaded: Loaded<P>,
    private readonly task: Task,
  ) {
    this.loaded = loaded;
    this.fallbacks = [...loaded.fallbacks];
  }

  get id(): string {
    return this.opts.entry.id;
  }

  get placement(): ModelPlacement {
    return this.loaded.placement;
  }

  protected abstract warmUp(pipe: P): Promise<void>;

  protected async run<T>(fn: (pipe: P) => Promise<T>): Promise<T> {
    if (this.recovering) await this.recovering;
    const current = this.loaded;
    try {
      return await fn(current.pipe);
    } catch (err) {
      if (this.opts.recover === false || current.rest.length === 0 || current.placement.device !== 'webgpu') throw err;
      if (this.loaded === current) {
        this.recovering = (async () => {
          const event: ModelEvent = {
            type: 'fallback',
            model: this.id,
            from: current.placement,
            to: current.rest[0],
            reason: errorText(err),
          };
          this.fallbacks.push(event);
          this.opts.onEvent?.(event);
          await disposeQuietly(current.pipe);
          this.loaded = await loadOnPlan(this.task, this.opts, current.rest, (p: P) => this.warmUp(p));
          this.fallbacks.push(...this.loaded.fallbacks);
        })().finally(() => {
          this.recovering = null;
        });
      }
      if (this.recovering) await this.recovering;
      return fn(this.loaded.pipe);
    }
  }

  async dispose(): Promise<void> {
    await disposeQuietly(this.loaded.pipe);
  }
}

function checkAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new AbortedError('Cancelled.');
}

/** Indices of `texts` sorted by length, so each batch pads to a similar length. */
function byLength(texts: string[]): number[] {
  return texts.map((_, i) => i).sort((a, b) => texts[a].length - texts[b].length);
}

export class TransformersEmbedder extends RunnerBase<FeatureExtractionPipeline> implements Embedder {
  readonly dim: number;

  private constructor(opts: LoadModelOptions, loaded: Loaded<FeatureExtractionPipeline>) {
    super(opts, loaded, 'feature-extraction');
    this.dim = opts.entry.dim ?? 0;
  }

  static async load(opts: LoadModelOptions): Promise<TransformersEmbedder> {
    if (opts.entry.task !== 'feature-extraction') throw new ModelLoadError(`${opts.entry.id} is not an embedding model.`);
    const plan = planOf(opts);
    return new TransformersEmbedder(opts, await loadOnPlan<FeatureExtractionPipeline>('feature-extraction', opts, plan, (p) => warmUpEmbedder(p, opts.entry)));
  }

  protected warmUp(pipe: FeatureExtractionPipeline): Promise<void> {
    return warmUpEmbedder(pipe, this.opts.entry);
  }

  async embed(texts: string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    const batchSize = Math.max(1, options.batchSize ?? 16);
    const prefix = options.kind ? (this.opts.entry.prefixes?.[options.kind] ?? '') : '';
    const order = byLength(texts);
    const out: Float32Array[] = new Array(texts.length);
    for (let start = 0; start < order.length; start += batchSize) {
      checkAborted(options.signal);
      const idx = order.slice(start, start + batchSize);
      const batch = idx.map((i) => prefix + texts[i]);
      const tensor = await this.run((pipe) => pipe(batch, { pooling: this.opts.entry.pooling ?? 'mean', normalize: true }));
      const [rows, dim] = tensor.dims;
      if (rows !== batch.length || dim !== this.dim) {
        throw new ModelLoadError(`${this.id} returned a [${tensor.dims.join(', ')}] tensor for ${batch.length} texts.`);
      }
      const data = tensor.data as ArrayLike<number>;
      for (let r = 0; r < rows; r++) {
        const v = new Float32Array(dim);
        for (let j = 0; j < dim; j++) v[j] = Number(data[r * dim + j]);
        out[idx[r]] = v;
      }
      options.onProgress?.(Math.min(start + batchSize, texts.length), texts.length);
    }
    return out;
  }
}

async function warmUpEmbedder(pipe: FeatureExtractionPipeline, entry: CatalogEntry): Promise<void> {
  const out = await pipe(['warm up'], { pooling: entry.pooling ?? 'mean', normalize: true });
  const dim = out.dims[out.dims.length - 1];
  if (dim !== entry.dim) throw new ModelLoadError(`${entry.id} gives ${dim}-dimensional vectors; the catalog says ${entry.dim}.`);
}

type NLILabel = keyof NLIScores;

/** Maps the model's label ids to entailment/contradiction/neutral by name. */
export function nliLabelIndex(id2label: Record<string, string> | undefined, modelId: string): Record<NLILabel, number> {
  const found: Partial<Record<NLILabel, number>> = {};
  for (const [k, name] of Object.entries(id2label ?? {})) {
    const n = name.toLowerCase();
    const label: NLILabel | null = n.startsWith('entail') ? 'entailment' : n.startsWith('contradict') ? 'contradiction' : n.startsWith('neutral') ? 'neutral' : null;
    if (label) found[label] = Number(k);
  }
  if (found.entailment === undefined || found.contradiction === undefined || found.neutral === undefined) {
    throw new ModelLoadError(
      `${modelId} is not a three-way NLI model: its labels are ${JSON.stringify(id2label ?? {})} (need entailment, contradiction, neutral).`,
    );
  }
  return found as Record<NLILabel, number>;
}

function softmaxRow(data: ArrayLike<number>, offset: number, n: number): number[] {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, Number(data[offset + j]));
  const e: number[] = [];
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const x = Math.exp(Number(data[offset + j]) - max);
    e.push(x);
    sum += x;
  }
  return e.map((x) => x / sum);
}

/**
 * NLI through the text-classification pipeline's own tokenizer and model:
 * the pipeline call itself takes single texts only in 4.3.1, so pairs are
 * tokenized as (premise, text_pair: hypothesis), the way the model was trained.
 */
export class TransformersNLIModel extends RunnerBase<TextClassificationPipeline> implements NLIModel {
  private labels: Record<NLILabel, number>;

  private constructor(opts: LoadModelOptions, loaded: Loaded<TextClassificationPipeline>) {
    super(opts, loaded, 'text-classification');
    this.labels = nliLabelIndex(labelsOf(loaded.pipe), opts.entry.id);
  }

  static async load(opts: LoadModelOptions): Promise<TransformersNLIModel> {
    if (opts.entry.task !== 'nli') throw new ModelLoadError(`${opts.entry.id} is not an NLI model.`);
    const plan = planOf(opts);
    const loaded = await loadOnPlan<TextClassificationPipeline>('text-classification', opts, plan, (p) => warmUpNli(p, opts.entry));
    return new TransformersNLIModel(opts, loaded);
  }

  protected warmUp(pipe: TextClassificationPipeline): Promise<void> {
    return warmUpNli(pipe, this.opts.entry);
  }

  async classify(pairs: NLIPair[], options: ClassifyOptions = {}): Promise<NLIScores[]> {
    const batchSize = Math.max(1, options.batchSize ?? 8);
    const order = byLength(pairs.map((p) => p.premise + p.hypothesis));
    const out: NLIScores[] = new Array(pairs.length);
    for (let start = 0; start < order.length; start += batchSize) {
      checkAborted(options.signal);
      const idx = order.slice(start, start + batchSize);
      const probs = await this.run((pipe) => pairLogits(pipe, idx.map((i) => pairs[i]), this.opts.entry));
      idx.forEach((i, r) => {
        const p = probs[r];
        out[i] = { entailment: p[this.labels.entailment], contradiction: p[this.labels.contradiction], neutral: p[this.labels.neutral] };
      });
    }
    return out;
  }
}

function labelsOf(pipe: TextClassificationPipeline): Record<string, string> | undefined {
  return (pipe.model.config as unknown as { id2label?: Record<string, string> }).id2label;
}

async function pairLogits(pipe: TextClassificationPipeline, pairs: NLIPair[], entry: CatalogEntry): Promise<number[][]> {
  const tokenizer = pipe.tokenizer as unknown as (
    text: string[],
    o: { text_pair: string[]; padding: boolean; truncation: boolean; max_length?: number },
  ) => Record<string, unknown>;
  const inputs = tokenizer(
    pairs.map((p) => p.premise),
    { text_pair: pairs.map((p) => p.hypothesis), padding: true, truncation: true, max_length: entry.maxTokens },
  );
  const { logits } = (await (pipe.model as unknown as (i: Record<string, unknown>) => Promise<{ logits: { dims: number[]; data: ArrayLike<number> } }>)(
    inputs,
  )) as { logits: { dims: number[]; data: ArrayLike<number> } };
  const [rows, n] = logits.dims;
  if (rows !== pairs.length) throw new ModelLoadError(`${entry.id} returned ${rows} rows of logits for ${pairs.length} pairs.`);
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(softmaxRow(logits.data, r * n, n));
  return out;
}

async function warmUpNli(pipe: TextClassificationPipeline, entry: CatalogEntry): Promise<void> {
  nliLabelIndex(labelsOf(pipe), entry.id);
  const [p] = await pairLogits(pipe, [{ premise: 'warm up', hypothesis: 'warm up' }], entry);
  if (p.length < 3) throw new ModelLoadError(`${entry.id} gives ${p.length} logits per pair; NLI needs 3.`);
}

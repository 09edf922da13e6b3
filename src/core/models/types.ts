// Interfaces of the neural models (sentence embeddings and NLI). The
// transformers.js runner implements them in a worker or in Node; the worker
// client implements them again by messaging; tests use small doubles.

/** Where a model runs. Browsers: webgpu or wasm. Node: cpu. */
export type ModelDevice = 'webgpu' | 'wasm' | 'cpu';
/** Weight precision, i.e. which ONNX file of the model is loaded. */
export type ModelDtype = 'fp32' | 'fp16' | 'q8';

/** Which side of an asymmetric retrieval model a text is on (e5 prefixes). */
export type EmbedKind = 'query' | 'passage';

export interface EmbedOptions {
  /** Texts per model call (default 16). */
  batchSize?: number;
  /** Adds the model's prefix for this side ("query: " / "passage: " for e5); none by default. */
  kind?: EmbedKind;
  signal?: AbortSignal;
  /** Called after each batch with the number of texts embedded so far. */
  onProgress?: (done: number, total: number) => void;
}

/** Turns texts into L2-normalised vectors (cosine similarity = dot product). */
export interface Embedder {
  /** Model id, e.g. "Xenova/all-MiniLM-L6-v2". Goes into vector-index keys. */
  readonly id: string;
  readonly dim: number;
  /** One vector of length `dim` per text, in order, each of norm 1. */
  embed(texts: string[], options?: EmbedOptions): Promise<Float32Array[]>;
}

export interface NLIPair {
  /** The evidence (sentence or passage). */
  premise: string;
  /** The claim. */
  hypothesis: string;
}

/** Probabilities of the three NLI labels (they sum to 1). */
export interface NLIScores {
  entailment: number;
  contradiction: number;
  neutral: number;
}

export interface ClassifyOptions {
  /** Pairs per model call (default 8). */
  batchSize?: number;
  signal?: AbortSignal;
}

/** Natural-language-inference classifier over premise/hypothesis pairs. */
export interface NLIModel {
  readonly id: string;
  classify(pairs: NLIPair[], options?: ClassifyOptions): Promise<NLIScores[]>;
}

/** Where and how a model was loaded. */
export interface ModelPlacement {
  device: ModelDevice;
  dtype: ModelDtype;
}

/**
 * Loading and running events for the UI: download progress, the placement
 * finally used, and fallbacks (e.g. WebGPU failed, running on WASM instead).
 */
export type ModelEvent =
  | { type: 'download'; model: string; file: string; loaded: number; total: number }
  | { type: 'downloaded'; model: string; file: string }
  | { type: 'ready'; model: string; placement: ModelPlacement; ms: number }
  | { type: 'fallback'; model: string; from: ModelPlacement; to: ModelPlacement; reason: string };

/** What the environment offers, found by the settings module of each entry point. */
export interface RuntimeCapabilities {
  runtime: 'browser' | 'node';
  /** A WebGPU adapter was found. */
  webgpu: boolean;
  /** The adapter has the shader-f16 feature (SwiftShader does not). */
  shaderF16: boolean;
}

/** Where the model worker in a browser takes its model files from (sent to it before anything else). */
export interface BrowserModelSettings {
  /**
   * 'mirror' (default): model files come from the app's own model folder
   * (`modelPath`), filled by `npm run models:mirror`. 'hub': from the model
   * hub at `hubUrl` (Hugging Face by default), never from the app's folder.
   */
  source?: 'mirror' | 'hub';
  /** URL path of the model folder (default "/models/", relative to the app's base). */
  modelPath?: string;
  /** The hub to download from when `source` is 'hub'. */
  hubUrl?: string;
  /** Keep model files in the Cache API so the app works offline after the first load (default true). */
  useBrowserCache?: boolean;
  /**
   * ONNX Runtime's WASM threads. Default: ONNX Runtime's own (half the cores,
   * at most 4) when the app is cross-origin isolated, else 1.
   */
  numThreads?: number;
}

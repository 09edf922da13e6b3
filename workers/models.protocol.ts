// Messages between the UI (or any page) and the model worker. Requests carry
// an id; the worker answers each with exactly one `result` or `error`, and
// may send `event` (download progress, ready) and `progress` before it.
import type { ErrorPayload } from '../src/core/errors.ts';
import type { EmbedKind, ModelEvent, ModelPlacement, NLIPair, NLIScores, RuntimeCapabilities } from '../src/core/models/types.ts';
import type { BrowserModelSettings } from '../src/core/models/types.ts';

export type ModelsRequest =
  | { id: number; kind: 'capabilities' }
  /** Where model files come from (the app's mirror or the hub); sent first to every fresh worker. */
  | { id: number; kind: 'configure'; settings: BrowserModelSettings }
  /**
   * Loads a model on exactly this placement. The client walks the load plan
   * (WebGPU → WASM) itself and restarts the worker between attempts.
   */
  | { id: number; kind: 'load'; task: 'embed' | 'nli'; model: string; placement: ModelPlacement }
  | { id: number; kind: 'embed'; handle: number; texts: string[]; batchSize?: number; embedKind?: EmbedKind }
  | { id: number; kind: 'classify'; handle: number; pairs: NLIPair[]; batchSize?: number }
  | { id: number; kind: 'unload'; handle: number }
  /** Stops request `target` between batches (it then fails with AbortedError). */
  | { id: number; kind: 'cancel'; target: number };

export interface LoadedModelInfo {
  handle: number;
  model: string;
  placement: ModelPlacement;
  /** Embedders only. */
  dim?: number;
}

/** Embeddings travel as one transferred buffer of n × dim floats. */
export interface EmbedResult {
  dim: number;
  data: Float32Array;
}

export type ModelsResult = RuntimeCapabilities | LoadedModelInfo | EmbedResult | NLIScores[] | null;

export type ModelsResponse =
  | { id: number; kind: 'result'; value: ModelsResult }
  | { id: number; kind: 'error'; error: ErrorPayload }
  /** Events of a loaded model (`handle`) or of a load in progress (`id`). */
  | { id: number; kind: 'event'; handle?: number; event: ModelEvent }
  | { id: number; kind: 'progress'; done: number; total: number };

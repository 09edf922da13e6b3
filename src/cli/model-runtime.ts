// Node entry point for the neural models (CLI, tests, benchmarks): model files
// come from public/models/ on disk (the same folder the app serves as
// /models/), and run on onnxruntime-node's CPU backend.
import { fileURLToPath } from 'node:url';
import { catalogEntry, type PlacementPreference } from '../core/models/catalog.ts';
import { configureTransformers } from '../app/models/transformers-env.ts';
import { TransformersEmbedder, TransformersNLIModel } from '../app/models/transformers-runner.ts';
import type { ModelEvent, RuntimeCapabilities } from '../core/models/types.ts';

export const DEFAULT_MODELS_DIR = fileURLToPath(new URL('../../public/models/', import.meta.url));

export const NODE_CAPABILITIES: RuntimeCapabilities = { runtime: 'node', webgpu: false, shaderF16: false };

export interface NodeModelOptions {
  /** Folder with one sub-folder per model id (default: public/models/). */
  modelsDir?: string;
  prefer?: PlacementPreference;
  onEvent?: (e: ModelEvent) => void;
}

function configure(modelsDir: string | undefined): void {
  configureTransformers({ localModelPath: modelsDir ?? DEFAULT_MODELS_DIR, allowRemoteModels: false });
}

export async function loadNodeEmbedder(id: string, opts: NodeModelOptions = {}): Promise<TransformersEmbedder> {
  configure(opts.modelsDir);
  return TransformersEmbedder.load({ entry: catalogEntry(id), caps: NODE_CAPABILITIES, prefer: opts.prefer, onEvent: opts.onEvent });
}

export async function loadNodeNLIModel(id: string, opts: NodeModelOptions = {}): Promise<TransformersNLIModel> {
  configure(opts.modelsDir);
  return TransformersNLIModel.load({ entry: catalogEntry(id), caps: NODE_CAPABILITIES, prefer: opts.prefer, onEvent: opts.onEvent });
}

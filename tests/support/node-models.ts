// The model runtime the checker uses, on onnxruntime-node: the same runners
// as the model worker, in-process. For Node tests of semantic search.
import { loadNodeEmbedder, loadNodeNLIModel, NODE_CAPABILITIES } from '../../src/cli/model-runtime.ts';
import type { ModelRuntime, ModelRuntimeFactory } from '../../src/app/semantic-service.ts';
import type { SemanticSettings } from '../../src/core/models/settings.ts';

export interface NodeModelsLog {
  /** Settings each runtime was created with. */
  runtimes: SemanticSettings[];
  loads: { id: string; dtype?: string; device?: string }[];
  terminated: number;
}

export function nodeModels(log: NodeModelsLog = { runtimes: [], loads: [], terminated: 0 }): ModelRuntimeFactory & { log: NodeModelsLog } {
  const factory = ((settings: SemanticSettings): ModelRuntime => {
    log.runtimes.push({ ...settings });
    return {
      capabilities: async () => NODE_CAPABILITIES,
      loadEmbedder: (id, o) => {
        log.loads.push({ id, dtype: o.prefer?.dtype, device: o.prefer?.device });
        return loadNodeEmbedder(id, { prefer: o.prefer, onEvent: o.onEvent });
      },
      loadNLIModel: (id, o) => {
        log.loads.push({ id, dtype: o.prefer?.dtype, device: o.prefer?.device });
        return loadNodeNLIModel(id, { prefer: o.prefer, onEvent: o.onEvent });
      },
      terminate: () => {
        log.terminated++;
      },
    };
  }) as unknown as ModelRuntimeFactory & { log: NodeModelsLog };
  factory.log = log;
  return factory;
}

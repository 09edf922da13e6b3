// Words for devices, precisions and job states in Settings → Models and the Check view.
import type { ModelPlacement } from '../core/models/types.ts';
import type { CorpusEmbedding } from '../core/checker.ts';

const DEVICE: Record<ModelPlacement['device'], string> = { webgpu: 'WebGPU (GPU)', wasm: 'WASM (CPU)', cpu: 'CPU' };
const DTYPE: Record<ModelPlacement['dtype'], string> = { fp32: '32-bit float', fp16: '16-bit float', q8: '8-bit quantized' };

export function placementText(p: ModelPlacement): string {
  return `${DEVICE[p.device]}, ${p.dtype} (${DTYPE[p.dtype]})`;
}

/** "webgpu/fp32" as stored in reports → "WebGPU (GPU), fp32". */
export function placementShort(s: string | undefined): string {
  if (!s) return '';
  const [device, dtype] = s.split('/') as [ModelPlacement['device'], string];
  return `${DEVICE[device] ?? device}, ${dtype}`;
}

export const JOB_STATE: Record<CorpusEmbedding['state'], string> = {
  none: 'Not embedded',
  queued: 'Waiting',
  running: 'Embedding',
  paused: 'Paused',
  done: 'Embedded',
  failed: 'Stopped by an error',
};

/// <reference lib="webworker" />
// The app's model worker plus one test-only message that destroys ONNX
// Runtime's WebGPU device, the way a driver reset or a lost GPU would.
import '../../../workers/models.worker.ts';
import { env } from '@huggingface/transformers';

declare const self: DedicatedWorkerGlobalScope;

const appHandler = self.onmessage;
self.onmessage = async (ev: MessageEvent) => {
  if (ev.data?.kind !== 'test:destroy-gpu-device') {
    appHandler?.call(self, ev);
    return;
  }
  const webgpu = (env.backends.onnx as { webgpu?: { device?: GPUDevice | Promise<GPUDevice> } }).webgpu;
  const device = await webgpu?.device;
  device?.destroy();
  self.postMessage({ kind: 'test:destroyed', destroyed: !!device });
};

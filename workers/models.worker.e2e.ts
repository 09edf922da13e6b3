/// <reference lib="webworker" />
// TEST-ONLY twin of models.worker.ts, started only by the e2e build's checker
// worker (checker.worker.e2e.ts): the same model worker, plus the test hook
// that arrives as its first message — WebGPU adapters are found, but no
// device can be created on them (a GPU whose driver is broken).
import { isTestHooksMessage } from '../src/testing/test-hooks.ts';
import './models.worker.ts';

declare const self: DedicatedWorkerGlobalScope;

function breakWebGpu(): void {
  const adapter = (globalThis as unknown as { GPUAdapter?: { prototype: { requestDevice: unknown } } }).GPUAdapter;
  if (!adapter) return;
  adapter.prototype.requestDevice = () => Promise.reject(new Error('Simulated WebGPU failure: no device could be created (test hook).'));
}

const production = self.onmessage;
self.onmessage = function (this: DedicatedWorkerGlobalScope, ev: MessageEvent) {
  if (isTestHooksMessage(ev.data)) {
    if (ev.data.hooks.webgpuFails) breakWebGpu();
    return;
  }
  production?.call(this, ev);
};

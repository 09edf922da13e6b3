import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  ContextWindowExceededError,
  DeviceLostError,
  EngineError,
  EngineNotLoadedError,
  fromErrorPayload,
  IncompleteModelCacheError,
  ModelDownloadError,
  ModelNotFoundError,
  OutOfMemoryError,
  ShaderF16SupportError,
  StorageQuotaError,
  StreamInterruptedError,
  toErrorPayload,
  WebGPUNotAvailableError,
} from '../../../src/core/errors.ts';
import { downloadFailureWithCache, mapWebLLMError, parseEngineError } from '../../../src/core/engine/webllm-errors.ts';

// Strings as WebWorkerMLCEngine rejects with them (err.toString() in the worker).
const CASES: Array<[string, new (...a: never[]) => Error]> = [
  ['DeviceLostError: The WebGPU device was lost while loading the model. This issue often occurs due to running out of memory (OOM).', DeviceLostError],
  ['ShaderF16SupportError: This model requires WebGPU extension shader-f16, which is not enabled in this browser.', ShaderF16SupportError],
  ['FeatureSupportError: This model requires feature shader-f16, which is not yet supported by this browser.', ShaderF16SupportError],
  ['WebGPUNotAvailableError: WebGPU is not supported in your current environment', WebGPUNotAvailableError],
  ['ModelNotFoundError: Cannot find model record in appConfig for Qwen9-1B-MLC.', ModelNotFoundError],
  ['ContextWindowSizeExceededError: Prompt tokens exceed context window size: number of prompt tokens: 5000; context window size: 4096', ContextWindowExceededError],
  ['WorkerEngineModelNotLoadedError: WebWorkerMLCEngine is not loaded with a model.', EngineNotLoadedError],
  ['Error: Failed to store https://huggingface.co/mlc-ai/Qwen3-0.6B-q4f16_1-MLC/resolve/main/params_shard_3.bin with error: TypeError: Failed to fetch', ModelDownloadError],
  ['TypeError: NetworkError when attempting to fetch resource.', ModelDownloadError],
  ['Error: ArtifactOPFSCache: Unable to fetch https://x/resolve/main/mlc-chat-config.json, received status 404', ModelNotFoundError],
  ['RangeError: Array buffer allocation failed', OutOfMemoryError],
  ['Error: Cannot initialize runtime because of requested maxBufferSize exceeds limit. requested=256MB, limit=128MB.', WebGPUNotAvailableError],
  ['QuotaExceededError: The quota has been exceeded.', StorageQuotaError],
  ['IntegrityError: Integrity check failed for https://x/params_shard_0.bin', ModelDownloadError],
  ['AbortError: The user aborted a request.', AbortedError],
  ['Error: Device was lost. This can happen due to insufficient memory', DeviceLostError],
];

describe('mapWebLLMError', () => {
  for (const [text, cls] of CASES) {
    it(`${text.slice(0, 60)}… → ${cls.name}`, () => {
      expect(mapWebLLMError(text)).toBeInstanceOf(cls);
      // The same failure as an Error object (in-worker) maps the same way.
      const p = parseEngineError(text);
      const e = new Error(p.message);
      e.name = p.name;
      expect(mapWebLLMError(e)).toBeInstanceOf(cls);
    });
  }

  it('keeps the engine text for failures it does not know', () => {
    const e = mapWebLLMError('GrammarMatcherInitError: Failed to initialize the grammar matcher');
    expect(e).toBeInstanceOf(EngineError);
    expect(e.message).toBe('GrammarMatcherInitError: Failed to initialize the grammar matcher');
  });

  it('parses names at the start of strings and inside rethrown Errors', () => {
    expect(parseEngineError('DeviceLostError: lost')).toEqual({ name: 'DeviceLostError', message: 'lost' });
    expect(parseEngineError(new Error('ShaderF16SupportError: no f16'))).toEqual({ name: 'ShaderF16SupportError', message: 'no f16' });
    expect(parseEngineError('plain text')).toEqual({ name: 'Error', message: 'plain text' });
  });

  it('gives actionable messages', () => {
    expect(mapWebLLMError('ShaderF16SupportError: x').message).toMatch(/q4f32_1/);
    expect(mapWebLLMError('DeviceLostError: x').message).toMatch(/smaller model|1k context/);
    expect(mapWebLLMError('TypeError: Failed to fetch').message).toMatch(/kept.*resume|resume/i);
  });

  it('turns a download failure with part of the model cached into IncompleteModelCacheError', () => {
    const down = mapWebLLMError('TypeError: Failed to fetch');
    expect(downloadFailureWithCache(down, 3, 5)).toBeInstanceOf(IncompleteModelCacheError);
    expect(downloadFailureWithCache(down, 0, 8)).toBe(down);
  });

  it('engine errors survive the worker boundary by name', () => {
    for (const e of [new DeviceLostError(), new ShaderF16SupportError(), new ModelDownloadError(), new StreamInterruptedError('x', 'partial')]) {
      const back = fromErrorPayload(toErrorPayload(e));
      expect(back).toBeInstanceOf(e.constructor);
      expect(back.message).toBe(e.message);
    }
  });
});

// The handler field that read-ahead replaces is web-llm's, not ours: these
// tests fail when the installed web-llm no longer has it, instead of
// read-ahead silently turning itself off.
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReadAheadUnavailableError, STREAM_MAP_FIELD, createLLMHandler } from '../../../src/app/llm-handler.ts';
import { ReadAheadMap } from '../../../src/core/engine/read-ahead.ts';

const field = (h: object): unknown => (h as Record<string, unknown>)[STREAM_MAP_FIELD];

describe('createLLMHandler', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("finds web-llm's stream map on the stock handler (a Map, empty)", () => {
    const stock = new WebWorkerMLCEngineHandler();
    expect(field(stock)).toBeInstanceOf(Map);
    expect(field(stock)).not.toBeInstanceOf(ReadAheadMap);
    expect((field(stock) as Map<unknown, unknown>).size).toBe(0);
  });

  it('replaces that map with a ReadAheadMap', () => {
    const handler = createLLMHandler();
    expect(handler).toBeInstanceOf(WebWorkerMLCEngineHandler);
    expect(field(handler)).toBeInstanceOf(ReadAheadMap);
  });

  it('throws ReadAheadUnavailableError when the field is missing', () => {
    // What a web-llm release that renamed the field would look like: the stock
    // constructor no longer leaves a Map under the old name.
    const original = Object.getOwnPropertyDescriptor(WebWorkerMLCEngineHandler.prototype, STREAM_MAP_FIELD);
    expect(original).toBeUndefined(); // an instance field, set in the constructor
    Object.defineProperty(WebWorkerMLCEngineHandler.prototype, STREAM_MAP_FIELD, {
      configurable: true,
      set() {}, // the stock constructor's assignment goes nowhere
      get: () => undefined,
    });
    try {
      expect(() => createLLMHandler()).toThrow(ReadAheadUnavailableError);
      expect(() => createLLMHandler()).toThrow(/streamIdToAsyncGenerator.*web-llm version/);
    } finally {
      delete (WebWorkerMLCEngineHandler.prototype as unknown as Record<string, unknown>)[STREAM_MAP_FIELD];
    }
    expect(field(createLLMHandler())).toBeInstanceOf(ReadAheadMap);
  });
});

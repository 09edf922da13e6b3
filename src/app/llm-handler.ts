// web-llm's WebWorkerMLCEngineHandler as every LLM worker (real, fake,
// Node stand-ins) runs it: the stock handler, with its stream map replaced
// so each token stream reads a few chunks ahead (see read-ahead.ts).
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';
import { ReadAheadMap } from '../core/engine/read-ahead.ts';

export function createLLMHandler(): WebWorkerMLCEngineHandler {
  const handler = new WebWorkerMLCEngineHandler();
  (handler as unknown as { streamIdToAsyncGenerator: Map<string, AsyncIterableIterator<unknown>> }).streamIdToAsyncGenerator =
    new ReadAheadMap<string, unknown>();
  return handler;
}

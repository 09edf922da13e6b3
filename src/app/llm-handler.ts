// web-llm's WebWorkerMLCEngineHandler as every LLM worker (real, fake,
// Node stand-ins) runs it: the stock handler, with its stream map replaced
// so each token stream reads a few chunks ahead (see read-ahead.ts).
//
// The map is web-llm's protected field `streamIdToAsyncGenerator` (0.2.86,
// pinned exactly in package.json). A subclass may assign it, so a rename in
// a web-llm release fails the type check here; and in case the declaration
// and the bundle ever disagree, the constructor checks at run time that the
// field is a Map before replacing it and throws ReadAheadUnavailableError
// otherwise: read-ahead never turns itself off silently.
// tests/unit/engine/llm-handler.test.ts checks both on the installed web-llm.
import { WebWorkerMLCEngineHandler, type ChatCompletionChunk, type Completion } from '@mlc-ai/web-llm';
import { ReadAheadUnavailableError } from '../core/errors.ts';
import { ReadAheadMap } from '../core/engine/read-ahead.ts';

export { ReadAheadUnavailableError };

/** The name of the handler field that read-ahead replaces. */
export const STREAM_MAP_FIELD = 'streamIdToAsyncGenerator';

export class ReadAheadLLMHandler extends WebWorkerMLCEngineHandler {
  constructor() {
    super();
    const current: unknown = (this as unknown as Record<string, unknown>)[STREAM_MAP_FIELD];
    if (!(current instanceof Map)) {
      throw new ReadAheadUnavailableError(
        `web-llm's WebWorkerMLCEngineHandler has no Map in "${STREAM_MAP_FIELD}" (found ${current === undefined ? 'nothing' : typeof current}); ` +
          'token read-ahead cannot be installed. Check the @mlc-ai/web-llm version (0.2.86 is the one ClaimLens is built for).',
      );
    }
    this.streamIdToAsyncGenerator = new ReadAheadMap<string, ChatCompletionChunk | Completion>();
  }
}

export function createLLMHandler(): WebWorkerMLCEngineHandler {
  return new ReadAheadLLMHandler();
}

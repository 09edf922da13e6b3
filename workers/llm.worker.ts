// The LLM worker: web-llm's own worker handler around its MLCEngine (WebGPU),
// reading each token stream a few chunks ahead (llm-handler.ts).
// The UI side is web-llm's WebWorkerMLCEngine, created by
// CreateWebWorkerMLCEngine in src/lib/webllm-engine.ts. This worker and that
// dynamic import are the only places web-llm's code (~6 MB) is loaded.
import { createLLMHandler } from '../src/app/llm-handler.ts';

const handler = createLLMHandler();
self.onmessage = (event: MessageEvent) => handler.onmessage(event);

// The LLM worker: web-llm's own worker handler around its MLCEngine (WebGPU).
// The UI side is web-llm's WebWorkerMLCEngine, created by
// CreateWebWorkerMLCEngine in src/lib/webllm-engine.ts. This worker and that
// dynamic import are the only places web-llm's code (~6 MB) is loaded.
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';

const handler = new WebWorkerMLCEngineHandler();
self.onmessage = (event: MessageEvent) => handler.onmessage(event);

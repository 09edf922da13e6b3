// TEST-ONLY twin of llm.worker.ts: the same web-llm WebWorkerMLCEngineHandler
// (same messages, same client), with its MLCEngine swapped for the scripted
// FakeMLCEngine. Load a model id `fake:{json script}` (src/testing/fake-engine.ts).
import { createLLMHandler } from '../src/app/llm-handler.ts';
import { installFakeEngine } from '../src/testing/fake-mlc.ts';

const handler = createLLMHandler();
installFakeEngine(handler);
self.onmessage = (event: MessageEvent) => handler.onmessage(event);

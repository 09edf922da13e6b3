// TEST-ONLY twin of llm.worker.ts: the same web-llm WebWorkerMLCEngineHandler
// (same messages, same client), with its MLCEngine swapped for the scripted
// FakeMLCEngine. Load a model id `fake:{json script}` (src/core/engine/fake.ts).
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';
import { installFakeEngine } from '../src/core/engine/fake-mlc.ts';

const handler = new WebWorkerMLCEngineHandler();
installFakeEngine(handler);
self.onmessage = (event: MessageEvent) => handler.onmessage(event);
